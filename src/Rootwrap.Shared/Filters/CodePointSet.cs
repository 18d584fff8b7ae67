namespace Rootwrap.Filters;

/// <summary>
/// An immutable set of Unicode code points (0 to U+10FFFF, surrogates included, as a Python
/// str holds them): sorted, disjoint, non-adjacent inclusive ranges.
/// </summary>
internal sealed class CodePointSet
{
    public const int MaxCodePoint = 0x10FFFF;

    // lo0, hi0, lo1, hi1, ...
    private readonly int[] _pairs;

    private CodePointSet(int[] pairs) => _pairs = pairs;

    public static readonly CodePointSet Empty = new([]);
    public static readonly CodePointSet All = new([0, MaxCodePoint]);

    public static CodePointSet Of(int cp) => new([cp, cp]);

    public static CodePointSet Range(int lo, int hi) => lo > hi ? Empty : new([lo, hi]);

    /// <summary>From inclusive (lo, hi) pairs in any order, overlapping or not.</summary>
    public static CodePointSet FromPairs(ReadOnlySpan<int> pairs)
    {
        var list = new List<(int Lo, int Hi)>(pairs.Length / 2);
        for (int i = 0; i + 1 < pairs.Length; i += 2)
            if (pairs[i] <= pairs[i + 1]) list.Add((pairs[i], pairs[i + 1]));
        return Normalize(list);
    }

    /// <summary>From single code points in any order.</summary>
    public static CodePointSet FromCodePoints(IEnumerable<int> cps)
    {
        var list = new List<(int Lo, int Hi)>();
        foreach (var c in cps) list.Add((c, c));
        return Normalize(list);
    }

    private static CodePointSet Normalize(List<(int Lo, int Hi)> list)
    {
        if (list.Count == 0) return Empty;
        list.Sort((a, b) => a.Lo.CompareTo(b.Lo));
        var r = new List<int>(list.Count * 2);
        int lo = list[0].Lo, hi = list[0].Hi;
        for (int i = 1; i < list.Count; i++)
        {
            var (l, h) = list[i];
            if (l <= hi + 1) { if (h > hi) hi = h; continue; }
            r.Add(lo); r.Add(hi);
            lo = l; hi = h;
        }
        r.Add(lo); r.Add(hi);
        return new([.. r]);
    }

    public bool IsEmpty => _pairs.Length == 0;

    /// <summary>The ranges as (lo, hi) pairs, ascending.</summary>
    public ReadOnlySpan<int> Pairs => _pairs;

    public int RangeCount => _pairs.Length / 2;

    public bool Contains(int cp)
    {
        int lo = 0, hi = _pairs.Length / 2 - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            if (cp < _pairs[2 * mid]) hi = mid - 1;
            else if (cp > _pairs[2 * mid + 1]) lo = mid + 1;
            else return true;
        }
        return false;
    }

    public CodePointSet Union(CodePointSet other)
    {
        if (other.IsEmpty) return this;
        if (IsEmpty) return other;
        // Merge the two sorted range lists, joining overlapping and adjacent ranges.
        var a = _pairs;
        var b = other._pairs;
        var r = new List<int>(a.Length + b.Length);
        int i = 0, j = 0;
        while (i < a.Length || j < b.Length)
        {
            int lo, hi;
            if (j >= b.Length || (i < a.Length && a[i] <= b[j])) { lo = a[i]; hi = a[i + 1]; i += 2; }
            else { lo = b[j]; hi = b[j + 1]; j += 2; }
            if (r.Count > 0 && lo <= r[^1] + 1) { if (hi > r[^1]) r[^1] = hi; }
            else { r.Add(lo); r.Add(hi); }
        }
        return new([.. r]);
    }

    public CodePointSet Complement()
    {
        var r = new List<int>(_pairs.Length + 2);
        int next = 0;
        for (int i = 0; i < _pairs.Length; i += 2)
        {
            if (_pairs[i] > next) { r.Add(next); r.Add(_pairs[i] - 1); }
            next = _pairs[i + 1] + 1;
        }
        if (next <= MaxCodePoint) { r.Add(next); r.Add(MaxCodePoint); }
        return new([.. r]);
    }

    public CodePointSet Intersect(CodePointSet other)
    {
        var a = _pairs;
        var b = other._pairs;
        var r = new List<int>();
        int i = 0, j = 0;
        while (i < a.Length && j < b.Length)
        {
            int lo = Math.Max(a[i], b[j]), hi = Math.Min(a[i + 1], b[j + 1]);
            if (lo <= hi) { r.Add(lo); r.Add(hi); }
            if (a[i + 1] < b[j + 1]) i += 2; else j += 2;
        }
        return new([.. r]);
    }

    public CodePointSet Except(CodePointSet other) => other.IsEmpty ? this : Intersect(other.Complement());

    public bool Overlaps(CodePointSet other)
    {
        var a = _pairs;
        var b = other._pairs;
        int i = 0, j = 0;
        while (i < a.Length && j < b.Length)
        {
            if (Math.Max(a[i], b[j]) <= Math.Min(a[i + 1], b[j + 1])) return true;
            if (a[i + 1] < b[j + 1]) i += 2; else j += 2;
        }
        return false;
    }
}
