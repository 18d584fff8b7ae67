using System.Text;
using System.Text.RegularExpressions;
using Rootwrap.Filters;

namespace Rootwrap.Audit;

/// <summary>What an argument pattern lets a caller pass, from least to most.</summary>
public enum ArgShape
{
    /// <summary>A handful of fixed strings (<c>-c</c>, <c>start|stop</c> under H1, <c>-c[0-3]</c>).</summary>
    Fixed,
    /// <summary>Many strings, but no slash and no letters to spell a file name with (<c>\d+</c>).</summary>
    Value,
    /// <summary>No slash, but a name: for a command that takes paths, a file in the caller's working directory.</summary>
    Name,
    /// <summary>A path under a fixed absolute prefix that can't climb out of it.</summary>
    ConfinedPath,
    /// <summary>A path under a fixed prefix that admits <c>..</c>: anywhere.</summary>
    TraversalPath,
    /// <summary>Any path.</summary>
    FreePath,
}

/// <summary>
/// Facts about one Python argument pattern as the reference applies it:
/// <c>re.match(pattern + '$', arg)</c>, anchored at the start only, so a top-level
/// <c>a|b</c> admits anything that starts with <c>a</c>, and <c>$</c> admits a trailing newline.
/// Derived from the parsed pattern (character sets, quantifiers, alternation), and checked
/// against concrete arguments with an equivalent .NET regex for the examples in messages.
/// </summary>
public sealed class PatternFacts
{
    public string Pattern { get; }
    /// <summary>Python's <c>re</c> rejects it: the filter never matches (the reference catches re.error).</summary>
    public bool Invalid { get; private set; }
    public string? InvalidReason { get; private set; }
    /// <summary>Syntax the analyzer doesn't model (conditionals): treated as admitting anything.</summary>
    public bool Unanalysed { get; private set; }
    /// <summary>The alternatives before the last one of a top-level <c>|</c>: each admits any suffix under the reference.</summary>
    public IReadOnlyList<string> OpenAlternatives { get; private set; } = [];
    public bool TopLevelAlternation => OpenAlternatives.Count > 0;
    /// <summary>A quantified group inside a quantified group: the reference's backtracking can take exponential time.</summary>
    public bool NestedQuantifier { get; private set; }
    /// <summary>The pattern ends with <c>$</c> semantics, so <c>X\n</c> passes wherever <c>X</c> does, and can't produce '\n' itself.</summary>
    public bool TrailingNewlineAdmitted { get; private set; }
    public ArgShape Shape { get; private set; }
    public string LiteralPrefix { get; private set; } = "";
    public string LiteralSuffix { get; private set; } = "";
    /// <summary>The literal path the argument starts with: <see cref="LiteralPrefix"/>, or what follows an option's '='.</summary>
    public string LiteralPathPrefix => PathPrefix(LiteralPrefix);
    /// <summary>Characters the caller chooses (every character of a class, a <c>.</c>, or an open alternative's tail).</summary>
    public CharSet FreeChars { get; private set; }
    /// <summary>Every character that can appear.</summary>
    public CharSet Alphabet { get; private set; }
    /// <summary>The caller can make the argument start with '-' of their choosing: an option.</summary>
    public bool OptionInjection { get; private set; }
    /// <summary>
    /// The pattern can produce a ".." path component: at the start, after a '/' or after an
    /// option's '=' (<c>/x/[a-z][a-z.]*</c> spells "a..b" but never "/../"; the guard
    /// <c>(/(?!\.\.?(/|$))[^/]+)*</c> refuses both "." and ".." as a component).
    /// Over-approximated (other look-arounds are ignored), never missed: <see cref="Climb"/>.
    /// </summary>
    public bool DotDot { get; private set; }
    /// <summary>Exactly one string.</summary>
    public bool IsLiteral { get; private set; }
    /// <summary>
    /// Every character the caller chooses is a digit (<c>/proc/\d+/status</c>, <c>/dev/nbd[0-9]+</c>):
    /// the free part can hold no '/', no '.' and no letter, so it can't climb out of its folder
    /// or spell a file's name, only a number.
    /// </summary>
    public bool FreeDigitsOnly { get; private set; }

