using System.Text;
using System.Text.RegularExpressions;
using Rootwrap.Audit;
using Rootwrap.Filters;
using Rootwrap.Tests.Filters;
using Xunit;

namespace Rootwrap.Tests.Differential;

/// <summary>
/// The patterns filters really use, asked of Python 3.11's <c>re.fullmatch</c> and of ours
/// (<see cref="RegexDifferentialTests.Compare"/>, one Python process for every pair): every
/// pattern of a RegExpFilter or ChainingRegExpFilter in the Debian corpus, every pattern the
/// auditor suggests in a fix, hostile ones (nested quantifiers, overlapping alternatives,
/// counted repeats past what the NFA compiles), and generated ones. Each gets strings drawn
/// from its own tree (so most of them match), the same strings changed by one character
/// (so many don't), and stock arguments.
/// </summary>
public class PyNfaDifferentialTests(Xunit.Abstractions.ITestOutputHelper output)
{
    /// <summary>Patterns of the corpus's regexp filters: every field after the user.</summary>
    internal static List<string> CorpusPatterns()
    {
        var folder = RepoFiles.Corpus;
        Assert.True(Directory.Exists(folder), $"no filter corpus at {folder}: run tests/corpus/fetch.sh or set ROOTWRAP_CORPUS");
        var patterns = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(folder, "*.filters", SearchOption.AllDirectories))
            foreach (var line in File.ReadLines(file))
            {
                int colon = line.IndexOf(':');
                if (line.TrimStart().StartsWith('#') || colon < 0) continue;
                // The reference splits on ',' and strips each field.
                var fields = line[(colon + 1)..].Split(',').Select(f => f.Trim()).ToArray();
                if (fields.Length > 3 && fields[0] is "RegExpFilter" or "ChainingRegExpFilter") patterns.UnionWith(fields[3..]);
            }
        return [.. patterns];
    }

    /// <summary>Patterns of the RegExpFilters the auditor's fixes spell out, with SERVICE as written and as a name.</summary>
    internal static List<string> FixPatterns()
    {
        var patterns = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var p in Audit.SuggestedFilters.RegExpPatterns()) patterns.UnionWith([p, p.Replace("SERVICE", "nova")]);
        return [.. patterns];
    }

    internal static readonly string[] Hostile =
    [
        "(a+)+b", "(a|a)*b", "(a|aa)*c", "(a*)*b", "((a*)*)*", "(a*)+$", "(x+x+)+y", @"^(\w+\s?)*$", "(.*)*x", "(?:.*,){8}x",
        "(?:a?){12}a{12}", @"(\d+)*\.", "(a|b|ab)*c", "(?:a|a?)+b", @"([^/\0]+(/+)?)*", "(?:(?:a{1,4}){1,4}){1,4}b",
        "a{1000}", "(?:ab){600}", "a{0,20000}", "(?:a|b){5000,}", @"\d{1,3}(?:\.\d{1,3}){3}", "(?:x{0,3}){0,3}y",
        @"(?!.*\.\.).*", @"(?=.*[a-z])(?=.*\d).{4,}", @"(?<![a-z])\d+", @"(?<=-)\w+|-", @"\b\w+\b(?: \b\w+\b)*", @"(?:(?!ab).)*",
        "a*+a", "[ab]*+b", @"\d{2,4}+\d", "(?s:.)*", "(?m)^a$", @"a\Z", "(?i)[a-z0-9/-]+", @"(?a)\w+", @"(?:\B.)*",
        "(?:(?=(a))|b)*", "(?:(?=a)|a)*b", "(?:$|a)*", "(?:^|a)+", "(?:|a)*b", "(?:a|)*?b", "(a?)*?(b?)+?c",
    ];

    private static readonly string[] Pool =
    [
        "a", "b", "A", "z", "0", "5", "9", "-", "_", ".", "/", ",", ":", "=", " ", "\t", "\n", "\0", "*", "+", "'", ">", "x", "y",
        "c", "K", "\u212a", "\u00e9", "\u0663", "\u00b2", "\U0001F600", "\uDC80",
    ];

    private static readonly string[] Stock =
    [
        "", "a", "aa", "ab", "a\n", "\n", "-", "--", "0", "600", "-c3", "-c4", "-n7", "blkio:x", "/etc/nova/nova.conf", "/etc/../shadow",
        "/etc/..", "/tmp/x", "x\ny", "; rm -rf / #", "$(id)", "../../etc/shadow", "/var/lib/nova/x", "/var/lib/SERVICE/x", "10G", "10",
        "/dev/mapper/cinder--volumes-volume--1", "a\0b", "\U0001F600", "\uDC80",
    ];

    /// <summary>A string the tree likely matches: each repeat a few times (or its minimum), each class a member.</summary>
    private static void Sample(List<PyNode> nodes, Random rng, StringBuilder sb, int budget)
    {
        foreach (var n in nodes)
        {
            if (sb.Length > budget) return;
            switch (n)
            {
                case PyLiteral { Negated: false } l:
                    sb.Append(char.ConvertFromUtf32(l.Cp is >= 0xD800 and <= 0xDFFF ? 'x' : l.Cp));
                    break;
                case PyLiteral or PyAny:
                    sb.Append(Pool[rng.Next(Pool.Length)]);
                    break;
                case PyIn s:
                    {
                        var it = s.Items[rng.Next(s.Items.Count)];
                        int cp = s.Negate ? 'q' : it.Kind switch
                        {
                            PySetItemKind.Literal => it.Lo,
                            PySetItemKind.Range => it.Lo + rng.Next(it.Hi - it.Lo + 1),
                            _ => it.Category switch
                            {
                                PyCharClasses.Category.Digit => "07\u0663"[rng.Next(3)],
                                PyCharClasses.Category.Word => "aZ_\u00e9"[rng.Next(4)],
                                PyCharClasses.Category.Space => " \t"[rng.Next(2)],
                                _ => "-/."[rng.Next(3)],
                            },
                        };
                        sb.Append(cp is >= 0xD800 and <= 0xDFFF ? "x" : char.ConvertFromUtf32(cp));
                        break;
                    }
                case PyBranch b:
                    Sample(b.Alternatives[rng.Next(b.Alternatives.Count)], rng, sb, budget);
                    break;
                case PyGroup g:
                    Sample(g.Body, rng, sb, budget);
                    break;
                case PyAtomic a:
                    Sample(a.Body, rng, sb, budget);
                    break;
                case PyRepeat r:
                    {
                        // Long arguments need many turns of the loops; short ones a few.
                        long times = r.Min + rng.Next((int)Math.Min(r.Max - r.Min, budget > 100 ? 200 : 4) + 1);
                        for (long k = 0; k < times && sb.Length <= budget + r.Min; k++) Sample(r.Body, rng, sb, budget + (int)r.Min);
                        break;
                    }
            }
        }
    }

    /// <summary>The string changed at one place: a character dropped, replaced, doubled or added, a newline at the end.</summary>
    private static string Mutate(string s, Random rng)
    {
        int at = rng.Next(s.Length + 1);
        string c = Pool[rng.Next(Pool.Length)];
        return rng.Next(5) switch
        {
            0 when s.Length > 0 => s.Remove(Math.Min(at, s.Length - 1), 1),
            1 when at < s.Length => s[..at] + c + s[(at + 1)..],
            2 when at < s.Length => s[..(at + 1)] + s[at..],
            3 => s + "\n",
            _ => s.Insert(at, c),
        };
    }

    private static IReadOnlyList<string> Subjects(string pattern, Random rng, int samples, int mutants, int budget, int maxLength = int.MaxValue)
    {
        var subjects = new List<string>(Stock.Where(s => s.Length <= maxLength));
        PyRegexParser.Result parsed;
        try { parsed = PyRegexParser.Parse(pattern); }
        catch (Exception e) when (e is PyRegexError or PyRegexUnsupported) { return subjects; }
        for (int i = 0; i < samples; i++)
        {
            var sb = new StringBuilder();
            Sample(parsed.Root, rng, sb, budget);
            var s = sb.ToString();
            // Python's '$' admits a final newline, '\Z' doesn't.
            subjects.AddRange([s, s + "\n"]);
            for (int j = 0; j < mutants; j++) subjects.Add(Mutate(s, rng));
        }
        return subjects.Where(s => s.Length <= maxLength).ToList();
    }

    private static readonly string[] FilterAtoms =
    [
        "a", "b", "-", "/", ".", @"\.", @"\d", @"\w", @"\s", @"\S", @"\W", @"\D", "[a-z]", "[a-z0-9-]", "[a-z0-9/-]", "[0-9a-f]", "[^/]",
        @"[^/\0]", "[0-3]", @"[a-z0-9.*-]", "[KMG]", ".", "(?:a|b)", "(Add|Remove)", "x", @"\+", "$", "^", @"\b", @"\Z", @"\0", @"\n",
    ];

    private static readonly string[] FilterWraps =
    [
        "{0}+", "{0}*", "{0}?", "{0}{{2}}", "{0}{{1,3}}", "{0}{{2,}}", "({0})", "(?:{0})+", "({0}/)*", "{0}|{1}", "{0}{1}", "{0}*?",
        "{0}++", "{0}?+", "(?!{0}){1}", "(?={0}){1}", "(?<={0}){1}", "(?<!{0}){1}", "(?i:{0})", "(?s:{0})", "(?m:{0})", "(?a:{0})",
        "({0}(/+)?)*", "{0}{1}{1}",
    ];

    [RequiresFact(Need.Python)]
    public void Corpus_fix_hostile_and_generated_patterns_agree_with_Python()
    {
        var rng = new Random(20261202);
        var corpus = CorpusPatterns();
        var fixes = FixPatterns();
        Assert.True(corpus.Count >= 20, $"{corpus.Count} corpus patterns");
        Assert.True(fixes.Count >= 40, $"{fixes.Count} fix patterns");
        // The kinds the benchmarks time must be among them.
        Assert.Contains(@"/etc/(?!\.\.).*", corpus);
        Assert.Contains(@"^[/]*([^/\0]+(/+)?)*$", corpus);
        Assert.Contains(@"/var/lib/nova/[a-z0-9/-]+", fixes);

        var cases = new List<(string, IReadOnlyList<string>)>();
        foreach (var p in corpus.Concat(fixes))
        {
            cases.Add((p, Subjects(p, rng, samples: 25, mutants: 5, budget: 60)));
            // Long arguments, drawn whole (Python backtracks on changed ones of the nested patterns).
            cases.Add((p, Subjects(p, rng, samples: 3, mutants: 0, budget: 3000)));
        }
        foreach (var p in Hostile)
        {
            // Short enough for Python's backtracking on the exponential ones.
            var subjects = new List<string>(Subjects(p, rng, samples: 20, mutants: 4, budget: 10, maxLength: 10));
            foreach (int n in new[] { 0, 1, 2, 5, 8, 10 })
                subjects.AddRange([new string('a', n), new string('a', n) + "b", new string('a', n) + "!", new string('x', n) + "y", "/a" + new string('/', n)]);
            cases.Add((p, subjects));
        }
        // Counted repeats, on arguments of their size: large programs, and past the NFA's bound (.NET's engine).
        foreach (var (p, s) in new[] { ("a{1000}", new string('a', 1000)), ("(?:ab){600}", string.Concat(Enumerable.Repeat("ab", 600))), ("a{20000}", new string('a', 20000)), ("a{0,20000}", new string('a', 20000)) })
            cases.Add((p, [s, s + "a", s[1..], s + "\n", s[..^1] + "b"]));
        for (int i = 0; i < 900; i++)
        {
            string Gen(int depth) => depth == 0 || rng.Next(4) == 0
                ? FilterAtoms[rng.Next(FilterAtoms.Length)]
                : string.Format(FilterWraps[rng.Next(FilterWraps.Length)], Gen(depth - 1), Gen(depth - 1));
            var p = Gen(3);
            cases.Add((p, Subjects(p, rng, samples: 8, mutants: 3, budget: 10, maxLength: 12)));
        }

        int pairs = cases.Sum(c => ((IReadOnlyList<string>)c.Item2).Count);
        var (checks, admitted, _) = RegexDifferentialTests.Compare(cases);
        output.WriteLine($"{cases.Count} patterns, {pairs} pairs, {checks} compared with Python, {admitted} admitted: no difference");
        // Every pair of a pattern Python compiles was compared, and the inputs reach both answers.
        Assert.True(checks >= 50_000, $"{checks} of {pairs} pairs compared");
        Assert.True(admitted > checks / 10 && admitted < checks * 9 / 10, $"{admitted} of {checks} admitted");
    }

    [Fact]
    public void The_corpus_and_fix_patterns_run_on_the_nfa_or_need_no_engine()
    {
        foreach (var p in CorpusPatterns().Concat(FixPatterns()))
            Assert.True(new PyRegex(p).Engine is "simple" or "nfa", $"`{p}` runs on {new PyRegex(p).Engine}");
        Assert.Equal("nfa", new PyRegex(@"/etc/(?!\.\.).*").Engine);
        // A fix is split on commas as the reference splits it: a comma in a pattern is written \x2c.
        Assert.True(new PyRegex(@"[a-z_\x2c]+").FullMatch("lv_name,lv_size"));
        Assert.Equal("regex", new PyRegex(@"(a)\1").Engine);
        Assert.Equal("regex", new PyRegex("a{20000}").Engine);
    }
}
