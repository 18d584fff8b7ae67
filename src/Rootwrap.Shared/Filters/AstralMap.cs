using System.Text;

namespace Rootwrap.Filters;

/// <summary>
/// Code points beyond the BMP, as one UTF-16 code unit each, for one pattern: they are split
/// into the classes no set of the pattern tells apart (each set holds all of a class or none
/// of it), and each class gets a high surrogate as its representative. Rewriting the input's
/// surrogate pairs to those representatives gives a string of one code unit per code point
/// that the pattern's sets judge as Python judges the original: .NET, which matches code
/// units, then counts characters as Python does. Sound only where the input holds no high
/// surrogate of its own (one beginning no pair) and the pattern compares no two characters
/// with each other (back-references): two code points of one class look the same.
/// </summary>
internal sealed class AstralMap
{
    private const int FirstAstral = 0x10000;
    private const int MaxClasses = 0x400; // D800..DBFF

    // Class boundaries: interval i is [_starts[i], _starts[i + 1] - 1], the last ends at U+10FFFF.
    private readonly int[] _starts;
    private readonly int[] _classes;

    private AstralMap(int[] starts, int[] classes)
    {
        _starts = starts;
        _classes = classes;
    }

    /// <summary>The classes of <paramref name="sets"/>; null when there are more than 1024 (input beyond the BMP is then refused).</summary>
    public static AstralMap? Build(IEnumerable<CodePointSet> sets)
    {
        var astral = CodePointSet.Range(FirstAstral, CodePointSet.MaxCodePoint);
        var distinct = new List<CodePointSet>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var cuts = new SortedSet<int> { FirstAstral };
        foreach (var s in sets)
        {
            var part = s.Intersect(astral);
            if (part.IsEmpty || !seen.Add(string.Join(",", part.Pairs.ToArray()))) continue;
            distinct.Add(part);
            var pairs = part.Pairs;
            for (int i = 0; i < pairs.Length; i += 2)
            {
                cuts.Add(pairs[i]);
                if (pairs[i + 1] < CodePointSet.MaxCodePoint) cuts.Add(pairs[i + 1] + 1);
            }
        }
        var starts = cuts.ToArray();
        var classes = new int[starts.Length];
        var bySignature = new Dictionary<string, int>(StringComparer.Ordinal);
        var signature = new StringBuilder(distinct.Count);
        for (int i = 0; i < starts.Length; i++)
        {
            signature.Clear();
            foreach (var d in distinct) signature.Append(d.Contains(starts[i]) ? '1' : '0');
            var key = signature.ToString();
            if (!bySignature.TryGetValue(key, out var id))
            {
                id = bySignature.Count;
                if (id >= MaxClasses) return null;
                bySignature[key] = id;
            }
            classes[i] = id;
        }
        return new AstralMap(starts, classes);
    }

    private int ClassOf(int cp)
    {
        int i = Array.BinarySearch(_starts, cp);
        return _classes[i >= 0 ? i : ~i - 1];
    }

    /// <summary>The representatives of the classes inside <paramref name="set"/> (a set of the pattern, so it holds whole classes).</summary>
    public CodePointSet Representatives(CodePointSet set)
    {
        var units = new List<int>();
        for (int i = 0; i < _starts.Length; i++)
            if (set.Contains(_starts[i])) units.Add(0xD800 + _classes[i]);
        return CodePointSet.FromCodePoints(units);
    }

    /// <summary>The input with each surrogate pair replaced by its class's representative (every high surrogate must begin a pair).</summary>
    public string Rewrite(string input)
    {
        var sb = new StringBuilder(input.Length);
        for (int i = 0; i < input.Length; i++)
        {
            char c = input[i];
            if (char.IsHighSurrogate(c) && i + 1 < input.Length && char.IsLowSurrogate(input[i + 1]))
            {
                sb.Append((char)(0xD800 + ClassOf(char.ConvertToUtf32(c, input[i + 1]))));
                i++;
            }
            else sb.Append(c);
        }
        return sb.ToString();
    }
}
