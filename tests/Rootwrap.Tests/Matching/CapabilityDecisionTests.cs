using Rootwrap.Capabilities;
using Rootwrap.Config;
using Rootwrap.Matching;
using Xunit;
using Rootwrap.Tests.Filters;

namespace Rootwrap.Tests.Matching;

/// <summary>The plan each row of SPEC section 4's table comes from (the kernel side is EndToEnd).</summary>
public class CapabilityDecisionTests
{
    private static readonly UserSpec Neutron = new("neutron", 120, 130, [130, 4]);
    private static readonly UserSpec Toor = new("toor", 0, 0, [0]);
    private static readonly CapabilitySet NetAdmin = CapabilitySet.Of(12), SysAdmin = CapabilitySet.Of(21), Kill = CapabilitySet.Of(5);

    private const string Filters = """
        [Filters]
        ip: IpFilter, ip, root
        ip_exec: IpNetnsExecFilter, ip, root
        kill: RegExpFilter, kill, root, kill, -9, \d+
        sleep: RegExpFilter, sleep, root, sleep, \d+
        status: RegExpFilter, cat, neutron, cat, /proc/self/status
        cat: RegExpFilter, cat, neutron, cat, /etc/hostname

        """;

    private static Decision Decide(string defaults, string declarations, params string[] command)
    {
        using var t = new TempTree();
        t.Write("filters.d/a.filters", Filters + "[Capabilities]\n" + declarations);
        var config = t.Config(defaults);
        return Decision.Make(config, t.Load(config), command, FakeMachine.Permissive(), new FakeUsers(Neutron, Toor));
    }

    private static ExecPlan Plan(string defaults, string declarations, params string[] command) =>
        Assert.IsType<Decision.Run>(Decide(defaults, declarations, command)).Plan;

    [Fact]
    public void Root_filter_keeps_its_declaration_without_ambient()
    {
        var p = Plan("", "ip: CAP_NET_ADMIN\n", "ip", "link", "set", "lo", "up");
        Assert.Null(p.User);
        Assert.Equal(new CapabilityPlan(NetAdmin, Ambient: false), p.Capabilities);
    }

    [Fact]
    public void Capability_user_runs_a_declared_root_filter_as_that_user_with_ambient_capabilities()
    {
        var p = Plan("capability_user = neutron", "ip: CAP_NET_ADMIN\n", "ip", "link");
        Assert.Equal(Neutron, p.User);
        Assert.Equal(new CapabilityPlan(NetAdmin, Ambient: true), p.Capabilities);
    }

    [Fact]
    public void Capability_user_leaves_an_undeclared_root_filter_root()
    {
        var p = Plan("capability_user = neutron", "ip: CAP_NET_ADMIN\n", "sleep", "5");
        Assert.Null(p.User);
        Assert.Null(p.Capabilities);
    }

    [Fact]
    public void Declared_non_root_filter_keeps_its_declaration_as_ambient()
    {
        var p = Plan("", "status: CAP_NET_ADMIN, CAP_KILL\n", "cat", "/proc/self/status");
        Assert.Equal(Neutron, p.User);
        Assert.Equal(new CapabilityPlan(NetAdmin.Union(Kill), Ambient: true), p.Capabilities);
    }

    [Fact]
    public void Undeclared_non_root_filter_is_a_plain_switch_or_keeps_nothing_under_a_bound()
    {
        var plain = Plan("", "", "cat", "/etc/hostname");
        Assert.Equal(Neutron, plain.User);
        Assert.Null(plain.Capabilities);
        var bounded = Plan("capability_bound = CAP_NET_ADMIN", "", "cat", "/etc/hostname");
        Assert.Equal(new CapabilityPlan(CapabilitySet.Empty, Ambient: false), bounded.Capabilities);
    }

    [Theory]
    [InlineData("", null)]
    [InlineData("capability_bound = CAP_NET_ADMIN, CAP_KILL", "CAP_KILL, CAP_NET_ADMIN")]
    [InlineData("undeclared_capabilities = none", "(none)")]
    [InlineData("capability_bound = CAP_KILL\nundeclared_capabilities = none", "(none)")]
    public void Undeclared_root_filter_gets_the_bound_or_nothing(string defaults, string? keep)
    {
        var p = Plan(defaults, "", "sleep", "5");
        Assert.Null(p.User);
        Assert.Equal(keep, p.Capabilities?.Keep.ToString());
        Assert.False(p.Capabilities?.Ambient ?? false);
    }

    [Fact]
    public void Undeclared_deny_refuses_with_the_reason()
    {
        var d = Assert.IsType<Decision.Unauthorized>(Decide("undeclared_capabilities = deny", "ip: CAP_NET_ADMIN\n", "sleep", "5"));
        Assert.Equal("filter 'sleep' declares no capabilities and undeclared_capabilities = deny", d.Reason);
        Assert.IsType<Decision.Run>(Decide("undeclared_capabilities = deny", "ip: CAP_NET_ADMIN\n", "ip", "link"));
    }

    [Fact]
    public void A_chain_keeps_the_union_of_its_own_and_its_rests_declarations()
    {
        var p = Plan("", "ip_exec: CAP_SYS_ADMIN\nkill: CAP_KILL\n", "ip", "netns", "exec", "qrouter-1", "kill", "-9", "42");
        Assert.Equal("ip_exec", p.FilterName);
        Assert.Equal(new CapabilityPlan(SysAdmin.Union(Kill), Ambient: false), p.Capabilities);
    }

    [Theory]
    [InlineData("ip_exec: CAP_SYS_ADMIN\n")]
    [InlineData("kill: CAP_KILL\n")]
    public void A_chain_with_an_undeclared_part_is_undeclared(string declarations)
    {
        var p = Plan("capability_bound = CAP_SYS_ADMIN, CAP_KILL, CAP_NET_ADMIN", declarations, "ip", "netns", "exec", "q", "kill", "-9", "42");
        Assert.Equal(new CapabilityPlan(SysAdmin.Union(Kill).Union(NetAdmin), Ambient: false), p.Capabilities);
        Assert.IsType<Decision.Unauthorized>(Decide("undeclared_capabilities = deny", declarations, "ip", "netns", "exec", "q", "kill", "-9", "42"));
    }

    [Fact]
    public void Unknown_or_root_capability_user_is_a_configuration_error_at_its_line()
    {
        var unknown = Assert.Throws<ConfigException>(() => Decide("capability_user = nova", "ip: CAP_NET_ADMIN\n", "ip", "link"));
        Assert.Equal(4, unknown.Line);
        Assert.Contains("capability_user 'nova' is no user of this system", unknown.Message);
        var root = Assert.Throws<ConfigException>(() => Decide("capability_user = toor", "ip: CAP_NET_ADMIN\n", "ip", "link"));
        Assert.Contains("is uid 0", root.Message);
    }
}
