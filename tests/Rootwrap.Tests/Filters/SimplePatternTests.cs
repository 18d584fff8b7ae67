using System.Diagnostics;
using System.Text;
using Rootwrap.Filters;
using Xunit;

namespace Rootwrap.Tests.Filters;

public class SimplePatternTests
{
    [Theory]
    [InlineData("")]
    [InlineData("--print-reply")]
    [InlineData(@"--dest=org\.ganesha\.nfsd")]
    [InlineData(@"org\.ganesha\.nfsd\.exportmgr\.(Add|Remove)Export")]
    [InlineData("os_brick.privileged.default")]
    [InlineData("/tmp/.*")]
    [InlineData(".*")]
    [InlineData("start|stop")]
    [InlineData("a|")]
    [InlineData("(?:on|off)")]
    [InlineData("x(|y)z")]
    [InlineData("# with spaces")]
    [InlineData(@"\+\-\*\\")]
    public void Common_shapes_need_no_engine(string pattern) => Assert.NotNull(SimplePattern.TryParse(pattern));

    [Theory]
    [InlineData(@"\d+")]
    [InlineData("-c[0-3]")]
    [InlineData("a*")]
    [InlineData("(a|b)+")]
    [InlineData(".*x")]
    [InlineData(".+")]
    [InlineData("(a)(b)")]
    [InlineData("((a))")]
    [InlineData("(a.b)")]
    [InlineData(@"/etc/(?!\.\.).*")]
    [InlineData("(?i)abc")]
    [InlineData("^abc")]
    [InlineData("abc$")]
    [InlineData(@"abc\Z")]
    [InlineData(@"\1")]
    [InlineData("a{2}")]
    [InlineData("a)")]
    [InlineData("(a")]
    [InlineData("\\")]
    [InlineData(@"\é")]
    public void Other_syntax_is_left_to_the_engines(string pattern) => Assert.Null(SimplePattern.TryParse(pattern));

    private static readonly string[] Patterns =
    [
        "", "--print-reply", @"--dest=org\.ganesha\.nfsd", @"org\.ganesha\.nfsd\.exportmgr\.(Add|Remove)Export",
        "os_brick.privileged.default", "/tmp/.*", ".*", "start|stop", "a|", "(?:on|off)", "x(|y)z", "a.c", "...",
        "a.c|.*", @"\.\*", "é.x", "x.*|y", "(ab|a)c", "-c|(-d|-e)f.*",
    ];

    /// <summary>Inputs near each pattern: the words it is made of, cut, doubled, with newlines, surrogates and escaped bytes.</summary>
    private static List<string> Inputs()
    {
        var rng = new Random(20261130);
        string[] parts =
        [
            "", "a", "c", "x", "y", "z", "ab", "abc", "start", "stop", "on", "off", "-c", "-d", "-e", "f", ".", "*", "\\",
            "\n", "é", "\U0001F600", "\uDC80", "\uD83D", "/tmp/", "org.ganesha.nfsd", "org.ganesha.nfsd.exportmgr.",
            "Add", "Remove", "Export", "--dest=", "--print-reply", "os_brick", "privileged", "default", "_",
        ];
        var inputs = new List<string>(parts)
        {
            "org.ganesha.nfsd.exportmgr.AddExport", "org.ganesha.nfsd.exportmgr.RemoveExport", "org.ganesha.nfsd.exportmgr.Export",
            "os-brick.privileged.default", "é!x", "é\nx", ".*", "xz", "xyz", "xyyz", "-dfoo", "-ef\n", "a\U0001F600c", "\U0001F600\U0001F600\U0001F600",
        };
        foreach (var p in Patterns)
        {
            // The pattern's own text with its backslashes removed: a near miss or a hit.
            inputs.Add(p.Replace("\\", ""));
            inputs.Add(p.Replace("\\", "").Replace("(", "").Replace(")", "").Replace("|", ""));
        }
        for (int n = 0; n < 1500; n++)
        {
            var sb = new StringBuilder();
            int k = rng.Next(1, 5);
            for (int j = 0; j < k; j++) sb.Append(parts[rng.Next(parts.Length)]);
            inputs.Add(sb.ToString());
        }
        return inputs;
    }