    private Regex? _reference;
    private bool _referenceBuilt;
    private RxNode? _root;

    public const string ShellMetacharacters = ";|&$`\n'\"()<>\\*?[]{}~#! \t";

    private PatternFacts(string pattern) => Pattern = pattern;

    public static PatternFacts Analyze(string pattern)
    {
        var f = new PatternFacts(pattern);
        RxNode root;
        IReadOnlyList<RxNode> branches;
        try
        {
            root = PyPatternParser.Parse(pattern, out branches);
        }
        catch (PyPatternException e)
        {
            f.Invalid = true;
            f.InvalidReason = e.Message + " at position " + e.Position;
            return f;
        }
        catch (NotSupportedException)
        {
            f.Unanalysed = true;
            f.Shape = ArgShape.FreePath;
            f.FreeChars = f.Alphabet = CharSet.All;
            f.OptionInjection = true;
            f.DotDot = true;
            return f;
        }
        if (new PyRegex(pattern).IsInvalid)
        {
            // Our parser accepted what the helper itself does not compile: the helper denies.
            f.Invalid = true;
            f.InvalidReason = "does not compile";
            return f;
        }

        // The reference's language: every alternative but the last is followed by anything.
        RxNode effective = root;
        if (branches.Count > 1)
        {
            var open = new List<string>();
            var alts = new List<RxNode>();
            for (int i = 0; i < branches.Count; i++)
            {
                if (i < branches.Count - 1)
                {
                    alts.Add(new RxSeq([branches[i], new RxRepeat(new RxChar(CharSet.All), 0, -1)]));
                    open.Add(BranchText(pattern, i));
                }
                else alts.Add(branches[i]);
            }
            effective = new RxAlt(alts);
            f.OpenAlternatives = open;
        }

        f._root = root;
        f.Alphabet = AlphabetOf(effective);
        f.FreeChars = FreeAlphabet(effective);
        f.NestedQuantifier = HasNestedQuantifier(root, insideUnbounded: false);
        f.DotDot = Climb.Possible(effective);
        var last = branches[^1];
        f.TrailingNewlineAdmitted = !EndsWithAbsoluteEnd(last) && !f.Alphabet.Contains('\n');
        f.LiteralPrefix = Prefix(effective, out _);
        f.LiteralSuffix = Suffix(effective, out _);
        double count = Count(effective);
        f.IsLiteral = count == 1;
        f.FreeDigitsOnly = !f.FreeChars.IsEmpty && Enumerable.Range(0, 128).All(c => !f.FreeChars.Contains((char)c) || c is >= '0' and <= '9');
        f.OptionInjection = count > 64 && FirstFree(effective).Contains('-') && !NoLeadingDash(effective);

        if (count <= 64) f.Shape = ArgShape.Fixed;
        else if (!f.Alphabet.Contains('/'))
            f.Shape = f.FreeChars.Overlaps(CharSet.Letters) ? ArgShape.Name : ArgShape.Value;
        else if (PathPrefix(f.LiteralPrefix) is { Length: > 1 } pp && pp.StartsWith('/') && pp.IndexOf('/', 1) > 0)
            f.Shape = f.DotDot ? ArgShape.TraversalPath : ArgShape.ConfinedPath;
        else if (First(effective).Contains('/') || f.DotDot) f.Shape = ArgShape.FreePath;
        else f.Shape = f.FreeChars.Overlaps(CharSet.Letters) ? ArgShape.Name : ArgShape.Value;
        return f;
    }

