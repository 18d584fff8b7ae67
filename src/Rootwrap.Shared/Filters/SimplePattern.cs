namespace Rootwrap.Filters;

/// <summary>
/// The shapes most filter patterns have, matched without a regexp engine: literal
/// characters (escaped punctuation included), <c>.</c>, alternatives at the top level and in
/// one group of literal words (<c>start|stop</c>, <c>exportmgr\.(Add|Remove)Export</c>), and a
/// final <c>.*</c> (<c>/tmp/.*</c>). Building the non-backtracking engine costs 0.1-5 ms per
/// pattern (more for longer literals) and a per-call helper builds each one it reaches; this
/// costs nothing to build and is linear to match.
/// <para>
/// Semantics are Python's <c>re.fullmatch</c> (H1): <c>.</c> is any character but a newline,
/// one code point (a surrogate pair counts once, as in Python's str); literals compare code
/// unit by code unit, as Python compares code points. Any other syntax (classes, quantifiers,
/// anchors, flags, escapes of letters or digits, nested groups) is not this class's:
/// <see cref="TryParse"/> returns null and the pattern goes to a regexp engine.
/// </para>
/// </summary>
internal sealed class SimplePattern
{
    /// <summary>One alternative: its characters, which of them are <c>.</c>, and whether a <c>.*</c> ends it.</summary>
    private readonly record struct Sequence(string Text, bool[] Any, bool OpenEnd);

    private const int MaxAlternatives = 64;
    private readonly Sequence[] _alternatives;

    private SimplePattern(Sequence[] alternatives) => _alternatives = alternatives;

    public static SimplePattern? TryParse(string pattern)
    {
        // Literals compare code unit by code unit: a surrogate outside a pair in the pattern
        // could meet half of the input's pair. Such patterns go to the engine.
        if (HasLoneSurrogate(pattern)) return null;
        var result = new List<Sequence>();
        int i = 0;
        while (true)
        {
            var alternatives = ParseSequence(pattern, ref i);
            if (alternatives is null) return null;
            result.AddRange(alternatives);
            if (result.Count > MaxAlternatives) return null;
            if (i == pattern.Length) return new SimplePattern([.. result]);
            if (pattern[i] != '|') return null;
            i++;
        }
    }

    /// <summary>One top-level alternative from <paramref name="i"/> to the next top-level '|' or the end, its group expanded.</summary>
    private static List<Sequence>? ParseSequence(string p, ref int i)
    {
        // Prefixes built so far: one, or one per word of the group once it is read.
        var texts = new List<System.Text.StringBuilder> { new() };
        var anys = new List<List<bool>> { new() };
        bool groupSeen = false, openEnd = false;
        while (i < p.Length && p[i] != '|')
        {
            char c = p[i];
            if (c == '.' && i + 1 < p.Length && p[i + 1] == '*')
            {
                // Only as the very end of the alternative.
                i += 2;
                if (i < p.Length && p[i] != '|') return null;
                openEnd = true;
                break;
            }
            if (c == '(')
            {
                if (groupSeen) return null;
                groupSeen = true;
                var words = ParseGroup(p, ref i);
                if (words is null || words.Count * texts.Count > MaxAlternatives) return null;
                var nextTexts = new List<System.Text.StringBuilder>();
                var nextAnys = new List<List<bool>>();
                for (int k = 0; k < texts.Count; k++)
                    foreach (var w in words)
                    {
                        nextTexts.Add(new System.Text.StringBuilder().Append(texts[k]).Append(w));
                        nextAnys.Add([.. anys[k], .. new bool[w.Length]]);
                    }
                texts = nextTexts;
                anys = nextAnys;
                if (IsQuantifier(p, i)) return null;
                continue;
            }
            bool any = c == '.';
            char lit;
            if (any) { lit = '.'; i++; }
            else if (!TryLiteral(p, ref i, out lit)) return null;
            if (IsQuantifier(p, i)) return null;
            for (int k = 0; k < texts.Count; k++)
            {
                texts[k].Append(lit);
                anys[k].Add(any);
            }
        }
        var sequences = new List<Sequence>(texts.Count);
        for (int k = 0; k < texts.Count; k++)
            sequences.Add(new Sequence(texts[k].ToString(), [.. anys[k]], openEnd));
        return sequences;
    }

    /// <summary><c>(a|b|...)</c> or <c>(?:a|b|...)</c> of literal words (empty words allowed, as in Python).</summary>
    private static List<string>? ParseGroup(string p, ref int i)
    {
        i++; // '('
        if (i < p.Length && p[i] == '?')
        {
            if (i + 1 < p.Length && p[i + 1] == ':') i += 2;
            else return null; // flags, look-arounds, named groups: not ours
        }
        var words = new List<string>();
        var w = new System.Text.StringBuilder();
        while (true)
        {
            if (i >= p.Length) return null;
            char c = p[i];
            if (c == ')') { i++; words.Add(w.ToString()); return words; }
            if (c == '|') { i++; words.Add(w.ToString()); w.Clear(); continue; }
            if (!TryLiteral(p, ref i, out char lit) || IsQuantifier(p, i)) return null;
            w.Append(lit);
        }
    }

    /// <summary>A literal character at <paramref name="i"/>: not a metacharacter, or a backslash before ASCII punctuation.</summary>
    private static bool TryLiteral(string p, ref int i, out char lit)
    {
        char c = p[i];
        lit = c;
        if (c == '\\')
        {
            if (i + 1 >= p.Length) return false;
            char n = p[i + 1];
            // \. \- \/ \* ...: the character itself in Python and .NET alike. Letters and
            // digits are classes, anchors and back-references; other characters are left to
            // the engines.
            if (n >= 0x80 || char.IsAsciiLetterOrDigit(n) || char.IsControl(n)) return false;
            lit = n;
            i += 2;
            return true;
        }
        if (c is '.' or '^' or '$' or '*' or '+' or '?' or '{' or '}' or '[' or ']' or '|' or '(' or ')') return false;
        i++;
        return true;
    }

    private static bool HasLoneSurrogate(string s)
    {
        for (int i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) { i++; continue; }
            if (char.IsSurrogate(s[i])) return true;
        }
        return false;
    }

    private static bool IsQuantifier(string p, int i) => i < p.Length && p[i] is '*' or '+' or '?' or '{';

    /// <summary>Python's <c>re.fullmatch(pattern, input) is not None</c> for this pattern.</summary>
    public bool FullMatch(string input)
    {
        foreach (var s in _alternatives)
            if (Matches(s, input)) return true;
        return false;
    }

    private static bool Matches(in Sequence s, string input)
    {
        int j = 0;
        for (int k = 0; k < s.Text.Length; k++)
        {
            if (j >= input.Length) return false;
            if (s.Any[k])
            {
                if (input[j] == '\n') return false;
                j += char.IsHighSurrogate(input[j]) && j + 1 < input.Length && char.IsLowSurrogate(input[j + 1]) ? 2 : 1;
            }
            else if (input[j++] != s.Text[k]) return false;
        }
        return s.OpenEnd ? input.AsSpan(j).IndexOf('\n') < 0 : j == input.Length;
    }
}
