using System.Diagnostics;
using System.Text.Json;
using Rootwrap.Audit;
using Xunit;

namespace Rootwrap.Tests.Audit;

public class PatternFactsTests
{
    [Theory]
    [InlineData(@"-c", ArgShape.Fixed)]
    [InlineData(@"-c[0-3]", ArgShape.Fixed)]
    [InlineData(@"(start|stop)", ArgShape.Fixed)]
    [InlineData(@"\d+", ArgShape.Value)]
    [InlineData(@"\+\d+", ArgShape.Value)]
    [InlineData(@"[a-z]+", ArgShape.Name)]
    [InlineData(@"blkio:\w+", ArgShape.Name)]
    [InlineData(@"/var/lib/nova/instances/[0-9a-f-]+", ArgShape.ConfinedPath)]
    [InlineData(@"/tmp/.*", ArgShape.TraversalPath)]
    [InlineData(@"/etc/(?!\.\.).*", ArgShape.TraversalPath)]
    [InlineData(@"[0-9a-z./-]+", ArgShape.FreePath)]
    [InlineData(@".*", ArgShape.FreePath)]
    [InlineData(@"\S+", ArgShape.FreePath)]
    [InlineData(@"/.*", ArgShape.FreePath)]
    [InlineData(@"^[/]*([^/\0]+(/+)?)*$", ArgShape.FreePath)]
    public void Shape_says_what_a_caller_can_put_there(string pattern, ArgShape shape)
    {
        Assert.Equal(shape, PatternFacts.Analyze(pattern).Shape);
    }

    [Fact]
    public void Top_level_alternation_admits_any_suffix_after_the_first_branch()
    {
        var p = PatternFacts.Analyze("start|stop");
        Assert.True(p.TopLevelAlternation);
        Assert.Equal(["start"], p.OpenAlternatives);
        Assert.True(p.Admits("start; reboot"));
        Assert.False(p.Admits("stopx"));
        Assert.False(PatternFacts.Analyze("(start|stop)").TopLevelAlternation);
    }

    [Fact]
    public void Dollar_admits_a_trailing_newline_and_backslash_Z_does_not()
    {
        var p = PatternFacts.Analyze(@"\d+");
        Assert.True(p.TrailingNewlineAdmitted);
        Assert.True(p.Admits("5\n"));
        var z = PatternFacts.Analyze(@"\d+\Z");
        Assert.False(z.TrailingNewlineAdmitted);
        Assert.False(z.Admits("5\n"));
    }

    [Theory]
    [InlineData(@"^[/]*([^/\0]+(/+)?)*$")]
    [InlineData(@"(a+)+")]
    [InlineData(@"(a|ab)*c")]
    public void Nested_quantifiers_are_found(string pattern) => Assert.True(PatternFacts.Analyze(pattern).NestedQuantifier);

    [Theory]
    [InlineData(@"((.|\n)*)")]
    [InlineData(@"[a-z]+/[0-9]+")]
    [InlineData(@"\d+")]
    public void Plain_quantifiers_are_not(string pattern) => Assert.False(PatternFacts.Analyze(pattern).NestedQuantifier);

    [Theory]
    [InlineData("(unclosed")]
    [InlineData("a**")]
    [InlineData("*a")]
    [InlineData(@"\q")]
    [InlineData("[z-a]")]
    public void Python_rejects_these_and_so_does_the_analyzer(string pattern) => Assert.True(PatternFacts.Analyze(pattern).Invalid);

    [Theory]
    [InlineData(@"/proc/\d+/status", true)]
    [InlineData(@"/proc/[0-9]+", true)]
    [InlineData(@"/dev/nbd[0-9]{1,2}", true)]
    [InlineData(@"/proc/[0-9a-f]+/status", false)]
    [InlineData(@"/proc/[0-9.]+", false)]
    [InlineData(@"/proc/\d+/.*", false)]
    [InlineData(@"/proc/self/status", false)]
    public void Free_digits_can_hold_no_slash_no_dot_and_no_name(string pattern, bool digits)
    {
        var p = PatternFacts.Analyze(pattern);
        Assert.Equal(digits, p.FreeDigitsOnly);
        if (digits) Assert.False(p.DotDot);
    }