    /// <summary>
    /// The pattern opens with a guard that refuses a leading '-' (<c>(?!-)</c>): no option.
    /// A top-level alternation's branches each need one.
    /// </summary>
    private static bool NoLeadingDash(RxNode n) => n switch
    {
        RxAlt alt => alt.Branches.All(NoLeadingDash),
        RxSeq seq => seq.Items.Count > 0 && (seq.Items[0] is RxZeroWidth { Kind: "negative lookahead", Text: "-" or "\\-" or "-.*" }
            || (seq.Items[0] is RxZeroWidth { Kind: "^" or "\\A" } && seq.Items.Count > 1 && NoLeadingDash(new RxSeq(seq.Items.Skip(1).ToList())))),
        RxZeroWidth { Kind: "negative lookahead", Text: "-" or "\\-" or "-.*" } => true,
        _ => false,
    };

    /// <summary>
    /// The path a literal prefix starts: itself, or what follows an option's '='
    /// (<c>--reference=/tmp/</c>, <c>--pid-file=/var/lib/neutron/</c>).
    /// </summary>
    private static string PathPrefix(string prefix)
    {
        if (!prefix.StartsWith('-')) return prefix;
        int eq = prefix.IndexOf('=');
        return eq > 0 && prefix[..eq].All(c => c == '-' || c == '_' || char.IsAsciiLetterOrDigit(c)) ? prefix[(eq + 1)..] : prefix;
    }

    /// <summary>The source text of top-level alternative <paramref name="index"/>.</summary>
    private static string BranchText(string pattern, int index)
    {
        int depth = 0, start = 0, n = 0;
        bool inClass = false;
        for (int i = 0; i < pattern.Length; i++)
        {
            char c = pattern[i];
            if (c == '\\') { i++; continue; }
            if (inClass) { if (c == ']') inClass = false; continue; }
            if (c == '[') { inClass = true; if (i + 1 < pattern.Length && pattern[i + 1] == ']') i++; continue; }
            if (c == '(') depth++;
            else if (c == ')') depth--;
            else if (c == '|' && depth == 0)
            {
                if (n == index) return pattern[start..i];
                n++;
                start = i + 1;
            }
        }
        return pattern[start..];
    }

    /// <summary>Does the reference admit this argument? (<c>re.match(pattern + '$', arg)</c>.) False for invalid patterns.</summary>
    public bool Admits(string arg)
    {
        if (!_referenceBuilt)
        {
            _referenceBuilt = true;
            if (!Invalid && PyRegex.Translate(Pattern + "$") is { } t)
            {
                try { _reference = new Regex(@"\A(?:" + t + ")", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(50)); }
                catch (ArgumentException) { _reference = null; }
            }
        }
        if (_reference is null) return Unanalysed;
        try { return _reference.IsMatch(arg); }
        catch (RegexMatchTimeoutException) { return false; }
    }

    /// <summary>
    /// Every argument the reference admits, when they are few (a fixed word, <c>show|list</c>
    /// grouped, <c>-c[0-3]</c>); null when the caller has more choice than that.
    /// </summary>
    public IReadOnlyList<string>? Strings(int max = 64)
    {
        if (_root is null || TopLevelAlternation || Shape != ArgShape.Fixed) return null;
        var all = Enumerate(_root, max);
        return all?.Where(Admits).Distinct().ToList();
    }

    /// <summary>True when the reference admits nothing but words of <paramref name="words"/> here.</summary>
    public bool OnlyAdmits(params string[] words) =>
        Strings() is { Count: > 0 } s && s.All(x => Array.IndexOf(words, x) >= 0);

