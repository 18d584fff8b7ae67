using System.Text;
using Rootwrap.Filters;
using Xunit;
using Xunit.Abstractions;

namespace Rootwrap.Tests.Differential;

/// <summary>
/// rootwrap-native alone on bad input: every configuration error is 97 and names the file
/// and line; no command is 98; a non-UTF-8 argument reaches the command byte for byte; a
/// pathological regexp can't hold the helper; and after any error nothing runs (the stub
/// would have printed).
/// </summary>
[Collection("Differential")]
public sealed class BadInputTests(Sandbox sb, ITestOutputHelper output)
{
    private static byte[] B(string s) => Encoding.UTF8.GetBytes(s);

    private Task<Outcome> Native(string conf, params byte[][] command) =>
        sb.RunAsync([B(sb.Native), B(conf), .. command], Differ.Timeout);

    /// <summary>A configuration with a good filter file (ls) and a broken one: the good one must not run either.</summary>
    private string WithBroken(string broken, out string brokenFile)
    {
        sb.AddStub("ls");
        var conf = sb.Scenario([("a-good.filters", "[Filters]\nls: CommandFilter, ls, root\n"), ("b-broken.filters", broken)]);
        brokenFile = Path.Combine(Path.GetDirectoryName(conf)!, "filters.d", "b-broken.filters");
        return conf;
    }

    public static TheoryData<string, string, int> BrokenFilterFiles => new()
    {
        { "no [Filters] section", "[Other]\nls: CommandFilter, ls, root\n", 0 },
        { "line without a delimiter", "[Filters]\nok: CommandFilter, ls, root\njunk line\n", 3 },
        { "option before any section", "# comment\nls: CommandFilter, ls, root\n", 2 },
        { "class only", "[Filters]\n\nx: CommandFilter\n", 3 },
        { "too few fields", "[Filters]\nx: RegExpFilter, ls\n", 2 },
        { "KillFilter without fields", "[Filters]\na: CommandFilter, ls, root\nk: KillFilter\n", 3 },
        { "ReadFileFilter without a file", "[Filters]\nr: ReadFileFilter\n", 2 },
        { "module attribute as class", "[Filters]\nx: os, ls, root\n", 2 },
        { "continuation line then too few fields", "[Filters]\nx: PathFilter,\n  chown\n", 2 },
        { "option without a name", "[Filters]\n: CommandFilter, ls, root\n", 2 },
    };

    [RequiresTheory(Need.Differential)]
    [MemberData(nameof(BrokenFilterFiles))]
    public async Task Broken_filter_file_is_97_with_file_and_line_and_runs_nothing(string what, string text, int line)
    {
        var conf = WithBroken(text, out var file);
        var o = await Native(conf, B("ls"), B("-l"));
        output.WriteLine($"{what}: {o.Stderr}");
        Assert.Equal(97, o.Exit);
        Assert.Empty(o.Stdout);
        var expected = line > 0 ? $"{file}:{line}: " : $"{file}: ";
        Assert.Contains(expected, o.Stderr);
        Assert.StartsWith(sb.Native + ": ", o.Stderr);
    }

    [RequiresFact(Need.Differential)]
    public async Task Unknown_run_as_user_is_97_naming_the_filter_line_and_runs_nothing()
    {
        sb.AddStub("ls");
        var conf = sb.Scenario("[Filters]\n# first\nls: CommandFilter, ls, no-such-user-rw\n");
        var o = await Native(conf, B("ls"));
        Assert.Equal(97, o.Exit);
        Assert.Empty(o.Stdout);
        Assert.Contains(Path.Combine(Path.GetDirectoryName(conf)!, "filters.d", "test.filters") + ":3: ", o.Stderr);
    }

    [RequiresFact(Need.Differential)]
    public async Task Non_UTF8_filter_file_is_97_with_the_line_of_the_bad_byte()
    {
        var conf = WithBroken("", out var file);
        File.WriteAllBytes(file, [.. B("[Filters]\n# caf"), 0xe9, .. B("\nls: CommandFilter, ls, root\n")]);
        var o = await Native(conf, B("ls"));
        Assert.Equal(97, o.Exit);
        Assert.Empty(o.Stdout);
        Assert.Contains($"{file}:2: ", o.Stderr);
    }