    [Fact]
    public void Strings_lists_what_a_fixed_pattern_admits()
    {
        Assert.Equal(["show", "list"], PatternFacts.Analyze("(show|list)").Strings());
        Assert.Equal(["-c0", "-c1", "-c2", "-c3"], PatternFacts.Analyze("-c[0-3]").Strings());
        Assert.Equal(["-delete"], PatternFacts.Analyze("-delete").Strings());
        Assert.True(PatternFacts.Analyze("(?:show|list)").OnlyAdmits("show", "list", "ls"));
        Assert.False(PatternFacts.Analyze("(show|set)").OnlyAdmits("show", "list"));
        Assert.Null(PatternFacts.Analyze(".*").Strings());
        Assert.Null(PatternFacts.Analyze("show|list").Strings()); // the reference's open alternative
    }

    [Fact]
    public void Option_injection_needs_a_free_first_character()
    {
        Assert.True(PatternFacts.Analyze(".*").OptionInjection);
        Assert.False(PatternFacts.Analyze("/tmp/.*").OptionInjection);
        Assert.False(PatternFacts.Analyze("-n").OptionInjection);
    }

    [Fact]
    public void Escape_candidates_leave_the_prefix_past_a_lookahead()
    {
        var p = PatternFacts.Analyze(@"/etc/(?!\.\.).*");
        var w = p.FirstAdmitted(p.EscapeCandidates("/tmp/p.conf"));
        Assert.NotNull(w);
        Assert.StartsWith("/etc/", w);
        Assert.Contains("..", w);
    }

    [Fact]
    public void Sample_places_a_payload_in_a_free_repetition()
    {
        var p = PatternFacts.Analyze(@"echo '((.|\n)*)' > /.*");
        Assert.Equal("echo ''; /tmp/x; '' > /", p.Sample("'; /tmp/x; '"));
        Assert.Equal("-c0", PatternFacts.Analyze("-c[0-3]").Sample());
    }