    private static List<string>? Enumerate(RxNode n, int max)
    {
        switch (n)
        {
            case RxChar c:
                {
                    if (c.Set.NonAscii || c.Set.AsciiCount > max) return null;
                    var l = new List<string>();
                    for (int k = 0; k < 128; k++) if (c.Set.Contains((char)k)) l.Add(((char)k).ToString());
                    return l;
                }
            case RxZeroWidth:
                return [""];
            case RxSeq s:
                {
                    var acc = new List<string> { "" };
                    foreach (var x in s.Items)
                    {
                        if (Enumerate(x, max) is not { } part) return null;
                        if ((long)acc.Count * part.Count > max) return null;
                        acc = acc.SelectMany(a => part.Select(b => a + b)).ToList();
                    }
                    return acc;
                }
            case RxAlt a:
                {
                    var acc = new List<string>();
                    foreach (var b in a.Branches)
                    {
                        if (Enumerate(b, max) is not { } part) return null;
                        acc.AddRange(part);
                        if (acc.Count > max) return null;
                    }
                    return acc;
                }
            case RxRepeat r:
                {
                    if (Enumerate(r.Inner, max) is not { } inner) return null;
                    if (r.Max < 0) return inner.All(x => x.Length == 0) ? [""] : null;
                    var acc = new List<string>();
                    var level = new List<string> { "" };
                    for (int k = 0; k <= r.Max; k++)
                    {
                        if (k >= r.Min) acc.AddRange(level);
                        if (acc.Count > max) return null;
                        if (k == r.Max) break;
                        if ((long)level.Count * inner.Count > max) return null;
                        level = level.SelectMany(a => inner.Select(b => a + b)).ToList();
                    }
                    return acc;
                }
            default:
                return null;
        }
    }

    /// <summary>The first candidate the reference admits, or null.</summary>
    public string? FirstAdmitted(IEnumerable<string> candidates)
    {
        foreach (var c in candidates) if (Admits(c)) return c;
        return null;
    }

    /// <summary>Example arguments that leave the pattern's prefix for <paramref name="target"/> (an absolute path).</summary>
    public IEnumerable<string> EscapeCandidates(string target)
    {
        var prefix = LiteralPrefix;
        var rel = target.TrimStart('/');
        int depth = prefix.Count(ch => ch == '/');
        var up = string.Concat(Enumerable.Repeat("../", Math.Max(depth, 1)));
        var suffix = LiteralSuffix;
        foreach (var s in new[] { "", suffix })
        {
            if (s.Length > 0 && target.EndsWith(s, StringComparison.Ordinal)) continue;
            if (prefix.EndsWith('/'))
            {
                yield return prefix + up + rel + s;
                yield return prefix + "x/" + up + "../" + rel + s;
            }
            else if (prefix.Length > 0)
            {
                yield return prefix + "/" + up + rel + s;
                yield return prefix + "x/" + up + rel + s;
            }
            yield return prefix + target + s;
            yield return target + s;
        }
    }

    /// <summary>
    /// An argument the pattern admits: the first free repetition that can hold
    /// <paramref name="payload"/> holds it, everything else is as short and plain as possible.
    /// Null when the result isn't admitted (look-arounds, back-references).
    /// </summary>
    public string? Sample(string? payload = null)
    {
        if (_root is null) return null;
        var sb = new StringBuilder();
        bool placed = payload is null;
        Emit(_root, sb, payload, ref placed);
        if (!placed) return null;
        var s = sb.ToString();
        return Admits(s) ? s : null;
    }

    /// <summary>Samples with each payload in turn; the first admitted one.</summary>
    public string? SampleWith(params string[] payloads)
    {
        foreach (var p in payloads) if (Sample(p) is { } s) return s;
        return null;
    }

    private static char Representative(CharSet set)
    {
        foreach (var c in "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_-.:/")
            if (set.Contains(c)) return c;
        for (int c = 32; c < 127; c++) if (set.Contains((char)c)) return (char)c;
        for (int c = 0; c < 128; c++) if (set.Contains((char)c)) return (char)c;
        return 'a';
    }

    private static void Emit(RxNode n, StringBuilder sb, string? payload, ref bool placed)
    {
        switch (n)
        {
            case RxChar c:
                sb.Append(Representative(c.Set));
                break;
            case RxSeq s:
                foreach (var x in s.Items) Emit(x, sb, payload, ref placed);
                break;
            case RxAlt a:
                {
                    // Prefer a branch that can carry the payload.
                    var branch = !placed && payload is not null
                        ? a.Branches.FirstOrDefault(b => CanCarry(b, payload)) ?? a.Branches[0]
                        : a.Branches[0];
                    Emit(branch, sb, payload, ref placed);
                    break;
                }
            case RxRepeat r:
                if (!placed && payload is not null && r.Max != 0 && (r.Max < 0 || r.Max >= payload.Length) && payload.All(ch => AlphabetOf(r.Inner).Contains(ch)) && SingleCharBody(r.Inner))
                {
                    sb.Append(payload);
                    placed = true;
                    break;
                }
                for (int i = 0; i < r.Min; i++) Emit(r.Inner, sb, payload, ref placed);
                break;
        }
    }

