using System.Globalization;
using System.Text;

namespace Rootwrap.Audit;

/// <summary>A node of a parsed Python regular expression: only what the auditor reasons about.</summary>
public abstract record RxNode;
/// <summary>One character out of a set (a literal is a one-member set).</summary>
public sealed record RxChar(CharSet Set) : RxNode;
public sealed record RxSeq(IReadOnlyList<RxNode> Items) : RxNode;
public sealed record RxAlt(IReadOnlyList<RxNode> Branches) : RxNode;
/// <summary><c>Max</c> is -1 for no upper bound.</summary>
public sealed record RxRepeat(RxNode Inner, int Min, int Max) : RxNode;
/// <summary>Anchors, word boundaries and look-arounds: they constrain but produce nothing. <c>Text</c>: a look-around's own pattern.</summary>
public sealed record RxZeroWidth(string Kind, string? Text = null) : RxNode;

/// <summary>A syntax error Python's <c>re</c> reports too.</summary>
public sealed class PyPatternException(string message, int position) : Exception(message)
{
    public int Position { get; } = position;
}

/// <summary>
/// A parser for Python <c>re</c> syntax (str patterns) into <see cref="RxNode"/>s. Look-arounds
/// are kept as zero-width nodes (their content is not what the argument is made of), a
/// back-reference stands for another copy of its group. Throws <see cref="PyPatternException"/>
/// on what Python would reject and <see cref="NotSupportedException"/> on syntax it doesn't model
/// (conditionals), which the auditor then treats as "admits anything".
/// </summary>
public sealed class PyPatternParser
{
    private readonly string _p;
    private int _i;
    private bool _ignoreCase, _dotAll, _verbose;
    private readonly List<RxNode?> _groups = new() { null };
    private readonly Dictionary<string, int> _names = new(StringComparer.Ordinal);

    private PyPatternParser(string pattern) => _p = pattern;

    public static RxNode Parse(string pattern) => Parse(pattern, out _);

    /// <summary>Parses; <paramref name="topLevelBranches"/> are the alternatives outside any group (one when there is no top-level '|').</summary>
    public static RxNode Parse(string pattern, out IReadOnlyList<RxNode> topLevelBranches)
    {
        var parser = new PyPatternParser(pattern);
        var branches = new List<RxNode> { parser.ParseSequence() };
        while (parser.More && parser.Peek == '|')
        {
            parser._i++;
            branches.Add(parser.ParseSequence());
        }
        if (parser._i < pattern.Length)
            throw new PyPatternException(pattern[parser._i] == ')' ? "unbalanced parenthesis" : "unexpected character", parser._i);
        topLevelBranches = branches;
        return branches.Count == 1 ? branches[0] : new RxAlt(branches);
    }

    private bool More => _i < _p.Length;
    private char Peek => _p[_i];

    private RxNode ParseAlternation()
    {
        var branches = new List<RxNode> { ParseSequence() };
        while (More && Peek == '|')
        {
            _i++;
            branches.Add(ParseSequence());
        }
        return branches.Count == 1 ? branches[0] : new RxAlt(branches);
    }

    private RxNode ParseSequence()
    {
        var items = new List<RxNode>();
        while (More && Peek != '|' && Peek != ')')
        {
            if (_verbose && SkipVerboseSpace()) continue;
            int start = _i;
            var atom = ParseAtom();
            if (atom is null) continue;
            atom = ParseQuantifiers(atom, start);
            items.Add(atom);
        }
        return items.Count == 1 ? items[0] : new RxSeq(items);
    }

    private bool SkipVerboseSpace()
    {
        if (char.IsWhiteSpace(Peek)) { _i++; return true; }
        if (Peek == '#')
        {
            while (More && Peek != '\n') _i++;
            return true;
        }
        return false;
    }

    private RxNode ParseQuantifiers(RxNode atom, int start)
    {
        if (!TryQuantifier(out int min, out int max)) return atom;
        if (atom is RxZeroWidth)
            throw new PyPatternException("nothing to repeat", start);
        if (max >= 0 && min > max) throw new PyPatternException("min repeat greater than max repeat", _i);
        // Lazy and possessive forms match the same strings.
        if (More && (Peek == '?' || Peek == '+')) _i++;
        int at = _i;
        if (TryQuantifier(out _, out _)) throw new PyPatternException("multiple repeat", at);
        return new RxRepeat(atom, min, max);
    }

