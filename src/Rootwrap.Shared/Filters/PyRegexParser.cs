using System.Text;

namespace Rootwrap.Filters;

/// <summary>Python's <c>re.error</c>: the pattern does not compile under Python 3.11.</summary>
internal sealed class PyRegexError(string message) : Exception(message);

/// <summary>Python compiles the pattern, but we don't translate it: the filter denies, the safe side.</summary>
internal sealed class PyRegexUnsupported(string message) : Exception(message);

// The parsed pattern, as re._parser's opcodes. A list of nodes is one of its SubPatterns.
internal abstract class PyNode;

/// <summary>LITERAL, or NOT_LITERAL when <see cref="Negated"/>.</summary>
internal sealed class PyLiteral(int cp, bool negated) : PyNode
{
    public int Cp { get; } = cp;
    public bool Negated { get; } = negated;
}

/// <summary>ANY: <c>.</c>.</summary>
internal sealed class PyAny : PyNode;

internal enum PySetItemKind { Literal, Range, Category }

internal readonly record struct PySetItem(PySetItemKind Kind, int Lo, int Hi, PyCharClasses.Category Category)
{
    public static PySetItem Lit(int c) => new(PySetItemKind.Literal, c, c, default);
    public static PySetItem Cat(PyCharClasses.Category c) => new(PySetItemKind.Category, 0, 0, c);
}

/// <summary>IN: a class, <c>\d</c> and friends, or alternatives of single characters.</summary>
internal sealed class PyIn(List<PySetItem> items, bool negate) : PyNode
{
    public List<PySetItem> Items { get; } = items;
    public bool Negate { get; } = negate;
}

internal sealed class PyBranch(List<List<PyNode>> alternatives) : PyNode
{
    public List<List<PyNode>> Alternatives { get; } = alternatives;
}

/// <summary>SUBPATTERN: a group (<see cref="Group"/> 0 when it captures nothing), with its scoped flags.</summary>
internal sealed class PyGroup(int group, int addFlags, int delFlags, List<PyNode> body) : PyNode
{
    public int Group { get; } = group;
    public int AddFlags { get; } = addFlags;
    public int DelFlags { get; } = delFlags;
    public List<PyNode> Body { get; } = body;
}

internal sealed class PyAtomic(List<PyNode> body) : PyNode
{
    public List<PyNode> Body { get; } = body;
}

internal enum PyRepeatKind { Greedy, Lazy, Possessive }

internal sealed class PyRepeat(long min, long max, PyRepeatKind kind, List<PyNode> body) : PyNode
{
    public long Min { get; } = min;
    /// <summary><see cref="PyRegexParser.MaxRepeat"/> for no upper bound.</summary>
    public long Max { get; } = max;
    public PyRepeatKind Kind { get; } = kind;
    public List<PyNode> Body { get; } = body;
}

internal enum PyAtKind { Beginning, BeginningString, End, EndString, Boundary, NonBoundary }

internal sealed class PyAt(PyAtKind kind) : PyNode
{
    public PyAtKind Kind { get; } = kind;
}

internal sealed class PyGroupRef(int group) : PyNode
{
    public int Group { get; } = group;
}

internal sealed class PyAssert(bool behind, bool negative, List<PyNode> body) : PyNode
{
    public bool Behind { get; } = behind;
    public bool Negative { get; } = negative;
    public List<PyNode> Body { get; } = body;
}

/// <summary>
/// Python 3.11's <c>re._parser</c>, ported rule for rule for str patterns: the same errors
/// (a pattern Python rejects is rejected here: H1 then denies), the same tree, including the
/// parser's rewrites that change what <c>(?i)</c> matches (<c>[a]</c> is a literal, <c>a|b</c>
/// a class). What Python accepts but we don't translate throws <see cref="PyRegexUnsupported"/>:
/// <c>\N{...}</c> (Unicode names), non-ASCII group names, conditionals <c>(?(1)a|b)</c>, the
/// deprecated <c>(?t)</c>, repeat counts .NET can't hold.
/// </summary>
internal sealed class PyRegexParser
{
    public const int FlagTemplate = 1, FlagIgnoreCase = 2, FlagLocale = 4, FlagMultiline = 8, FlagDotAll = 16,
        FlagUnicode = 32, FlagVerbose = 64, FlagAscii = 256;
    private const int TypeFlags = FlagAscii | FlagLocale | FlagUnicode;
    private const int GlobalFlags = FlagTemplate; // DEBUG can't be written inline
    public const long MaxRepeat = 4294967295;
    private const int MaxGroups = 1073741823;