    private static bool SingleCharBody(RxNode n) => n switch
    {
        RxChar => true,
        RxAlt a => a.Branches.All(SingleCharBody),
        RxSeq s => s.Items.Count == 1 && SingleCharBody(s.Items[0]),
        _ => false,
    };

    private static bool CanCarry(RxNode n, string payload) => n switch
    {
        RxRepeat r => r.Max != 0 && payload.All(ch => AlphabetOf(r.Inner).Contains(ch)) && SingleCharBody(r.Inner),
        RxSeq s => s.Items.Any(x => CanCarry(x, payload)),
        RxAlt a => a.Branches.Any(x => CanCarry(x, payload)),
        _ => false,
    };

    // ---- structure ----

    private static bool EndsWithAbsoluteEnd(RxNode n) => n switch
    {
        RxZeroWidth z => z.Kind == "\\Z",
        RxSeq s => s.Items.Count > 0 && EndsWithAbsoluteEnd(s.Items[^1]),
        RxAlt a => a.Branches.All(EndsWithAbsoluteEnd),
        _ => false,
    };

    private static CharSet AlphabetOf(RxNode n) => n switch
    {
        RxChar c => c.Set,
        RxSeq s => s.Items.Aggregate(CharSet.None, (acc, x) => acc.Union(AlphabetOf(x))),
        RxAlt a => a.Branches.Aggregate(CharSet.None, (acc, x) => acc.Union(AlphabetOf(x))),
        RxRepeat r => r.Max == 0 ? CharSet.None : AlphabetOf(r.Inner),
        _ => CharSet.None,
    };

    private static bool IsChosen(CharSet s) => !s.IsSingleAscii && !IsCaseFoldedLetter(s);

    /// <summary>'a' under IGNORECASE is {a, A}: still the author's letter, not the caller's choice.</summary>
    private static bool IsCaseFoldedLetter(CharSet s)
    {
        if (s.NonAscii || s.AsciiCount != 2) return false;
        for (char c = 'a'; c <= 'z'; c++)
            if (s.Contains(c) && s.Contains(char.ToUpperInvariant(c))) return true;
        return false;
    }

    private static CharSet FreeAlphabet(RxNode n) => n switch
    {
        RxChar c => IsChosen(c.Set) ? c.Set : CharSet.None,
        RxSeq s => s.Items.Aggregate(CharSet.None, (acc, x) => acc.Union(FreeAlphabet(x))),
        RxAlt a => a.Branches.Aggregate(CharSet.None, (acc, x) => acc.Union(FreeAlphabet(x))),
        RxRepeat r => r.Max == 0 ? CharSet.None : FreeAlphabet(r.Inner),
        _ => CharSet.None,
    };

    private static bool Nullable(RxNode n) => n switch
    {
        RxChar => false,
        RxSeq s => s.Items.All(Nullable),
        RxAlt a => a.Branches.Any(Nullable),
        RxRepeat r => r.Min == 0 || Nullable(r.Inner),
        _ => true,
    };

    private static CharSet First(RxNode n) => Edge(n, onlyChosen: false);

    /// <summary>The caller-chosen part of <see cref="First"/>.</summary>
    private static CharSet FirstFree(RxNode n) => Edge(n, onlyChosen: true);

