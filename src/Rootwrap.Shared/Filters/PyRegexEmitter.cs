using System.Text;
using static Rootwrap.Filters.PyRegexParser;

namespace Rootwrap.Filters;

/// <summary>
/// Writes a parsed Python pattern (<see cref="PyRegexParser"/>) as .NET regexp syntax that
/// admits what Python 3.11's <c>re</c> admits and never more. Everything that matches one
/// character becomes an explicit set, computed the way sre compiles and matches it (its
/// Unicode tables, its IGNORECASE rules: lower-casing, <c>_EXTRA_CASES</c>, the class
/// quirks), so no .NET notion of <c>\w</c>, <c>\d</c>, <c>\s</c>, <c>.</c>, <c>\b</c> or
/// IgnoreCase is ever used. One difference remains, refusing: a back-reference under
/// <c>(?i)</c> compares exactly (Python compares lower-cased).
/// <para>
/// .NET matches UTF-16 code units, Python code points. The sets are written for input in
/// which every code point is one code unit: code points beyond the BMP are first replaced by
/// <see cref="AstralMap"/>'s representatives (high surrogates, which the matched input
/// otherwise never holds), one per class of astral code points no set of this pattern tells
/// apart.
/// </para>
/// </summary>
internal sealed class PyRegexEmitter
{
    public sealed record Output(string Pattern, AstralMap? Astral, bool HasBackReferences);

    private readonly StringBuilder _sb = new();
    // First pass: the sets, in order; second pass: the same sets, written with the map.
    private readonly List<CodePointSet> _sets;
    private int _next;
    private readonly bool _collecting;
    private readonly AstralMap? _map;
    private bool _backReferences;

    private PyRegexEmitter(List<CodePointSet> sets, bool collecting, AstralMap? map)
    {
        _sets = sets;
        _collecting = collecting;
        _map = map;
    }

    public static Output Emit(Result parsed)
    {
        var sets = new List<CodePointSet>();
        var first = new PyRegexEmitter(sets, collecting: true, map: null);
        first.Seq(parsed.Root, parsed.Flags);
        var map = AstralMap.Build(sets);
        var e = new PyRegexEmitter(sets, collecting: false, map);
        e.Seq(parsed.Root, parsed.Flags);
        return new Output(e._sb.ToString(), map, e._backReferences);
    }

    private void Seq(List<PyNode> nodes, int flags)
    {
        foreach (var n in nodes) Node(n, flags);
    }

    private void Node(PyNode n, int flags)
    {
        switch (n)
        {
            case PyLiteral l:
                Set(() => PySets.Literal(l.Cp, l.Negated, flags));
                break;
            case PyAny:
                Set(() => PySets.Any(flags));
                break;
            case PyIn s:
                Set(() => PySets.In(s.Items, s.Negate, flags));
                break;
            case PyBranch b:
                _sb.Append("(?:");
                for (int i = 0; i < b.Alternatives.Count; i++)
                {
                    if (i > 0) _sb.Append('|');
                    Seq(b.Alternatives[i], flags);
                }
                _sb.Append(')');
                break;
            case PyGroup g:
                _sb.Append(g.Group != 0 ? "(" : "(?:");
                Seq(g.Body, PySets.Combine(flags, g.AddFlags, g.DelFlags));
                _sb.Append(')');
                break;
            case PyAtomic a:
                _sb.Append("(?>");
                Seq(a.Body, flags);
                _sb.Append(')');
                break;
            case PyRepeat r:
                Repeat(r, flags);
                break;
            case PyAt at:
                At(at.Kind, flags);
                break;
            case PyGroupRef gr:
                // Exact under (?i) too: Python compares lower-cased, so this refuses more, never admits more.
                _sb.Append("\\k<").Append(gr.Group).Append('>');
                _backReferences = true;
                break;
            case PyAssert a:
                _sb.Append(a.Behind ? (a.Negative ? "(?<!" : "(?<=") : (a.Negative ? "(?!" : "(?="));
                Seq(a.Body, flags);
                _sb.Append(')');
                break;
            default:
                throw new PyRegexUnsupported(n.GetType().Name);
        }
    }

