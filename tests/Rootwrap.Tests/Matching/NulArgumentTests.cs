using Rootwrap.Matching;
using Xunit;
using Rootwrap.Tests.Filters;

namespace Rootwrap.Tests.Matching;

/// <summary>
/// H6: an argument with a NUL byte is refused before any filter sees it. execve would cut it
/// at the NUL, so the filter would check one argument and the kernel run another.
/// </summary>
public class NulArgumentTests
{
    private const string Filters = """
        [Filters]
        ip: IpFilter, ip, root
        rm_pid: RegExpFilter, rm, root, rm, -f, /var/run/x/.*\.pid
        env: EnvFilter, env, root, A=, true

        """;

    private static Decision Decide(params string[] command)
    {
        using var t = new TempTree();
        t.Write("filters.d/a.filters", Filters);
        var config = t.Config();
        return Decision.Make(config, t.Load(config), command, FakeMachine.Permissive(), new FakeUsers());
    }

    [Fact]
    public void Without_the_nul_the_filters_admit_these_commands()
    {
        // The same shapes without a NUL match: the refusals below come from H6, not from the filters.
        Assert.IsType<Decision.Run>(Decide("ip", "link", "show"));
        // IpFilter refuses "ip netns exec" itself: "netns\0" is not "netns" to it, and execve
        // would pass "netns" to ip.
        Assert.Null(Assert.IsType<Decision.Unauthorized>(Decide("ip", "netns", "exec", "ns", "/usr/bin/id")).Reason);
        Assert.IsType<Decision.Run>(Decide("rm", "-f", "/var/run/x/victim.pid"));
        Assert.IsType<Decision.Run>(Decide("env", "A=1", "true"));
    }

    [Fact]
    public void A_nul_in_ip_netns_is_refused_although_ipfilter_would_admit_it()
    {
        var u = Assert.IsType<Decision.Unauthorized>(Decide("ip", "netns\0", "exec", "ns", "/usr/bin/id"));
        Assert.Equal("argument 2 contains a NUL byte", u.Reason);
        Assert.DoesNotContain(u.Args, a => a.Contains('\0'));
        Assert.Equal("netns\\0", u.Args[1]);
    }

    [Fact]
    public void A_nul_before_the_pid_suffix_is_refused()
    {
        var u = Assert.IsType<Decision.Unauthorized>(Decide("rm", "-f", "/var/run/x/victim\0.pid"));
        Assert.Equal("argument 3 contains a NUL byte", u.Reason);
    }

    [Fact]
    public void A_nul_in_an_environment_value_or_the_command_name_is_refused()
    {
        Assert.IsType<Decision.Unauthorized>(Decide("env", "A=1\0LD_PRELOAD=/tmp/x.so", "true"));
        Assert.IsType<Decision.Unauthorized>(Decide("ip\0", "link"));
    }
}