    private static string Json(string s) => Differential.PythonRe.Json(s);

    [RequiresFact(Need.Python)]
    public void Agrees_with_Pythons_fullmatch()
    {
        var inputs = Inputs();
        var cases = Patterns.SelectMany(p => inputs.Select(a => (P: p, A: a))).ToList();
        var psi = new ProcessStartInfo(Machine.Python, ["-c",
            "import json,re,sys\nfor p,a in json.load(sys.stdin): print(1 if re.fullmatch(p,a) else 0)"])
        { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        using var proc = Process.Start(psi)!;
        proc.StandardInput.Write("[" + string.Join(",", cases.Select(c => $"[{Json(c.P)},{Json(c.A)}]")) + "]");
        proc.StandardInput.Close();
        var answers = proc.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        proc.WaitForExit();
        Assert.Equal(cases.Count, answers.Length);
        int matched = 0;
        for (int i = 0; i < cases.Count; i++)
        {
            var simple = SimplePattern.TryParse(cases[i].P)!;
            bool python = answers[i] == "1";
            matched += python ? 1 : 0;
            Assert.True(python == simple.FullMatch(cases[i].A),
                $"`{cases[i].P}` on {Json(cases[i].A)}: Python says {python}");
        }
        // The inputs reach both answers for every pattern, not only refusals.
        foreach (var p in Patterns.Where(p => p != ""))
            Assert.True(cases.Where((c, i) => c.P == p && answers[i] == "1").Any(), $"no input matches `{p}`");
        Assert.InRange(matched, Patterns.Length, cases.Count - Patterns.Length);
    }

    [Fact]
    public void Agrees_with_the_engine()
    {
        // The same patterns through the translation and the engine, surrogate pairs and
        // escaped bytes included. The engine refuses a high surrogate that begins no pair (only
        // the daemon's JSON can carry one); the fast matcher takes it as Python does.
        foreach (var p in Patterns)
        {
            var simple = SimplePattern.TryParse(p)!;
            var engine = PyRegex.WithoutFastPath(p);
            foreach (var a in Inputs())
            {
                if (HasLoneHighSurrogate(a)) Assert.False(engine.FullMatch(a), $"`{p}` on {Json(a)}");
                else Assert.True(engine.FullMatch(a) == simple.FullMatch(a), $"`{p}` on {Json(a)}");
            }
        }
    }

    private static bool HasLoneHighSurrogate(string s)
    {
        for (int i = 0; i < s.Length; i++)
        {
            if (!char.IsHighSurrogate(s[i])) continue;
            if (i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) i++;
            else return true;
        }
        return false;
    }

    [Fact]
    public void A_pattern_with_a_lone_surrogate_is_left_to_the_engine()
    {
        // Literal code units would let "\uD83D." meet half of the input's pair.
        Assert.Null(SimplePattern.TryParse("\uD83D."));
        Assert.Null(SimplePattern.TryParse("x\uDC80"));
        Assert.NotNull(SimplePattern.TryParse("x\U0001F600."));
        Assert.False(new PyRegex("\uD83D.").FullMatch("\U0001F600"));
        Assert.True(new PyRegex("x\uDC80").FullMatch("x\uDC80"));
    }

    [Fact]
    public void Dot_is_one_code_point_as_in_Python()
    {
        var p = SimplePattern.TryParse("a.c")!;
        Assert.True(p.FullMatch("a\U0001F600c"));
        Assert.True(p.FullMatch("a\uDC80c"));
        Assert.False(p.FullMatch("a\nc"));
        Assert.False(SimplePattern.TryParse("/tmp/.*")!.FullMatch("/tmp/x\n"));
    }
}