    private bool TryQuantifier(out int min, out int max)
    {
        min = max = 0;
        if (!More) return false;
        switch (Peek)
        {
            case '*': min = 0; max = -1; _i++; return true;
            case '+': min = 1; max = -1; _i++; return true;
            case '?': min = 0; max = 1; _i++; return true;
            case '{': return TryBraces(out min, out max);
            default: return false;
        }
    }

    private bool TryBraces(out int min, out int max)
    {
        min = max = 0;
        int close = _p.IndexOf('}', _i);
        if (close < 0) return false;
        var body = _p.AsSpan(_i + 1, close - _i - 1);
        int comma = body.IndexOf(',');
        bool ok;
        if (comma < 0)
        {
            ok = int.TryParse(body, NumberStyles.None, CultureInfo.InvariantCulture, out min);
            max = min;
        }
        else
        {
            var lo = body[..comma];
            var hi = body[(comma + 1)..];
            ok = (lo.Length == 0 || int.TryParse(lo, NumberStyles.None, CultureInfo.InvariantCulture, out min))
                && (hi.Length == 0 || int.TryParse(hi, NumberStyles.None, CultureInfo.InvariantCulture, out max));
            if (hi.Length == 0) max = -1;
            if (lo.Length == 0) min = 0;
            if (lo.Length == 0 && hi.Length == 0) ok = true; // "{,}" is {0,} in Python
        }
        if (!ok) return false; // Python reads it as a literal '{'
        _i = close + 1;
        return true;
    }

    private RxNode? ParseAtom()
    {
        char c = _p[_i];
        switch (c)
        {
            case '(':
                return ParseGroup();
            case '[':
                return new RxChar(ParseClass());
            case '.':
                _i++;
                return new RxChar(_dotAll ? CharSet.All : CharSet.Dot);
            case '^':
                _i++;
                return new RxZeroWidth("^");
            case '$':
                _i++;
                return new RxZeroWidth("$");
            case '\\':
                return ParseEscape();
            case '*' or '+' or '?':
                throw new PyPatternException("nothing to repeat", _i);
            case '{':
                if (TryBraces(out _, out _)) throw new PyPatternException("nothing to repeat", _i);
                _i++;
                return Lit('{');
            default:
                _i++;
                return Lit(c);
        }
    }

    private RxChar Lit(char c)
    {
        var s = CharSet.Single(c);
        return new RxChar(_ignoreCase ? s.CaseFolded() : s);
    }

    private RxNode? ParseGroup()
    {
        int start = _i;
        _i++; // (
        if (More && Peek == '?')
        {
            _i++;
            if (!More) throw new PyPatternException("unexpected end of pattern", _i);
            char k = Peek;
            switch (k)
            {
                case ':':
                    _i++;
                    return CloseGroup(ParseAlternation(), start, capture: false);
                case '>':
                    _i++;
                    return CloseGroup(ParseAlternation(), start, capture: false);
                case '=' or '!':
                    {
                        _i++;
                        int body = _i;
                        ParseAlternation();
                        var text = _p[body.._i];
                        Expect(')', start);
                        return new RxZeroWidth(k == '=' ? "lookahead" : "negative lookahead", text);
                    }
                case '<' when _i + 1 < _p.Length && _p[_i + 1] is '=' or '!':
                    _i += 2;
                    ParseAlternation();
                    Expect(')', start);
                    return new RxZeroWidth("lookbehind");
                case '#':
                    {
                        int close = _p.IndexOf(')', _i);
                        if (close < 0) throw new PyPatternException("missing ), unterminated comment", start);
                        _i = close + 1;
                        return null;
                    }
                case 'P':
                    _i++;
                    if (More && Peek == '<')
                    {
                        int close = _p.IndexOf('>', _i);
                        if (close < 0) throw new PyPatternException("missing >, unterminated name", _i);
                        var name = _p[(_i + 1)..close];
                        if (name.Length == 0 || !IsIdentifier(name)) throw new PyPatternException($"bad character in group name '{name}'", _i);
                        if (_names.ContainsKey(name)) throw new PyPatternException($"redefinition of group name '{name}'", _i);
                        _i = close + 1;
                        int index = _groups.Count;
                        _groups.Add(null);
                        _names[name] = index;
                        var inner = CloseGroup(ParseAlternation(), start, capture: true);
                        _groups[index] = inner;
                        return inner;
                    }
                    if (More && Peek == '=')
                    {
                        int close = _p.IndexOf(')', _i);
                        if (close < 0) throw new PyPatternException("missing ), unterminated name", _i);
                        var name = _p[(_i + 1)..close];
                        if (!_names.TryGetValue(name, out var gi) || _groups[gi] is null)
                            throw new PyPatternException($"unknown group name '{name}'", _i);
                        _i = close + 1;
                        return _groups[gi];
                    }
                    throw new PyPatternException("unknown extension ?P", _i);
                case '(':
                    throw new NotSupportedException("conditional groups");
                default:
                    return ParseFlags(start);
            }
        }
        int idx = _groups.Count;
        _groups.Add(null);
        var node = CloseGroup(ParseAlternation(), start, capture: true);
        _groups[idx] = node;
        return node;
    }

