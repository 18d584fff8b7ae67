using static Rootwrap.Filters.PyRegexParser;

namespace Rootwrap.Filters;

/// <summary>
/// What one character of a parsed pattern admits, as sre compiles and tests it: Python's own
/// Unicode tables and IGNORECASE rules (lower-casing, <c>_EXTRA_CASES</c>, the class quirks),
/// never a .NET notion of <c>\w</c> or IgnoreCase. Shared by the matcher (<see cref="PyNfa"/>)
/// and the .NET translation (<see cref="PyRegexEmitter"/>).
/// </summary>
internal static class PySets
{
    /// <summary>The flags inside <c>(?a-b:...)</c>: a type flag replaces the others.</summary>
    public static int Combine(int flags, int add, int del)
    {
        const int typeFlags = FlagAscii | FlagLocale | FlagUnicode;
        if ((add & typeFlags) != 0) flags &= ~typeFlags;
        return (flags | add) & ~del;
    }

    /// <summary>ANY: every code point but a newline, all of them under DOTALL.</summary>
    public static CodePointSet Any(int flags) => (flags & FlagDotAll) != 0 ? CodePointSet.All : NotNewline;

    private static readonly CodePointSet NotNewline = CodePointSet.All.Except(CodePointSet.Of('\n'));

    /// <summary>LITERAL / NOT_LITERAL: under IGNORECASE a cased character admits every x whose lower case is its own (or an extra case of it).</summary>
    public static CodePointSet Literal(int cp, bool negated, int flags)
    {
        CodePointSet s;
        bool ascii = (flags & FlagUnicode) == 0;
        if ((flags & FlagIgnoreCase) == 0 || !PyCharClasses.IsCased(cp, ascii)) s = CodePointSet.Of(cp);
        else
        {
            int lo = PyCharClasses.Lower(cp, ascii);
            var y = CodePointSet.FromCodePoints([lo, .. PyCharClasses.ExtraCases(lo, ascii)]);
            s = PyCharClasses.LowerPreimage(y, ascii);
        }
        return negated ? s.Complement() : s;
    }

    /// <summary>
    /// IN, as _optimize_charset builds it and sre's charset() tests it: under IGNORECASE the
    /// BMP members go in lower-cased (with their extra cases), members beyond the BMP stay as
    /// written (ranges become RANGE_UNI_IGNORE), and when any member is cased the input
    /// character is lower-cased before the test, categories included.
    /// </summary>
    public static CodePointSet In(List<PySetItem> items, bool negate, int flags)
    {
        bool ascii = (flags & FlagUnicode) == 0;
        var members = new List<CodePointSet>();
        if ((flags & FlagIgnoreCase) == 0)
        {
            foreach (var it in items)
                members.Add(it.Kind switch
                {
                    PySetItemKind.Literal => CodePointSet.Of(it.Lo),
                    PySetItemKind.Range => CodePointSet.Range(it.Lo, it.Hi),
                    _ => PyCharClasses.Of(it.Category, ascii),
                });
            var plain = UnionAll(members);
            return negate ? plain.Complement() : plain;
        }

        bool hasCased = false;
        var lowered = new List<int>();
        foreach (var it in items)
        {
            switch (it.Kind)
            {
                case PySetItemKind.Literal when it.Lo <= 0xFFFF:
                    {
                        int lo = PyCharClasses.Lower(it.Lo, ascii);
                        lowered.Add(lo);
                        lowered.AddRange(PyCharClasses.ExtraCases(lo, ascii));
                        hasCased |= PyCharClasses.IsCased(it.Lo, ascii);
                        break;
                    }
                case PySetItemKind.Literal:
                    members.Add(CodePointSet.Of(it.Lo));
                    hasCased = true;
                    break;
                case PySetItemKind.Range:
                    {
                        if (it.Lo <= 0xFFFF)
                        {
                            var image = PyCharClasses.LowerImage(it.Lo, Math.Min(it.Hi, 0xFFFF), ascii);
                            members.Add(image);
                            foreach (var k in ExtraKeys(ascii))
                                if (image.Contains(k)) lowered.AddRange(PyCharClasses.ExtraCases(k, ascii));
                        }
                        if (it.Hi <= 0xFFFF) hasCased |= PyCharClasses.AnyCased(it.Lo, it.Hi, ascii);
                        else
                        {
                            members.Add(PyCharClasses.RangeUniIgnore(it.Lo, it.Hi));
                            hasCased = true;
                        }
                        break;
                    }
                default:
                    members.Add(PyCharClasses.Of(it.Category, ascii));
                    break;
            }
        }
        members.Add(CodePointSet.FromCodePoints(lowered));
        var m = UnionAll(members);
        var s = hasCased ? PyCharClasses.LowerPreimage(m, ascii) : m;
        return negate ? s.Complement() : s;
    }

    private static List<int> ExtraKeys(bool ascii)
    {
        var keys = new List<int>();
        if (ascii) return keys;
        var e = PyUnicodeTables.ExtraCases;
        for (int i = 0; i < e.Length; i += 2 + e[i + 1]) keys.Add(e[i]);
        return keys;
    }

    private static CodePointSet UnionAll(List<CodePointSet> sets)
    {
        var r = CodePointSet.Empty;
        foreach (var s in sets) r = r.Union(s);
        return r;
    }
}