    /// <summary>The parsed pattern.</summary>
    public sealed record Result(List<PyNode> Root, int Flags);

    // ---- tokenizer: code points; an escape is one token, Escaped | the escaped code point ----

    private const int End = -1;
    private const int Escaped = 0x1000000;
    private readonly int[] _s;
    private int _index;
    private int _next;
    private int _nextStart;

    // ---- state ----
    private int _flags;
    private readonly Dictionary<string, int> _groupDict = new(StringComparer.Ordinal);
    private readonly List<(long Lo, long Hi)?> _groupWidths = [null];
    private int? _lookbehindGroups;

    private int Groups => _groupWidths.Count;

    private PyRegexParser(string pattern)
    {
        var cps = new List<int>(pattern.Length);
        for (int i = 0; i < pattern.Length; i++)
        {
            char c = pattern[i];
            if (char.IsHighSurrogate(c) && i + 1 < pattern.Length && char.IsLowSurrogate(pattern[i + 1]))
            {
                cps.Add(char.ConvertToUtf32(c, pattern[i + 1]));
                i++;
            }
            else cps.Add(c);
        }
        _s = [.. cps];
        Advance();
    }

    /// <summary>re.compile's parse step. Throws <see cref="PyRegexError"/> or <see cref="PyRegexUnsupported"/>.</summary>
    public static Result Parse(string pattern)
    {
        var p = new PyRegexParser(pattern);
        var root = p.ParseSub(verbose: false, nested: 0);
        int flags = FixFlags(p._flags);
        if (p._next != End) throw new PyRegexError("unbalanced parenthesis");
        if ((flags & FlagTemplate) != 0) throw new PyRegexUnsupported("the deprecated TEMPLATE flag");
        return new Result(root, flags);
    }

    private static int FixFlags(int flags)
    {
        if ((flags & FlagLocale) != 0) throw new PyRegexError("cannot use LOCALE flag with a str pattern");
        if ((flags & FlagAscii) == 0) return flags | FlagUnicode;
        if ((flags & FlagUnicode) != 0) throw new PyRegexError("ASCII and UNICODE flags are incompatible");
        return flags;
    }

    private void Advance()
    {
        _nextStart = _index;
        if (_index >= _s.Length) { _next = End; return; }
        int c = _s[_index];
        if (c == '\\')
        {
            if (_index + 1 >= _s.Length) throw new PyRegexError("bad escape (end of pattern)");
            _next = Escaped | _s[_index + 1];
            _index += 2;
            return;
        }
        _next = c;
        _index++;
    }

    private bool Match(int c)
    {
        if (_next == c) { Advance(); return true; }
        return false;
    }

    private int Get()
    {
        int t = _next;
        Advance();
        return t;
    }

    private int Tell() => _nextStart;

    private void Seek(int index)
    {
        _index = index;
        Advance();
    }

    private static bool IsDigit(int t) => t is >= '0' and <= '9';
    private static bool IsOctDigit(int t) => t is >= '0' and <= '7';
    private static bool IsHexDigit(int t) => t is >= '0' and <= '9' or >= 'a' and <= 'f' or >= 'A' and <= 'F';
    private static bool IsAsciiLetter(int c) => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z';