    private RxNode? ParseFlags(int start)
    {
        bool on = true;
        bool ic = _ignoreCase, da = _dotAll, vb = _verbose;
        while (More && Peek != ')' && Peek != ':')
        {
            char f = Peek;
            _i++;
            switch (f)
            {
                case '-': on = false; break;
                case 'i': ic = on; break;
                case 's': da = on; break;
                case 'x': vb = on; break;
                case 'a' or 'L' or 'm' or 'u': break;
                default: throw new PyPatternException($"unknown flag", _i - 1);
            }
        }
        if (!More) throw new PyPatternException("missing -, : or )", _i);
        if (Peek == ')')
        {
            // A global flag group: applies to the whole pattern (Python wants it at the start).
            _i++;
            _ignoreCase = ic; _dotAll = da; _verbose = vb;
            return null;
        }
        _i++; // ':'
        var saved = (_ignoreCase, _dotAll, _verbose);
        (_ignoreCase, _dotAll, _verbose) = (ic, da, vb);
        var inner = ParseAlternation();
        (_ignoreCase, _dotAll, _verbose) = saved;
        return CloseGroup(inner, start, capture: false);
    }

    private RxNode CloseGroup(RxNode inner, int start, bool capture)
    {
        Expect(')', start);
        return inner;
    }

    private void Expect(char c, int start)
    {
        if (!More || Peek != c) throw new PyPatternException("missing ), unterminated subpattern", start);
        _i++;
    }

    private static bool IsIdentifier(string s)
    {
        if (!(char.IsLetter(s[0]) || s[0] == '_')) return false;
        foreach (var ch in s) if (!(char.IsLetterOrDigit(ch) || ch == '_')) return false;
        return true;
    }

    private RxNode ParseEscape()
    {
        int start = _i;
        _i++;
        if (!More) throw new PyPatternException("bad escape (end of pattern)", start);
        char e = Peek;
        switch (e)
        {
            case 'A': _i++; return new RxZeroWidth("\\A");
            case 'Z': _i++; return new RxZeroWidth("\\Z");
            case 'b': _i++; return new RxZeroWidth("\\b");
            case 'B': _i++; return new RxZeroWidth("\\B");
        }
        if (e is >= '1' and <= '9')
        {
            int n = e - '0';
            _i++;
            if (More && char.IsAsciiDigit(Peek) && n * 10 + (Peek - '0') < _groups.Count) { n = n * 10 + (Peek - '0'); _i++; }
            if (n >= _groups.Count || _groups[n] is null) throw new PyPatternException($"invalid group reference {n}", start);
            return _groups[n]!;
        }
        var set = ParseEscapeInClass(start, inClass: false);
        return new RxChar(_ignoreCase ? set.CaseFolded() : set);
    }