    private void Repeat(PyRepeat r, int flags)
    {
        // CPython before 3.11.5 matches possessive repeats of anything but one character
        // wrongly, both ways (gh-100061, gh-106052: '(?:(?!x)*+-)' admits 'x-'); the reference
        // runs 3.11.2. No translation can agree with that, so those patterns deny.
        if (r.Kind == PyRepeatKind.Possessive && !IsSimple(r.Body))
            throw new PyRegexUnsupported("a possessive repeat of more than one character (CPython bug before 3.11.5)");
        if (r.Kind == PyRepeatKind.Possessive) _sb.Append("(?>");
        _sb.Append("(?:");
        Seq(r.Body, flags);
        _sb.Append(')');
        if (r.Max == MaxRepeat)
        {
            if (r.Min == 0) _sb.Append('*');
            else if (r.Min == 1) _sb.Append('+');
            else _sb.Append('{').Append(r.Min).Append(",}");
        }
        else if (r.Min == r.Max) _sb.Append('{').Append(r.Min).Append('}');
        else if (r.Min == 0 && r.Max == 1) _sb.Append('?');
        else _sb.Append('{').Append(r.Min).Append(',').Append(r.Max).Append('}');
        if (r.Kind == PyRepeatKind.Lazy) _sb.Append('?');
        if (r.Kind == PyRepeatKind.Possessive) _sb.Append(')');
    }

    /// <summary>re._compiler._simple: one character, maybe in groups that capture nothing.</summary>
    private static bool IsSimple(List<PyNode> body) =>
        body.Count == 1 && body[0] switch
        {
            PyGroup { Group: 0 } g => IsSimple(g.Body),
            PyLiteral or PyAny or PyIn => true,
            _ => false,
        };

    private void At(PyAtKind kind, int flags)
    {
        bool multiline = (flags & FlagMultiline) != 0;
        switch (kind)
        {
            case PyAtKind.Beginning: _sb.Append(multiline ? "(?m:^)" : "\\A"); break;
            case PyAtKind.BeginningString: _sb.Append("\\A"); break;
            // $: at the end or before a final '\n', both in sre and in .NET's \Z.
            case PyAtKind.End: _sb.Append(multiline ? "(?m:$)" : "\\Z"); break;
            case PyAtKind.EndString: _sb.Append("\\z"); break;
            case PyAtKind.Boundary:
            case PyAtKind.NonBoundary:
                {
                    // sre's word boundary, with its word characters; never one in an empty string.
                    var w = PyCharClasses.WordChars(ascii: (flags & FlagUnicode) == 0);
                    string behind = SetText(() => w), ahead = behind;
                    if (kind == PyAtKind.Boundary)
                        _sb.Append("(?:(?<=").Append(behind).Append(")(?!").Append(ahead).Append(")|(?<!").Append(behind).Append(")(?=").Append(ahead).Append("))");
                    else
                        _sb.Append("(?!\\A\\z)(?:(?<=").Append(behind).Append(")(?=").Append(ahead).Append(")|(?<!").Append(behind).Append(")(?!").Append(ahead).Append("))");
                    break;
                }
        }
    }

    // ---- sets as UTF-16 ----

    private static readonly CodePointSet Bmp = CodePointSet.Range(0, 0xFFFF);
    private static readonly CodePointSet HighSurrogates = CodePointSet.Range(0xD800, 0xDBFF);

    private void Set(Func<CodePointSet> make) => _sb.Append(SetText(make));

    /// <summary>One character of <paramref name="s"/>, as .NET syntax: its BMP part and the representatives of its astral part.</summary>
    private string SetText(Func<CodePointSet> make)
    {
        if (_collecting)
        {
            _sets.Add(make());
            return "";
        }
        var s = _sets[_next++];
        var units = s.Intersect(Bmp).Except(HighSurrogates);
        if (_map is not null) units = units.Union(_map.Representatives(s));
        return ClassText(units);
    }

    /// <summary>A BMP set as one .NET class (or one escaped character), written the shorter of both ways.</summary>
    private static string ClassText(CodePointSet s)
    {
        var pairs = s.Pairs;
        if (pairs.Length == 0) return "[^\\u0000-\\uFFFF]";
        if (pairs.Length == 2 && pairs[0] == pairs[1]) return Char(pairs[0]);
        var outside = Bmp.Except(s);
        if (outside.IsEmpty) return "[\\u0000-\\uFFFF]";
        var sb = new StringBuilder();
        if (outside.RangeCount < s.RangeCount)
        {
            sb.Append("[^");
            Ranges(sb, outside.Pairs);
        }
        else
        {
            sb.Append('[');
            Ranges(sb, pairs);
        }
        return sb.Append(']').ToString();
    }

    private static void Ranges(StringBuilder sb, ReadOnlySpan<int> pairs)
    {
        for (int i = 0; i < pairs.Length; i += 2)
        {
            sb.Append(Char(pairs[i]));
            if (pairs[i + 1] == pairs[i]) continue;
            if (pairs[i + 1] > pairs[i] + 1) sb.Append('-');
            sb.Append(Char(pairs[i + 1]));
        }
    }

    private static string Char(int c) =>
        c < 0x80 && char.IsAsciiLetterOrDigit((char)c) ? ((char)c).ToString() : $"\\u{c:X4}";
}