    public static TheoryData<string, string, int> BrokenConfigs => new()
    {
        { "no filters_path", "[DEFAULT]\nexec_dirs=/bin\n", 0 },
        { "syntax error", "[DEFAULT]\nfilters_path=/x\nnot an option\n", 3 },
        { "text before a section", "\nfilters_path=/x\n", 2 },
        { "repeated option", "[DEFAULT]\nfilters_path=/x\n\nfilters_path=/y\n", 4 },
        { "repeated section", "[DEFAULT]\nfilters_path=/x\n[a]\n[a]\n", 4 },
        { "use_syslog not a boolean", "[DEFAULT]\nfilters_path=/x\nuse_syslog=oui\n", 3 },
        { "unknown syslog facility", "[DEFAULT]\nfilters_path=/x\nsyslog_log_facility=moo\n", 3 },
        { "unknown syslog level", "[DEFAULT]\nfilters_path=/x\nsyslog_log_level=bar\n", 3 },
        { "daemon_timeout not a number", "[DEFAULT]\nfilters_path=/x\ndaemon_timeout=ten\n", 3 },
        { "rlimit_nofile not a number", "[DEFAULT]\nfilters_path=/x\nrlimit_nofile=1k\n", 3 },
        { "relative exec_dirs", "[DEFAULT]\nfilters_path=/x\nexec_dirs=bin\n", 0 },
    };

    [RequiresTheory(Need.Differential)]
    [MemberData(nameof(BrokenConfigs))]
    public async Task Broken_config_is_97_with_file_and_line_and_runs_nothing(string what, string text, int line)
    {
        sb.AddStub("ls");
        var conf = sb.Scenario("[Filters]\nls: CommandFilter, ls, root\n");
        File.WriteAllText(conf, text);
        var o = await Native(conf, B("ls"));
        output.WriteLine($"{what}: {o.Stderr}");
        Assert.Equal(97, o.Exit);
        Assert.Empty(o.Stdout);
        Assert.Contains(line > 0 ? $"{conf}:{line}: " : $"{conf}: ", o.Stderr);
    }

    [RequiresFact(Need.Differential)]
    public async Task Missing_or_unreadable_config_is_97_naming_it()
    {
        var missing = sb.Root + "/nowhere/rootwrap.conf";
        var o = await Native(missing, B("ls"));
        Assert.Equal(97, o.Exit);
        Assert.Contains(missing, o.Stderr);
        o = await Native(sb.Data, B("ls"));
        Assert.Equal(97, o.Exit);
        Assert.Contains(sb.Data, o.Stderr);
    }

    [RequiresFact(Need.Differential)]
    public async Task No_command_is_98_and_runs_nothing()
    {
        var conf = sb.Scenario("[Filters]\nls: CommandFilter, ls, root\n");
        foreach (var argv in new[] { new[] { B(sb.Native), B(conf) }, new[] { B(sb.Native) } })
        {
            var o = await sb.RunAsync(argv, Differ.Timeout);
            Assert.Equal(98, o.Exit);
            Assert.Equal($"{sb.Native}: No command specified\n", o.Stderr);
            Assert.Empty(o.Stdout);
        }
    }

    [RequiresFact(Need.Differential)]
    public async Task Unauthorized_and_missing_executable_run_nothing()
    {
        sb.AddStub("ls");
        var conf = sb.Scenario("[Filters]\nls: CommandFilter, ls, root\ngone: CommandFilter, not-installed-here, root\n");
        var o = await Native(conf, B("rm"), B("-rf"), B("/"));
        Assert.Equal(99, o.Exit);
        Assert.Empty(o.Stdout);
        Assert.Equal($"{sb.Native}: Unauthorized command: rm -rf / (no filter matched)\n", o.Stderr);
        o = await Native(conf, B("not-installed-here"));
        Assert.Equal(96, o.Exit);
        Assert.Empty(o.Stdout);
        Assert.Equal($"{sb.Native}: Executable not found: not-installed-here (filter match = gone)\n", o.Stderr);
    }