    /// <summary>
    /// The analyzer's "admits" is the reference's: the same answers as Python's
    /// <c>re.match(pattern + '$', arg)</c> on every case (when the reference's Python is here).
    /// </summary>
    [RequiresFact(Need.Python)]
    public void Admits_agrees_with_the_reference_Python()
    {
        const string python = Machine.Python;
        (string P, string A)[] cases =
        [
            ("start|stop", "startx"), ("start|stop", "stopx"), ("start|stop", "stop"), (@"\d+", "5\n"), (@"\d+", "5\n\n"),
            (@"\d+\Z", "5\n"), ("/tmp/.*", "/tmp/../etc/shadow"), (@"/etc/(?!\.\.).*", "/etc/../x"),
            (@"/etc/(?!\.\.).*", "/etc/x/../../tmp/p.conf"), (@"echo '((.|\n)*)' > /.*", "echo ''; /tmp/x; '' > /"),
            (@"rm -f /.*/\*\.conf$", "rm -f /x; /tmp/x; echo /*.conf"), (@"-c[0-3]", "-c4"), (@"(?P<a>x)(?P=a)", "xx"),
            ("[^/]+", "a/b"), (@"blkio:\S+", "blkio:/../x"), ("a{,2}", "aa"), ("a{,2}", "aaa"), ("x$|y", "x\n"),
            (@"[\w.-]+", "é.x"), (@"\s", "\x1c"), ("(?i)abc", "ABC"), ("a.c", "a\nc"), ("(?s)a.c", "a\nc"),
        ];
        var input = JsonSerializer.Serialize(cases.Select(c => new[] { c.P, c.A }).ToArray());
        var psi = new ProcessStartInfo(python, ["-c",
            "import json,re,sys\nfor p,a in json.load(sys.stdin): print(1 if re.match(p+'$',a) else 0)"])
        { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        using var proc = Process.Start(psi)!;
        proc.StandardInput.Write(input);
        proc.StandardInput.Close();
        var answers = proc.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        proc.WaitForExit();
        Assert.Equal(cases.Length, answers.Length);
        for (int i = 0; i < cases.Length; i++)
            Assert.True((answers[i] == "1") == PatternFacts.Analyze(cases[i].P).Admits(cases[i].A),
                $"`{cases[i].P}` on {JsonSerializer.Serialize(cases[i].A)}: Python says {answers[i]}");
    }

    [Theory]
    [InlineData(@"/etc/ganesha/export\.d/[A-Za-z0-9_-][A-Za-z0-9_.-]*\.conf", false)]
    [InlineData(@"/var/lib/manila/mnt/[A-Za-z0-9_-][A-Za-z0-9_.-]*", false)]
    [InlineData(@"/tmp/tmp[a-z0-9_]{8}/[A-Za-z0-9_-][A-Za-z0-9_.-]*\.sh", false)]
    [InlineData(@"/var/lib/cinder/[a-z0-9.-]+", true)]
    [InlineData(@"/etc/x/.*", true)]
    [InlineData(@"--reference=/tmp/[a-z.]+", true)]
    [InlineData(@"\.\./x", true)]
    [InlineData(@"/x/a\.\.b", false)]
    [InlineData(@"/tmp/[0-9a-f]{8}(/(?!\.\.?(/|$))[^/]+)*", false)]
    [InlineData(@"/tmp/[0-9a-f]{8}(/(?!\.(/|$))[^/]+)*", true)]
    [InlineData(@"/tmp/[0-9a-f]{8}(/[^/]+)*", true)]
    [InlineData(@"/var/lib/manila/mnt/[A-Za-z0-9_-][A-Za-z0-9_.-]*/\.snapshots/[A-Za-z0-9_-][A-Za-z0-9_.-]*/", false)]
    [InlineData(@"/var/lib/x/[a-z]+/\.\./y", true)]
    [InlineData(@"/var/lib/x/[a-z.]{2}", true)]
    [InlineData(@"/var/lib/x/[a-z.]{3}", false)]
    public void A_dot_dot_counts_only_where_it_can_be_a_path_component(string pattern, bool dotDot)
    {
        // ".." is a component only at the start, after '/' or after an option's '=': a name
        // that must start with a letter can hold "a..b" and never climb.
        var p = PatternFacts.Analyze(pattern);
        Assert.Equal(dotDot, p.DotDot);
        if (!p.IsLiteral && pattern.StartsWith('/') && pattern.IndexOf('/', 1) > 0)
            Assert.Equal(dotDot ? ArgShape.TraversalPath : ArgShape.ConfinedPath, p.Shape);
    }

    [Fact]
    public void An_options_path_is_judged_as_the_path_it_names()
    {
        var p = PatternFacts.Analyze(@"--reference=/tmp/[0-9a-f]{8}/[a-z][a-z0-9_]*");
        Assert.Equal(ArgShape.ConfinedPath, p.Shape);
        Assert.Equal("/tmp/", p.LiteralPathPrefix);
        Assert.Equal(ArgShape.TraversalPath, PatternFacts.Analyze(@"--reference=/tmp/[0-9a-f]{8}/[a-z.]*").Shape);
    }

    [Fact]
    public void A_leading_dash_guard_admits_no_option()
    {
        Assert.False(PatternFacts.Analyze(@"(?!-)[A-Za-z0-9_.:-]+(/[A-Za-z0-9_.:-]+)+").OptionInjection);
        Assert.True(PatternFacts.Analyze(@"[A-Za-z0-9_.:-]+(/[A-Za-z0-9_.:-]+)+").OptionInjection);
        // A guard that refuses something else is no guard against options.
        Assert.True(PatternFacts.Analyze(@"(?!x)[A-Za-z0-9_.:-]+(/[A-Za-z0-9_.:-]+)+").OptionInjection);
    }
}
