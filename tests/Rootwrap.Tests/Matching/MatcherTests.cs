using Rootwrap.Capabilities;
using Rootwrap.Config;
using Rootwrap.Filters;
using Rootwrap.Matching;
using Rootwrap.Tests.Filters;
using Xunit;
using static Rootwrap.Tests.Filters.FakeMachine;

namespace Rootwrap.Tests.Matching;

public class MatcherTests
{
    private static FakeMachine Sys()
    {
        var s = new FakeMachine();
        foreach (var e in new[] { "/bin/ls", "/bin/cat", "/usr/bin/nice", "/sbin/ip" }) s.Executables.Add(e);
        return s;
    }

    private static readonly string[] Dirs = ["/bin", "/usr/bin", "/sbin"];

    private static List<Filter> Reference() =>
    [
        new RegExpFilter("/bin/ls", "root", ["ls", "/[a-z]+"]) { Name = "ls" },
        new CommandFilter("/usr/bin/foo_bar_not_exist", "root", []) { Name = "foo" },
        new RegExpFilter("/bin/cat", "root", ["cat", "/[a-z]+"]) { Name = "cat1" },
        new CommandFilter("/nonexistent/cat", "root", []) { Name = "cat_missing" },
        new CommandFilter("/bin/cat", "root", []) { Name = "cat_last" },
    ];

    [Fact]
    public void Matcher_first_executable_match_wins_in_order()
    {
        var r = Assert.IsType<MatchResult.Matched>(Matcher.Match(Reference(), Args("cat", "/"), Dirs, Sys()));
        Assert.Equal("cat_last", r.Filter.Name);
        r = Assert.IsType<MatchResult.Matched>(Matcher.Match(Reference(), Args("cat", "/etc"), Dirs, Sys()));
        Assert.Equal("cat1", r.Filter.Name);
    }

    [Fact]
    public void Matcher_remembers_a_match_without_executable_for_96()
    {
        var r = Assert.IsType<MatchResult.NotExecutable>(Matcher.Match(Reference(), Args("foo_bar_not_exist"), Dirs, Sys()));
        Assert.Equal("foo", r.Filter.Name);
        Assert.IsType<MatchResult.NoMatch>(Matcher.Match(Reference(), Args("foo_bar_not_exist_and_not_matched"), Dirs, Sys()));
    }

    [Fact]
    public void Matcher_chaining_filter_needs_a_leaf_of_the_same_user()
    {
        List<Filter> same = [new IpNetnsExecFilter("/sbin/ip", "root", []) { Name = "x" }, new IpFilter("/sbin/ip", "root", []) { Name = "ip" }];
        List<Filter> other = [new IpNetnsExecFilter("/sbin/ip", "root", []) { Name = "x" }, new IpFilter("/sbin/ip", "nova", []) { Name = "ip" }];
        var args = Args("ip", "netns", "exec", "foo", "ip", "link", "list");
        Assert.Equal("x", Assert.IsType<MatchResult.Matched>(Matcher.Match(same, args, Dirs, Sys())).Filter.Name);
        Assert.IsType<MatchResult.NoMatch>(Matcher.Match(other, Args("ip", "netns", "exec", "foo", "ip", "link", "list"), Dirs, Sys()));
        Assert.IsType<MatchResult.NoMatch>(Matcher.Match(same, Args("ip", "netns", "exec", "foo", "ip", "netns", "exec", "bar", "ip", "a"), Dirs, Sys()));
    }

    [Fact]
    public void Matcher_chaining_never_chains_into_another_chaining_filter()
    {
        List<Filter> filters =
        [
            new ChainingRegExpFilter("nice", "root", ["nice", @"-?\d+"]) { Name = "nice" },
            new CommandFilter("cat", "root", []) { Name = "cat" },
        ];
        Assert.IsType<MatchResult.Matched>(Matcher.Match(filters, Args("nice", "5", "cat", "/a"), Dirs, Sys()));
        Assert.IsType<MatchResult.NoMatch>(Matcher.Match(filters, Args("nice", "5", "nice", "5", "cat"), Dirs, Sys()));
        Assert.IsType<MatchResult.NoMatch>(Matcher.Match(filters, Args("nice", "5"), Dirs, Sys()));
    }

    private static FakeUsers Users() => new(new UserSpec("nova", 64060, 64060, [64060]));

    private static RootwrapConfig Config() => new() { File = "/etc/x/rootwrap.conf", FiltersPath = [], ExecDirs = Dirs };

    private static FilterSet Set(params Filter[] filters) => new()
    {
        Filters = filters, Capabilities = new Dictionary<string, CapabilityDeclaration>(),
        Paths = new Dictionary<string, PathsDeclaration>(), Warnings = [], Files = [],
    };

    [Fact]
    public void Decision_plans_argv_user_and_environment()
    {
        var set = Set(
            new EnvFilter("env", "root", ["A=", "/bin/cat"]) { Name = "env_cat" },
            new CommandFilter("ls", "nova", []) { Name = "ls_nova" });
        var run = Assert.IsType<Decision.Run>(Decision.Make(Config(), set, ["env", "A=1", "cat", "x"], Sys(), Users()));
        Assert.Equal(["/bin/cat", "x"], run.Plan.Argv);
        Assert.Equal([new("A", "1")], run.Plan.EnvironmentChanges!);
        Assert.Null(run.Plan.User);
        run = Assert.IsType<Decision.Run>(Decision.Make(Config(), set, ["ls", "-l"], Sys(), Users()));
        Assert.Equal(64060u, run.Plan.User!.Uid);
        Assert.Null(run.Plan.EnvironmentChanges);
    }

    [Fact]
    public void Decision_unknown_run_as_user_is_a_configuration_error_naming_the_filter()
    {
        var f = FilterFactory.Build(["CommandFilter", "ls", "nobody-here"], "/etc/x/a.filters", 4)!;
        var set = Set(f);
        typeof(Filter).GetProperty("Source")!.SetValue(f, new FilterSource("/etc/x/a.filters", 4));
        var e = Assert.Throws<ConfigException>(() => Decision.Make(Config(), set, ["ls"], Sys(), Users()));
        Assert.Equal(("/etc/x/a.filters", 4), (e.File, e.Line));
    }

    [Fact]
    public void Decision_refusal_prints_the_list_after_EnvFilters_edit()
    {
        var set = Set(new EnvFilter("env", "root", ["A=", "cat"]) { Name = "e" });
        var u = Assert.IsType<Decision.Unauthorized>(Decision.Make(Config(), set, ["env", "ls"], Sys(), Users()));
        Assert.Equal(["ls"], u.Args);
    }
}