    /// <summary>
    /// The characters the node can start with; <paramref name="onlyChosen"/> keeps only the
    /// caller-chosen sets.
    /// </summary>
    private static CharSet Edge(RxNode n, bool onlyChosen)
    {
        switch (n)
        {
            case RxChar c: return !onlyChosen || IsChosen(c.Set) ? c.Set : CharSet.None;
            case RxSeq s:
                {
                    var acc = CharSet.None;
                    foreach (var x in s.Items)
                    {
                        acc = acc.Union(Edge(x, onlyChosen));
                        if (!Nullable(x)) break;
                    }
                    return acc;
                }
            case RxAlt a: return a.Branches.Aggregate(CharSet.None, (acc, x) => acc.Union(Edge(x, onlyChosen)));
            case RxRepeat r: return r.Max == 0 ? CharSet.None : Edge(r.Inner, onlyChosen);
            default: return CharSet.None;
        }
    }

    private static bool HasNestedQuantifier(RxNode n, bool insideUnbounded) => n switch
    {
        RxRepeat r when r.Max < 0 || r.Max > 10 => insideUnbounded && !Nullable(r.Inner) || HasNestedQuantifier(r.Inner, true)
            || (r.Inner is RxAlt alt && BranchesOverlap(alt)),
        RxRepeat r => HasNestedQuantifier(r.Inner, insideUnbounded),
        RxSeq s => s.Items.Any(x => HasNestedQuantifier(x, insideUnbounded)),
        RxAlt a => a.Branches.Any(x => HasNestedQuantifier(x, insideUnbounded)),
        _ => false,
    };

    private static bool BranchesOverlap(RxAlt a)
    {
        for (int i = 0; i < a.Branches.Count; i++)
            for (int j = i + 1; j < a.Branches.Count; j++)
                if (First(a.Branches[i]).Overlaps(First(a.Branches[j]))) return true;
        return false;
    }

    /// <summary>The fixed text every admitted argument starts with; <paramref name="whole"/> when the node is nothing but that text.</summary>
    private static string Prefix(RxNode n, out bool whole) => Affix(n, fromEnd: false, out whole);

    /// <summary>The fixed text every admitted argument ends with.</summary>
    private static string Suffix(RxNode n, out bool whole) => Affix(n, fromEnd: true, out whole);

    private static string Affix(RxNode n, bool fromEnd, out bool whole)
    {
        switch (n)
        {
            case RxChar c when c.Set.IsSingleAscii:
                whole = true;
                return c.Set.SingleChar.ToString();
            case RxZeroWidth:
                whole = true;
                return "";
            case RxRepeat r when r.Min == r.Max && r.Min <= 16:
                {
                    var p = Affix(r.Inner, fromEnd, out var w);
                    if (w) { whole = true; return string.Concat(Enumerable.Repeat(p, r.Min)); }
                    whole = false;
                    return r.Min > 0 ? p : "";
                }
            case RxRepeat r when r.Min > 0 && !fromEnd:
                whole = false;
                return Affix(r.Inner, fromEnd, out _);
            case RxSeq s:
                {
                    var parts = new List<string>(s.Items.Count);
                    for (int k = 0; k < s.Items.Count; k++)
                    {
                        var part = Affix(s.Items[fromEnd ? s.Items.Count - 1 - k : k], fromEnd, out var w);
                        if (fromEnd) parts.Insert(0, part); else parts.Add(part);
                        if (!w) { whole = false; return string.Concat(parts); }
                    }
                    whole = true;
                    return string.Concat(parts);
                }
            default:
                whole = false;
                return "";
        }
    }

    /// <summary>How many strings the node admits, capped; infinity for unbounded repeats or non-ASCII classes.</summary>
    private static double Count(RxNode n)
    {
        const double cap = 1e9;
        switch (n)
        {
            case RxChar c: return c.Set.NonAscii ? double.PositiveInfinity : c.Set.AsciiCount;
            case RxSeq s:
                {
                    double p = 1;
                    foreach (var x in s.Items) { p *= Count(x); if (p > cap) return double.PositiveInfinity; }
                    return p;
                }
            case RxAlt a:
                {
                    double sum = 0;
                    foreach (var x in a.Branches) { sum += Count(x); if (sum > cap) return double.PositiveInfinity; }
                    return sum;
                }
            case RxRepeat r:
                {
                    if (r.Max < 0) return Count(r.Inner) <= 1 && !Nullable(r.Inner) && AlphabetOf(r.Inner).IsEmpty ? 1 : double.PositiveInfinity;
                    double inner = Count(r.Inner), total = 0;
                    for (int k = r.Min; k <= r.Max; k++)
                    {
                        total += Math.Pow(inner, k);
                        if (total > cap) return double.PositiveInfinity;
                    }
                    return total;
                }
            default: return 1;
        }
    }
}