    private string GetWhile(int n, Func<int, bool> inSet)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < n; i++)
        {
            if (_next == End || (_next & Escaped) != 0 || !inSet(_next)) break;
            sb.Append((char)_next);
            Advance();
        }
        return sb.ToString();
    }

    private string GetUntil(int terminator, string name)
    {
        var sb = new StringBuilder();
        while (true)
        {
            int c = _next;
            Advance();
            if (c == End)
                throw new PyRegexError(sb.Length == 0 ? "missing " + name : $"missing {(char)terminator}, unterminated name");
            if (c == terminator)
            {
                if (sb.Length == 0) throw new PyRegexError("missing " + name);
                break;
            }
            if ((c & Escaped) != 0) sb.Append('\\').Append(char.ConvertFromUtf32(c & ~Escaped));
            else if (c <= 0xFFFF) sb.Append((char)c);
            else sb.Append(char.ConvertFromUtf32(c));
        }
        return sb.ToString();
    }

    /// <summary>str.isidentifier() for ASCII names; a non-ASCII name is not translated.</summary>
    private static void CheckGroupName(string name)
    {
        foreach (var ch in name)
            if (ch >= 0x80) throw new PyRegexUnsupported("a non-ASCII group name");
        bool ok = name.Length > 0 && (IsAsciiLetter(name[0]) || name[0] == '_');
        for (int i = 1; ok && i < name.Length; i++) ok = IsAsciiLetter(name[i]) || IsDigit(name[i]) || name[i] == '_';
        if (!ok) throw new PyRegexError($"bad character in group name '{name}'");
    }

    private int OpenGroup(string? name)
    {
        int gid = Groups;
        _groupWidths.Add(null);
        if (Groups > MaxGroups) throw new PyRegexError("too many groups");
        if (name is not null)
        {
            if (_groupDict.ContainsKey(name)) throw new PyRegexError($"redefinition of group name '{name}'");
            _groupDict[name] = gid;
        }
        return gid;
    }

    private bool CheckGroup(int gid) => gid < Groups && _groupWidths[gid] is not null;

    private void CheckLookbehindGroup(int gid)
    {
        if (_lookbehindGroups is { } lb)
        {
            if (!CheckGroup(gid)) throw new PyRegexError("cannot refer to an open group");
            if (gid >= lb) throw new PyRegexError("cannot refer to group defined in the same lookbehind subpattern");
        }
    }

    // ---- escapes ----

    private static readonly Dictionary<int, int> Escapes = new()
    {
        ['a'] = 7, ['b'] = 8, ['f'] = 12, ['n'] = 10, ['r'] = 13, ['t'] = 9, ['v'] = 11, ['\\'] = '\\',
    };

    private static PyCharClasses.Category? CategoryOf(int c) => c switch
    {
        'd' => PyCharClasses.Category.Digit,
        'D' => PyCharClasses.Category.NotDigit,
        's' => PyCharClasses.Category.Space,
        'S' => PyCharClasses.Category.NotSpace,
        'w' => PyCharClasses.Category.Word,
        'W' => PyCharClasses.Category.NotWord,
        _ => null,
    };

    /// <summary>The \x, \u, \U escapes (the same in and out of a class); null for other escapes.</summary>
    private int? HexEscape(int c)
    {
        int digits = c switch { 'x' => 2, 'u' => 4, 'U' => 8, _ => 0 };
        if (digits == 0) return null;
        var hex = GetWhile(digits, IsHexDigit);
        if (hex.Length != digits) throw new PyRegexError($"incomplete escape \\{(char)c}{hex}");
        long v = Convert.ToInt64(hex, 16);
        if (v > CodePointSet.MaxCodePoint) throw new PyRegexError($"bad escape \\{(char)c}{hex}");
        return (int)v;
    }

    /// <summary>_class_escape: a literal, or a category (as a single set item).</summary>
    private PySetItem ClassEscape(int esc)
    {
        int c = esc & ~Escaped;
        if (Escapes.TryGetValue(c, out var lit)) return PySetItem.Lit(lit);
        if (CategoryOf(c) is { } cat) return PySetItem.Cat(cat);
        if (HexEscape(c) is { } h) return PySetItem.Lit(h);
        if (c == 'N') throw new PyRegexUnsupported("\\N{...}");
        if (IsOctDigit(c))
        {
            var digits = (char)c + GetWhile(2, IsOctDigit);
            int v = Convert.ToInt32(digits, 8);
            if (v > 0xFF) throw new PyRegexError($"octal escape value \\{digits} outside of range 0-0o377");
            return PySetItem.Lit(v);
        }
        if (IsDigit(c) || IsAsciiLetter(c)) throw new PyRegexError($"bad escape \\{(char)c}");
        return PySetItem.Lit(c);
    }

    /// <summary>_escape: an escape outside a class.</summary>
    private PyNode Escape(int esc)
    {
        int c = esc & ~Escaped;
        switch (c)
        {
            case 'A': return new PyAt(PyAtKind.BeginningString);
            case 'Z': return new PyAt(PyAtKind.EndString);
            case 'b': return new PyAt(PyAtKind.Boundary);
            case 'B': return new PyAt(PyAtKind.NonBoundary);
        }
        if (CategoryOf(c) is { } cat) return new PyIn([PySetItem.Cat(cat)], false);
        if (Escapes.TryGetValue(c, out var lit)) return new PyLiteral(lit, false);
        if (HexEscape(c) is { } h) return new PyLiteral(h, false);
        if (c == 'N') throw new PyRegexUnsupported("\\N{...}");
        if (c == '0')
        {
            var digits = "0" + GetWhile(2, IsOctDigit);
            return new PyLiteral(Convert.ToInt32(digits, 8), false);
        }
        if (IsDigit(c))
        {
            // An octal escape or a group reference (sigh, says Python).
            var digits = ((char)c).ToString();
            if (_next != End && (_next & Escaped) == 0 && IsDigit(_next))
            {
                digits += (char)Get();
                if (IsOctDigit(digits[0]) && IsOctDigit(digits[1]) && _next != End && (_next & Escaped) == 0 && IsOctDigit(_next))
                {
                    digits += (char)Get();
                    int v = Convert.ToInt32(digits, 8);
                    if (v > 0xFF) throw new PyRegexError($"octal escape value \\{digits} outside of range 0-0o377");
                    return new PyLiteral(v, false);
                }
            }
            int group = int.Parse(digits, System.Globalization.CultureInfo.InvariantCulture);
            if (group < Groups)
            {
                if (!CheckGroup(group)) throw new PyRegexError("cannot refer to an open group");
                CheckLookbehindGroup(group);
                return new PyGroupRef(group);
            }
            throw new PyRegexError($"invalid group reference {group}");
        }
        if (IsAsciiLetter(c)) throw new PyRegexError($"bad escape \\{(char)c}");
        return new PyLiteral(c, false);
    }

    // ---- alternation ----

    private List<PyNode> ParseSub(bool verbose, int nested)
    {
        var items = new List<List<PyNode>>();
        while (true)
        {
            items.Add(ParseSeq(verbose, nested + 1, nested == 0 && items.Count == 0));
            if (!Match('|')) break;
            if (nested == 0) verbose = (_flags & FlagVerbose) != 0;
        }
        if (items.Count == 1) return items[0];

        var sub = new List<PyNode>();
        // A prefix every alternative shares moves out of the branch.
        while (true)
        {
            PyNode? prefix = null;
            bool all = true;
            foreach (var item in items)
            {
                if (item.Count == 0) { all = false; break; }
                if (prefix is null) prefix = item[0];
                else if (!SameItem(item[0], prefix)) { all = false; break; }
            }
            if (!all || prefix is null) break;
            foreach (var item in items) item.RemoveAt(0);
            sub.Add(prefix);
        }

        // Alternatives of single characters become one class.
        var set = new List<PySetItem>();
        bool asSet = true;
        foreach (var item in items)
        {
            if (item.Count != 1) { asSet = false; break; }
            if (item[0] is PyLiteral { Negated: false } l) set.Add(PySetItem.Lit(l.Cp));
            else if (item[0] is PyIn { Negate: false } s) set.AddRange(s.Items);
            else { asSet = false; break; }
        }
        if (asSet)
        {
            sub.Add(new PyIn(Uniq(set), false));
            return sub;
        }
        sub.Add(new PyBranch(items));
        return sub;
    }

    /// <summary>Python's tuple equality of two items: by value for characters, classes, anchors and references; never for subpatterns.</summary>
    private static bool SameItem(PyNode a, PyNode b) => (a, b) switch
    {
        (PyLiteral x, PyLiteral y) => x.Cp == y.Cp && x.Negated == y.Negated,
        (PyAny, PyAny) => true,
        (PyIn x, PyIn y) => x.Negate == y.Negate && x.Items.SequenceEqual(y.Items),
        (PyAt x, PyAt y) => x.Kind == y.Kind,
        (PyGroupRef x, PyGroupRef y) => x.Group == y.Group,
        _ => ReferenceEquals(a, b),
    };

    private static List<PySetItem> Uniq(List<PySetItem> items)
    {
        var seen = new HashSet<PySetItem>();
        var r = new List<PySetItem>(items.Count);
        foreach (var i in items) if (seen.Add(i)) r.Add(i);
        return r;
    }

    // ---- one alternative ----

    private const string SpecialChars = ".\\[{()*+?^$|";

    private List<PyNode> ParseSeq(bool verbose, int nested, bool first)
    {
        var sub = new List<PyNode>();
        while (true)
        {
            int t = _next;
            if (t == End) break;
            if (t is '|' or ')') break;
            Get();

            if (verbose)
            {
                if (t is ' ' or '\t' or '\n' or '\r' or '\v' or '\f') continue;
                if (t == '#')
                {
                    while (true)
                    {
                        t = Get();
                        if (t == End || t == '\n') break;
                    }
                    continue;
                }
            }

            if ((t & Escaped) != 0)
            {
                sub.Add(Escape(t));
            }
            else if (t > 0xFFFF || SpecialChars.IndexOf((char)t) < 0)
            {
                sub.Add(new PyLiteral(t, false));
            }
            else if (t == '[')
            {
                sub.Add(ParseClass());
            }
            else if (t is '?' or '*' or '+' or '{')
            {
                int here = Tell();
                long min, max;
                if (t == '?') { min = 0; max = 1; }
                else if (t == '*') { min = 0; max = MaxRepeat; }
                else if (t == '+') { min = 1; max = MaxRepeat; }
                else
                {
                    if (_next == '}') { sub.Add(new PyLiteral('{', false)); continue; }
                    min = 0; max = MaxRepeat;
                    string lo = "", hi = "";
                    while (_next != End && (_next & Escaped) == 0 && IsDigit(_next)) lo += (char)Get();
                    if (Match(','))
                        while (_next != End && (_next & Escaped) == 0 && IsDigit(_next)) hi += (char)Get();
                    else hi = lo;
                    if (!Match('}'))
                    {
                        sub.Add(new PyLiteral('{', false));
                        Seek(here);
                        continue;
                    }
                    if (lo.Length > 0)
                    {
                        min = ParseCount(lo);
                    }
                    if (hi.Length > 0)
                    {
                        max = ParseCount(hi);
                        if (max < min) throw new PyRegexError("min repeat greater than max repeat");
                    }
                }
                var last = sub.Count > 0 ? sub[^1] : null;
                if (last is null or PyAt) throw new PyRegexError("nothing to repeat");
                if (last is PyRepeat) throw new PyRegexError("multiple repeat");
                List<PyNode> item = last is PyGroup { Group: 0, AddFlags: 0, DelFlags: 0 } g ? g.Body : [last];
                var kind = Match('?') ? PyRepeatKind.Lazy : Match('+') ? PyRepeatKind.Possessive : PyRepeatKind.Greedy;
                sub[^1] = new PyRepeat(min, max, kind, item);
            }
            else if (t == '.')
            {
                sub.Add(new PyAny());
            }
            else if (t == '(')
            {
                if (ParseGroup(sub, ref verbose, nested, first) is { } node) sub.Add(node);
            }
            else if (t == '^')
            {
                sub.Add(new PyAt(PyAtKind.Beginning));
            }
            else if (t == '$')
            {
                sub.Add(new PyAt(PyAtKind.End));
            }
            else throw new PyRegexError("unsupported special character");
        }

        // Non-capturing groups without flags dissolve into the sequence.
        for (int i = sub.Count - 1; i >= 0; i--)
        {
            if (sub[i] is PyGroup { Group: 0, AddFlags: 0, DelFlags: 0 } g)
            {
                sub.RemoveAt(i);
                sub.InsertRange(i, g.Body);
            }
        }
        return sub;
    }

    private static long ParseCount(string digits)
    {
        // Python raises OverflowError at MAXREPEAT; .NET can't count past int.MaxValue.
        if (digits.TrimStart('0').Length > 10) throw new PyRegexError("the repetition number is too large");
        long v = long.Parse(digits, System.Globalization.CultureInfo.InvariantCulture);
        if (v >= MaxRepeat) throw new PyRegexError("the repetition number is too large");
        if (v > int.MaxValue) throw new PyRegexUnsupported("a repeat count .NET can't hold");
        return v;
    }

    private PyNode ParseClass()
    {
        var set = new List<PySetItem>();
        bool negate = Match('^');
        while (true)
        {
            int t = Get();
            if (t == End) throw new PyRegexError("unterminated character set");
            if (t == ']' && set.Count > 0) break;
            PySetItem code1 = (t & Escaped) != 0 ? ClassEscape(t) : PySetItem.Lit(t);
            if (Match('-'))
            {
                int that = Get();
                if (that == End) throw new PyRegexError("unterminated character set");
                if (that == ']')
                {
                    set.Add(code1);
                    set.Add(PySetItem.Lit('-'));
                    break;
                }
                PySetItem code2 = (that & Escaped) != 0 ? ClassEscape(that) : PySetItem.Lit(that);
                if (code1.Kind != PySetItemKind.Literal || code2.Kind != PySetItemKind.Literal)
                    throw new PyRegexError("bad character range");
                if (code2.Lo < code1.Lo) throw new PyRegexError("bad character range");
                set.Add(new PySetItem(PySetItemKind.Range, code1.Lo, code2.Lo, default));
            }
            else set.Add(code1);
        }
        set = Uniq(set);
        // [a] is a literal and [^a] a NOT_LITERAL: it matters under IGNORECASE.
        if (set.Count == 1 && set[0].Kind == PySetItemKind.Literal) return new PyLiteral(set[0].Lo, negate);
        return new PyIn(set, negate);
    }

    /// <summary>After '(' : a group, an assertion, a comment or flags (null: nothing to add).</summary>
    private PyNode? ParseGroup(List<PyNode> sub, ref bool verbose, int nested, bool first)
    {
        bool capture = true, atomic = false;
        string? name = null;
        int addFlags = 0, delFlags = 0;
        if (Match('?'))
        {
            int c = Get();
            if (c == End) throw new PyRegexError("unexpected end of pattern");
            if (c == 'P')
            {
                if (Match('<'))
                {
                    name = GetUntil('>', "group name");
                    CheckGroupName(name);
                }
                else if (Match('='))
                {
                    var refName = GetUntil(')', "group name");
                    CheckGroupName(refName);
                    if (!_groupDict.TryGetValue(refName, out var gid)) throw new PyRegexError($"unknown group name '{refName}'");
                    if (!CheckGroup(gid)) throw new PyRegexError("cannot refer to an open group");
                    CheckLookbehindGroup(gid);
                    return new PyGroupRef(gid);
                }
                else
                {
                    int n = Get();
                    if (n == End) throw new PyRegexError("unexpected end of pattern");
                    throw new PyRegexError("unknown extension ?P");
                }
            }
            else if (c == ':')
            {
                capture = false;
            }
            else if (c == '#')
            {
                while (true)
                {
                    if (_next == End) throw new PyRegexError("missing ), unterminated comment");
                    if (Get() == ')') break;
                }
                return null;
            }
            else if (c is '=' or '!' or '<')
            {
                bool behind = false;
                int? outerLookbehind = _lookbehindGroups;
                if (c == '<')
                {
                    c = Get();
                    if (c == End) throw new PyRegexError("unexpected end of pattern");
                    if (c is not ('=' or '!')) throw new PyRegexError("unknown extension ?<");
                    behind = true;
                    if (outerLookbehind is null) _lookbehindGroups = Groups;
                }
                var p = ParseSub(verbose, nested + 1);
                if (behind && outerLookbehind is null) _lookbehindGroups = null;
                if (!Match(')')) throw new PyRegexError("missing ), unterminated subpattern");
                // Python checks this when it compiles; the referenced groups are closed by now.
                if (behind && Width(p) is var (lo, hi) && lo != hi) throw new PyRegexError("look-behind requires fixed-width pattern");
                return new PyAssert(behind, c == '!', p);
            }
            else if (c == '(')
            {
                throw new PyRegexUnsupported("a conditional group");
            }
            else if (c == '>')
            {
                capture = false;
                atomic = true;
            }
            else if (IsFlag(c) || c == '-')
            {
                var flags = ParseFlags(c);
                if (flags is null)
                {
                    // Python 3.11: global flags only at the very start.
                    if (!first || sub.Count > 0) throw new PyRegexError("global flags not at the start of the expression");
                    verbose = (_flags & FlagVerbose) != 0;
                    return null;
                }
                (addFlags, delFlags) = flags.Value;
                capture = false;
            }
            else throw new PyRegexError("unknown extension ?" + char.ConvertFromUtf32(c & ~Escaped));
        }

        int group = capture ? OpenGroup(name) : 0;
        bool subVerbose = (verbose || (addFlags & FlagVerbose) != 0) && (delFlags & FlagVerbose) == 0;
        var body = ParseSub(subVerbose, nested + 1);
        if (!Match(')')) throw new PyRegexError("missing ), unterminated subpattern");
        if (group != 0) _groupWidths[group] = Width(body);
        if (atomic) return new PyAtomic(body);
        return new PyGroup(group, addFlags, delFlags, body);
    }

    private static int FlagOf(int c) => c switch
    {
        'i' => FlagIgnoreCase,
        'L' => FlagLocale,
        'm' => FlagMultiline,
        's' => FlagDotAll,
        'x' => FlagVerbose,
        'a' => FlagAscii,
        't' => FlagTemplate,
        'u' => FlagUnicode,
        _ => 0,
    };

    private static bool IsFlag(int c) => FlagOf(c) != 0;

    /// <summary>_parse_flags: null for global flags (<c>(?i)</c>), else the scoped (add, del) of <c>(?i-m:...)</c>.</summary>
    private (int Add, int Del)? ParseFlags(int c)
    {
        int add = 0, del = 0;
        if (c != '-')
        {
            while (true)
            {
                int flag = FlagOf(c);
                if (c == 'L') throw new PyRegexError("bad inline flags: cannot use 'L' flag with a str pattern");
                add |= flag;
                if ((flag & TypeFlags) != 0 && (add & TypeFlags) != flag)
                    throw new PyRegexError("bad inline flags: flags 'a', 'u' and 'L' are incompatible");
                c = Get();
                if (c == End) throw new PyRegexError("missing -, : or )");
                if (c is ')' or '-' or ':') break;
                if (!IsFlag(c)) throw new PyRegexError("unknown flag or missing -, : or )");
            }
        }
        if (c == ')')
        {
            _flags |= add;
            return null;
        }
        if ((add & GlobalFlags) != 0) throw new PyRegexError("bad inline flags: cannot turn on global flag");
        if (c == '-')
        {
            c = Get();
            if (c == End) throw new PyRegexError("missing flag");
            if (!IsFlag(c)) throw new PyRegexError("unknown flag or missing flag");
            while (true)
            {
                int flag = FlagOf(c);
                if ((flag & TypeFlags) != 0) throw new PyRegexError("bad inline flags: cannot turn off flags 'a', 'u' and 'L'");
                del |= flag;
                c = Get();
                if (c == End) throw new PyRegexError("missing :");
                if (c == ':') break;
                if (!IsFlag(c)) throw new PyRegexError("unknown flag or missing :");
            }
        }
        if ((del & GlobalFlags) != 0) throw new PyRegexError("bad inline flags: cannot turn off global flag");
        if ((add & del) != 0) throw new PyRegexError("bad inline flags: flag turned on and off");
        return (add, del);
    }

    // ---- widths (look-behinds must be fixed-width) ----

    /// <summary>SubPattern.getwidth: (min, max) code points, capped as Python caps them.</summary>
    private (long Lo, long Hi) Width(List<PyNode> nodes)
    {
        long lo = 0, hi = 0;
        foreach (var n in nodes)
        {
            switch (n)
            {
                case PyBranch b:
                    {
                        long i = MaxRepeat - 1, j = 0;
                        foreach (var alt in b.Alternatives)
                        {
                            var (l, h) = Width(alt);
                            i = Math.Min(i, l);
                            j = Math.Max(j, h);
                        }
                        lo += i; hi += j;
                        break;
                    }
                case PyAtomic a:
                    {
                        var (i, j) = Width(a.Body);
                        lo += i; hi += j;
                        break;
                    }
                case PyGroup g:
                    {
                        var (i, j) = Width(g.Body);
                        lo += i; hi += j;
                        break;
                    }
                case PyRepeat r:
                    {
                        var (i, j) = Width(r.Body);
                        lo = SatAdd(lo, SatMul(i, r.Min));
                        hi = SatAdd(hi, SatMul(j, r.Max));
                        break;
                    }
                case PyLiteral or PyAny or PyIn:
                    lo++; hi++;
                    break;
                case PyGroupRef gr:
                    {
                        var (i, j) = _groupWidths[gr.Group]!.Value;
                        lo += i; hi += j;
                        break;
                    }
            }
            lo = Math.Min(lo, long.MaxValue / 4);
            hi = Math.Min(hi, long.MaxValue / 4);
        }
        return (Math.Min(lo, MaxRepeat - 1), Math.Min(hi, MaxRepeat));
    }

    private static long SatMul(long a, long b) => a == 0 || b == 0 ? 0 : a > long.MaxValue / 4 / b ? long.MaxValue / 4 : a * b;
    private static long SatAdd(long a, long b) => Math.Min(a + b, long.MaxValue / 4);
}