    /// <summary>An escape that stands for characters; <c>_i</c> is on the character after the backslash.</summary>
    private CharSet ParseEscapeInClass(int start, bool inClass)
    {
        char e = _p[_i++];
        switch (e)
        {
            case 'd': return CharSet.Digits;
            case 'D': return CharSet.Digits.Complement();
            case 'w': return CharSet.Word;
            case 'W': return CharSet.Word.Complement();
            case 's': return CharSet.Space;
            case 'S': return CharSet.Space.Complement();
            case 'n': return CharSet.Single('\n');
            case 't': return CharSet.Single('\t');
            case 'r': return CharSet.Single('\r');
            case 'f': return CharSet.Single('\f');
            case 'v': return CharSet.Single('\v');
            case 'a': return CharSet.Single('\a');
            case 'b' when inClass: return CharSet.Single('\b');
            case '0':
                {
                    int v = 0, n = 0;
                    while (n < 2 && More && Peek is >= '0' and <= '7') { v = v * 8 + (Peek - '0'); _i++; n++; }
                    return CharSet.Single((char)v);
                }
            case 'x': return CharSet.Single((char)Hex(2, start));
            case 'u': return CharSet.Single((char)Hex(4, start));
            case 'U': { int v = Hex(8, start); return v < 128 ? CharSet.Single((char)v) : CharSet.None.WithNonAscii(); }
            case 'N':
                {
                    int close = _p.IndexOf('}', _i);
                    if (!More || Peek != '{' || close < 0) throw new PyPatternException("missing {", _i);
                    _i = close + 1;
                    return CharSet.None.WithNonAscii();
                }
        }
        if (inClass && e is >= '1' and <= '7')
        {
            int v = e - '0';
            int n = 1;
            while (n < 3 && More && Peek is >= '0' and <= '7') { v = v * 8 + (Peek - '0'); _i++; n++; }
            if (n < 3) throw new PyPatternException("bad escape", start);
            return v < 128 ? CharSet.Single((char)v) : CharSet.None.WithNonAscii();
        }
        // Python 3.7+: an escaped ASCII letter or digit with no meaning is an error.
        if (char.IsAsciiLetterOrDigit(e)) throw new PyPatternException($"bad escape \\{e}", start);
        return CharSet.Single(e);
    }

    private int Hex(int digits, int start)
    {
        if (_i + digits > _p.Length) throw new PyPatternException("incomplete escape", start);
        if (!int.TryParse(_p.AsSpan(_i, digits), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int v))
            throw new PyPatternException("incomplete escape", start);
        _i += digits;
        return v;
    }

    private CharSet ParseClass()
    {
        int start = _i;
        _i++; // [
        bool negate = false;
        if (More && Peek == '^') { negate = true; _i++; }
        var set = CharSet.None;
        bool first = true;
        while (true)
        {
            if (!More) throw new PyPatternException("unterminated character set", start);
            char c = Peek;
            if (c == ']' && !first) { _i++; break; }
            first = false;
            CharSet lo;
            char? loChar;
            if (c == '\\')
            {
                int es = _i;
                _i++;
                if (!More) throw new PyPatternException("unterminated character set", start);
                lo = ParseEscapeInClass(es, inClass: true);
                loChar = lo.IsSingleAscii ? lo.SingleChar : null;
            }
            else
            {
                _i++;
                lo = CharSet.Single(c);
                loChar = c;
            }
            if (More && Peek == '-' && _i + 1 < _p.Length && _p[_i + 1] != ']')
            {
                _i++;
                char hiC;
                if (Peek == '\\')
                {
                    int es = _i;
                    _i++;
                    if (!More) throw new PyPatternException("unterminated character set", start);
                    var hi = ParseEscapeInClass(es, inClass: true);
                    if (!hi.IsSingleAscii) throw new PyPatternException("bad character range", es);
                    hiC = hi.SingleChar;
                }
                else hiC = _p[_i++];
                if (loChar is null) throw new PyPatternException("bad character range", start);
                if (hiC < loChar) throw new PyPatternException("bad character range", start);
                set = set.Union(CharSet.Range(loChar.Value, hiC));
                continue;
            }
            set = set.Union(lo);
        }
        if (_ignoreCase) set = set.CaseFolded();
        return negate ? set.Complement() : set;
    }
}
