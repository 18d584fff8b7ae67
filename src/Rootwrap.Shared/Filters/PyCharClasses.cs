namespace Rootwrap.Filters;

/// <summary>
/// Python 3.11 re's character classes and case rules for str patterns, from
/// <see cref="PyUnicodeTables"/>. The tables are generated from the reference's own
/// interpreter rather than taken from .NET: Python 3.11 has Unicode 14.0, .NET 10 a later
/// version (U+1C89 is a letter for .NET's <c>\p{L}</c>, not for Python's <c>\w</c>), and
/// .NET's <c>\w</c>, <c>\s</c> and IgnoreCase differ from sre's anyway. With exact tables
/// non-ASCII arguments get Python's answer instead of a blanket refusal. <c>ascii</c> is
/// the <c>(?a)</c> flag: ASCII classes and ASCII-only case folding, as sre's
/// <c>ascii_tolower</c>/<c>ascii_iscased</c>.
/// </summary>
internal static class PyCharClasses
{
    public enum Category { Digit, NotDigit, Space, NotSpace, Word, NotWord }

    // Each table is built on first use (a filter with \d+ never needs the case tables).
    private static class Words
    {
        public static readonly CodePointSet Unicode = CodePointSet.FromPairs(PyUnicodeTables.Word);
        public static readonly CodePointSet Ascii = CodePointSet.FromPairs(PyUnicodeTables.AsciiWord);
    }

    private static class Digits
    {
        public static readonly CodePointSet Unicode = CodePointSet.FromPairs(PyUnicodeTables.Digit);
        public static readonly CodePointSet Ascii = CodePointSet.FromPairs(PyUnicodeTables.AsciiDigit);
    }

    private static class Spaces
    {
        public static readonly CodePointSet Unicode = CodePointSet.FromPairs(PyUnicodeTables.Space);
        public static readonly CodePointSet Ascii = CodePointSet.FromPairs(PyUnicodeTables.AsciiSpace);
    }

    private static class Cases
    {
        /// <summary>Code points whose lower (upper) case differs, ascending; their lower (upper) case, by position.</summary>
        public static readonly int[] LowerFrom, LowerTo, UpperFrom, UpperTo;
        public static readonly CodePointSet LowerChanges, Cased;
        public static readonly Dictionary<int, int[]> Extra = new();
        public static readonly CodePointSet AsciiUpper = CodePointSet.Range('A', 'Z');
        public static readonly CodePointSet AsciiCased = CodePointSet.FromPairs([(int)'A', 'Z', 'a', 'z']);

        static Cases()
        {
            Split(PyUnicodeTables.Lower, out LowerFrom, out LowerTo);
            Split(PyUnicodeTables.Upper, out UpperFrom, out UpperTo);
            LowerChanges = CodePointSet.FromCodePoints(LowerFrom);
            Cased = LowerChanges.Union(CodePointSet.FromCodePoints(UpperFrom));
            var e = PyUnicodeTables.ExtraCases;
            for (int i = 0; i < e.Length;)
            {
                int key = e[i], n = e[i + 1];
                Extra[key] = e.Slice(i + 2, n).ToArray();
                i += 2 + n;
            }
        }

        private static void Split(ReadOnlySpan<int> pairs, out int[] from, out int[] to)
        {
            from = new int[pairs.Length / 2];
            to = new int[pairs.Length / 2];
            for (int i = 0; i < from.Length; i++) { from[i] = pairs[2 * i]; to[i] = pairs[2 * i + 1]; }
        }
    }

    public static CodePointSet Of(Category c, bool ascii) => c switch
    {
        Category.Digit => ascii ? Digits.Ascii : Digits.Unicode,
        Category.NotDigit => (ascii ? Digits.Ascii : Digits.Unicode).Complement(),
        Category.Space => ascii ? Spaces.Ascii : Spaces.Unicode,
        Category.NotSpace => (ascii ? Spaces.Ascii : Spaces.Unicode).Complement(),
        Category.Word => WordChars(ascii),
        _ => WordChars(ascii).Complement(),
    };