/// <summary>
/// Whether a pattern can produce a ".." path component, decided by running every string the
/// pattern's node tree can produce through a small automaton over path components (states
/// stand for "at a component's start", "component so far is '.'", "'..'", "other", and the
/// same under the dot guard, "found"). Sets of states flow through sequences, alternatives
/// and repetitions to a fixpoint, so the answer is exact for the tree, look-arounds aside:
/// a negative look-ahead that is the usual dot guard (<c>\.\.?(/|$)</c>) is honoured,
/// any other look-around ignored (more strings, never fewer).
/// </summary>
internal static class Climb
{
    // S0 component start, S1 ".", S2 "..", S3 other, P the first component before any '/'
    // (where an option's '=' starts a path: --reference=../x), G0..G2 the same under the dot
    // guard, F found, X refused by the guard.
    private const int S0 = 0, S1 = 1, S2 = 2, S3 = 3, G0 = 4, G1 = 5, G2 = 6, F = 7, X = 8, P = 9, N = 10;

    private static readonly HashSet<string> Guards = new(StringComparer.Ordinal)
    {
        @"\.\.?(/|$)", @"\.\.?(?:/|$)", @"\.{1,2}(/|$)", @"\.{1,2}(?:/|$)", @"\.\.?/|\.\.?$",
    };

    public static bool Possible(RxNode root)
    {
        var end = Run(root, 1 << S0 | 1 << P);
        return (end & (1 << F | 1 << S2)) != 0;
    }

    private static readonly CharSet Others = CharSet.Of("/=.").Complement();

    private static int Step(int state, char kind) => (state, kind) switch
    {
        (F, _) => F,
        (X, _) => X,
        (_, '/') => state switch { S2 => F, G1 or G2 => X, _ => S0 },
        (P, '=') => S0,
        (S0, '.') => S1, (S1, '.') => S2, (G0, '.') => G1, (G1, '.') => G2,
        (P, _) => P,
        _ => S3,
    };

    private static int Chars(int states, CharSet set)
    {
        int result = 0;
        foreach (var kind in new[] { '/', '=', '.', 'a' })
        {
            bool any = kind == 'a' ? set.Overlaps(Others) : set.Contains(kind);
            if (!any) continue;
            for (int s = 0; s < N; s++)
                if ((states & 1 << s) != 0) result |= 1 << Step(s, kind);
        }
        return result;
    }

    private static int Run(RxNode n, int states)
    {
        switch (n)
        {
            case RxChar c: return Chars(states, c.Set);
            case RxSeq seq:
                foreach (var x in seq.Items) states = Run(x, states);
                return states;
            case RxAlt alt:
                {
                    int r = 0;
                    foreach (var b in alt.Branches) r |= Run(b, states);
                    return r;
                }
            case RxRepeat rep:
                {
                    for (int i = 0; i < rep.Min; i++) states = Run(rep.Inner, states);
                    int acc = states;
                    for (int i = rep.Min; rep.Max < 0 || i < rep.Max; i++)
                    {
                        int next = acc | Run(rep.Inner, acc);
                        if (next == acc) break;
                        acc = next;
                    }
                    return acc;
                }
            case RxZeroWidth { Kind: "negative lookahead", Text: { } t } when Guards.Contains(t):
                return (states & ~(1 << S0)) | ((states & 1 << S0) != 0 ? 1 << G0 : 0);
            case RxZeroWidth { Kind: "$" or "\\Z" }:
                // The end: a guarded "." or ".." may not end here.
                return states & ~(1 << G1 | 1 << G2);
            default: return states;
        }
    }
}
