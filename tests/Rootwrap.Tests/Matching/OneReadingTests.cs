using Rootwrap.Filters;
using Rootwrap.Matching;
using Xunit;
using Rootwrap.Tests.Filters;

namespace Rootwrap.Tests.Matching;

/// <summary>
/// H7: a path a PathFilter checks is resolved once, and the command line holds that very
/// resolution. The machine below answers the swap an attacker races: the first resolution
/// is inside the base, every later one outside.
/// </summary>
public class OneReadingTests
{
    /// <summary>A link that leads inside the base on its first resolution, outside on every later one.</summary>
    private static FakeMachine SwappingMachine() => new()
    {
        EveryPath = true, PathVariable = "/usr/bin",
        RealPathOf = (_, n) => n == 0 ? "/var/lib/images/good" : "/root/secret",
    };

    [Fact]
    public void The_command_line_holds_the_path_the_check_resolved()
    {
        using var t = new TempTree();
        t.Write("filters.d/a.filters", "[Filters]\ncat: PathFilter, /bin/cat, root, /var/lib/images\n");
        var config = t.Config();
        var sys = SwappingMachine();
        var plan = Assert.IsType<Decision.Run>(Decision.Make(config, t.Load(config), ["cat", "/tmp/links/l0"], sys, new FakeUsers())).Plan;
        Assert.Equal(["/bin/cat", "/var/lib/images/good"], plan.Argv);
        Assert.Equal(1, sys.Resolutions);
    }

    [Fact]
    public void Each_decision_reads_again()
    {
        var inner = SwappingMachine();
        Assert.Equal("/var/lib/images/good", new OneReading(inner).RealPath("x"));
        var second = new OneReading(inner);
        Assert.Equal("/root/secret", second.RealPath("x"));
        Assert.Equal("/root/secret", second.RealPath("x"));
        Assert.Equal(2, inner.Resolutions);
    }
}