    /// <summary>What <c>\b</c> and <c>\B</c> count as a word character.</summary>
    public static CodePointSet WordChars(bool ascii) => ascii ? Words.Ascii : Words.Unicode;

    /// <summary>sre's <c>unicode_tolower</c> (or <c>ascii_tolower</c>).</summary>
    public static int Lower(int c, bool ascii)
    {
        if (ascii) return c is >= 'A' and <= 'Z' ? c + 32 : c;
        int i = Array.BinarySearch(Cases.LowerFrom, c);
        return i >= 0 ? Cases.LowerTo[i] : c;
    }

    /// <summary>sre's <c>upper_unicode</c> (the charset's RANGE_UNI_IGNORE uses it in both modes).</summary>
    public static int Upper(int c)
    {
        int i = Array.BinarySearch(Cases.UpperFrom, c);
        return i >= 0 ? Cases.UpperTo[i] : c;
    }

    /// <summary>sre's <c>unicode_iscased</c> (or <c>ascii_iscased</c>).</summary>
    public static bool IsCased(int c, bool ascii) => (ascii ? Cases.AsciiCased : Cases.Cased).Contains(c);

    public static bool AnyCased(int lo, int hi, bool ascii) => (ascii ? Cases.AsciiCased : Cases.Cased).Overlaps(CodePointSet.Range(lo, hi));

    /// <summary>re._casefix._EXTRA_CASES: other lower cases with the same upper case (unicode mode only).</summary>
    public static int[] ExtraCases(int lower, bool ascii) =>
        !ascii && Cases.Extra.TryGetValue(lower, out var v) ? v : [];

    /// <summary>Every x with lower(x) in <paramref name="y"/>: the characters a lower-cased comparison admits.</summary>
    public static CodePointSet LowerPreimage(CodePointSet y, bool ascii)
    {
        if (ascii)
        {
            var extra = new List<int>();
            for (int c = 'A'; c <= 'Z'; c++) if (y.Contains(c + 32)) extra.Add(c);
            return y.Except(Cases.AsciiUpper).Union(CodePointSet.FromCodePoints(extra));
        }
        var more = new List<int>();
        for (int i = 0; i < Cases.LowerFrom.Length; i++)
            if (y.Contains(Cases.LowerTo[i])) more.Add(Cases.LowerFrom[i]);
        return y.Except(Cases.LowerChanges).Union(CodePointSet.FromCodePoints(more));
    }

    /// <summary>{ lower(i) : lo &lt;= i &lt;= hi }.</summary>
    public static CodePointSet LowerImage(int lo, int hi, bool ascii)
    {
        var range = CodePointSet.Range(lo, hi);
        if (ascii)
        {
            var upperPart = range.Intersect(Cases.AsciiUpper);
            var lowered = new List<int>();
            foreach (var c in Members(upperPart)) lowered.Add(c + 32);
            return range.Except(Cases.AsciiUpper).Union(CodePointSet.FromCodePoints(lowered));
        }
        var images = new List<int>();
        int start = Array.BinarySearch(Cases.LowerFrom, lo);
        if (start < 0) start = ~start;
        for (int i = start; i < Cases.LowerFrom.Length && Cases.LowerFrom[i] <= hi; i++) images.Add(Cases.LowerTo[i]);
        return range.Except(Cases.LowerChanges).Union(CodePointSet.FromCodePoints(images));
    }

    /// <summary>{ y : y in [lo, hi] or upper(y) in [lo, hi] }: sre's RANGE_UNI_IGNORE on a lower-cased character.</summary>
    public static CodePointSet RangeUniIgnore(int lo, int hi)
    {
        var more = new List<int>();
        for (int i = 0; i < Cases.UpperFrom.Length; i++)
            if (Cases.UpperTo[i] >= lo && Cases.UpperTo[i] <= hi) more.Add(Cases.UpperFrom[i]);
        return CodePointSet.Range(lo, hi).Union(CodePointSet.FromCodePoints(more));
    }

    private static IEnumerable<int> Members(CodePointSet s)
    {
        var pairs = s.Pairs.ToArray();
        for (int i = 0; i < pairs.Length; i += 2)
            for (int c = pairs[i]; c <= pairs[i + 1]; c++) yield return c;
    }
}