    [RequiresFact(Need.Differential)]
    public async Task Non_UTF8_argument_reaches_the_command_byte_for_byte()
    {
        var ls = sb.AddStub("ls");
        var conf = sb.Scenario("[Filters]\nls: CommandFilter, ls, root\n");
        var every = Enumerable.Range(1, 255).Select(i => (byte)i).ToArray();
        byte[][] args = [every, [0xff], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xc0, 0xaf], [.. B("caf"), 0xe9]];
        var o = await Native(conf, [B("ls"), .. args]);
        Assert.Equal(0, o.Stderr.Length);
        var received = Encoding.ASCII.GetString(o.Stdout).Split('\n')
            .Where(l => l.StartsWith("arg ", StringComparison.Ordinal)).Select(l => Convert.FromHexString(l[4..])).ToList();
        Assert.Equal(args.Length + 1, received.Count);
        Assert.Equal(B(ls), received[0]);
        for (int i = 0; i < args.Length; i++) Assert.Equal(args[i], received[i + 1]);
        Assert.Equal((args.Length + 1) % 64, o.Exit);
    }

    [RequiresFact(Need.Differential)]
    public async Task Non_UTF8_argument_in_a_refusal_message_is_escaped_as_the_reference_does()
    {
        var conf = sb.Scenario("[Filters]\nls: CommandFilter, ls, root\n");
        var o = await Native(conf, B("rm"), [0x35, 0xff]);
        Assert.Equal(99, o.Exit);
        Assert.Equal($"{sb.Native}: Unauthorized command: rm 5\\udcff (no filter matched)\n", o.Stderr);
    }

    /// <summary>
    /// (a+)+b and friends take exponential time in a backtracking engine on "aaa…a". The
    /// helper denies them at once: the bound below is only there so that a regression fails
    /// instead of hanging, far above what a loaded two-core machine needs.
    /// </summary>
    [RequiresFact(Need.Differential)]
    public async Task Pathological_regexp_against_hostile_argument_denies_without_hanging()
    {
        sb.AddStub("grep");
        var conf = sb.Scenario("""
            [Filters]
            g1: RegExpFilter, grep, root, grep, (a+)+b
            g2: RegExpFilter, grep, root, grep, (a|aa)*c
            g3: RegExpFilter, grep, root, grep, ^(\w+\s?)*$
            g4: RegExpFilter, grep, root, grep, (?=a)(a+)+b
            g5: RegExpFilter, grep, root, grep, ([a-z]+)+\1x
            """);
        var hostile = B(new string('a', 50_000) + "!");
        var started = System.Diagnostics.Stopwatch.StartNew();
        var o = await sb.RunAsync([B(sb.Native), B(conf), B("grep"), hostile], TimeSpan.FromSeconds(60));
        Assert.False(o.TimedOut);
        Assert.Equal(99, o.Exit);
        Assert.Empty(o.Stdout);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(30), $"took {started.Elapsed}");
    }

    [Theory]
    [InlineData("(a+)+b", false)]
    [InlineData("(a|aa)*c", false)]
    [InlineData("(a|a)*b", false)]
    [InlineData(@"^(\w+\s?)*$", false)]
    [InlineData(@"echo '((.|\n)*)' > /.*", false)]
    [InlineData("(?=a)(a+)+b", false)]
    [InlineData(@"(?<!x)(\w+\s?)*$", false)]
    [InlineData(@"(?:(?!.*b)a)*!", false)]
    [InlineData("(a*)*(b*)*(a|b)*x", false)]
    [InlineData(@"(?:a{1,20}){1,20}!", false)]
    // cinder's find filter: any string without NUL (so it admits, but in linear time).
    [InlineData(@"^[/]*([^/\0]+(/+)?)*$", true)]
    public void Nested_quantifiers_and_look_arounds_run_on_the_linear_time_engine(string pattern, bool admits)
    {
        var re = PyRegex.WithoutFastPath(pattern);
        Assert.Equal("nfa", re.Engine);
        var nfa = PyNfa.TryCompile(PyRegexParser.Parse(pattern))!;
        var hostile = new string('a', 100_000) + "!/a!";
        Assert.Equal(admits, nfa.FullMatch(hostile, out long steps));
        Assert.Equal(admits, re.FullMatch(hostile));
        // Each state at most once per position, for the match and for each look-around's scan.
        Assert.True(steps <= (long)(hostile.Length + 1) * nfa.Size, $"{steps} steps for {hostile.Length} characters and {nfa.Size} states");
    }

    [Theory]
    [InlineData(@"([a-z]+)+\1x", "x")]
    [InlineData(@"(?>a)(a+)+b", "")]
    public void Patterns_that_need_backtracking_get_a_timeout_that_denies(string pattern, string tail)
    {
        var p = new PyRegex(pattern);
        Assert.Equal("regex", p.Engine);
        var re = p.FallbackRegex!;
        Assert.False(re.Options.HasFlag(System.Text.RegularExpressions.RegexOptions.NonBacktracking));
        Assert.Equal(PyRegex.BacktrackingTimeout, re.MatchTimeout);
        // At most two attempts of this budget per pattern (FullMatch retries once).
        Assert.True(PyRegex.BacktrackingTimeout <= TimeSpan.FromMilliseconds(50));
        var hostile = new string('a', 30_000) + "!" + tail;
        Assert.Throws<System.Text.RegularExpressions.RegexMatchTimeoutException>(() => re.IsMatch(hostile));
        Assert.False(p.FullMatch(hostile));
    }
}
