using Rootwrap.Capabilities;
using Rootwrap.Config;
using Xunit;

namespace Rootwrap.Tests.Config;

/// <summary>[Capabilities] sections and the capability keys of rootwrap.conf (SPEC 3 and 4).</summary>
public class CapabilityDeclarationTests
{
    private const string Filters = "[Filters]\nip: IpFilter, ip, root\nkill_dnsmasq: KillFilter, root, /usr/sbin/dnsmasq, -9\nread_initiator: ReadFileFilter, /etc/iscsi/initiatorname.iscsi\n";

    [Fact]
    public void Declarations_take_any_spelling_inline_comments_and_continuation_lines()
    {
        using var t = new TempTree();
        t.Write("filters.d/a.filters", Filters + """

            [Capabilities]
            ip: CAP_NET_ADMIN,   # links and routes
                CAP_SYS_ADMIN    ; netns add
            kill_dnsmasq: kill          # case-insensitive, CAP_ prefix optional
            read_initiator:             # empty: no capabilities at all
            """);
        var set = t.Load(t.Config());
        Assert.Equal(CapabilitySet.Of(12, 21), set.Capabilities["ip"].Capabilities);
        Assert.Equal(CapabilitySet.Of(5), set.Capabilities["kill_dnsmasq"].Capabilities);
        Assert.True(set.Capabilities["read_initiator"].Capabilities.IsEmpty);
    }

    [Fact]
    public void Unknown_capability_is_a_configuration_error_at_its_file_and_line()
    {
        using var t = new TempTree();
        var f = t.Write("filters.d/a.filters", Filters + "[Capabilities]\nip: CAP_NET_ADMIN\nkill_dnsmasq: CAP_KILLALL\n");
        var e = Assert.Throws<ConfigException>(() => t.Load(t.Config()));
        Assert.Equal($"{f}:7: [Capabilities] 'kill_dnsmasq': unknown capability 'CAP_KILLALL'", e.Describe());
    }

    [Fact]
    public void Declaration_for_no_filter_is_a_configuration_error_at_its_file_and_line()
    {
        using var t = new TempTree();
        var f = t.Write("filters.d/a.filters", Filters + "[Capabilities]\nipp: CAP_NET_ADMIN\n");
        var e = Assert.Throws<ConfigException>(() => t.Load(t.Config()));
        Assert.Equal($"{f}:6: [Capabilities] declares 'ipp', which is no filter of this configuration", e.Describe());
    }

    [Fact]
    public void Declaration_outside_the_bound_is_a_configuration_error_even_when_a_profile_overrides_it()
    {
        using var t = new TempTree();
        var f = t.Write("filters.d/a.filters", Filters + "[Capabilities]\nip: CAP_NET_ADMIN, CAP_SYS_ADMIN\n");
        var p = t.Write("p.profile", "[Capabilities]\nip: CAP_NET_ADMIN\n");
        var e = Assert.Throws<ConfigException>(() => t.Load(t.Config($"capability_bound = CAP_NET_ADMIN, CAP_KILL\ncapability_profiles = {p}")));
        Assert.Equal($"{f}:6: 'ip' declares CAP_SYS_ADMIN, outside capability_bound", e.Describe());
    }

    [Fact]
    public void Profiles_are_read_after_the_filter_files_and_later_ones_win()
    {
        using var t = new TempTree();
        t.Write("filters.d/a.filters", Filters + "[Capabilities]\nip: CAP_NET_ADMIN, CAP_SYS_ADMIN\nkill_dnsmasq: CAP_KILL\n");
        var p1 = t.Write("p1.profile", "[Capabilities]\nip: CAP_NET_ADMIN\nread_initiator: CAP_DAC_READ_SEARCH\n");
        t.Write("dir/10.profile", "[Capabilities]\nread_initiator:\n");
        t.Write("dir/.hidden", "[Capabilities]\nread_initiator: CAP_SYS_ADMIN\n");
        var set = t.Load(t.Config($"capability_profiles = {p1}, {t.Dir}/dir"));
        Assert.Equal(CapabilitySet.Of(12), set.Capabilities["ip"].Capabilities);
        Assert.Equal(CapabilitySet.Of(5), set.Capabilities["kill_dnsmasq"].Capabilities);
        Assert.True(set.Capabilities["read_initiator"].Capabilities.IsEmpty);
        Assert.EndsWith("dir/10.profile", set.Capabilities["read_initiator"].File);
    }

    [Fact]
    public void The_implicit_privsep_helper_filter_can_be_declared()
    {
        using var t = new TempTree();
        t.Write("filters.d/a.filters", Filters + "[Capabilities]\nprivsep-helper: CAP_SYS_ADMIN, CAP_DAC_OVERRIDE\n");
        Assert.Equal(CapabilitySet.Of(1, 21), t.Load(t.Config()).Capabilities["privsep-helper"].Capabilities);
    }

    [Fact]
    public void Missing_profile_is_a_configuration_error()
    {
        using var t = new TempTree();
        t.Write("filters.d/a.filters", Filters);
        var e = Assert.Throws<ConfigException>(() => t.Load(t.Config($"capability_profiles = {t.Dir}/nope.profile")));
        Assert.Contains("capability profile not found", e.Message);
    }

    [Theory]
    [InlineData("capability_bound = CAP_NET_ADMIN, CAP_NOPE", 4, "Incorrect value: unknown capability 'CAP_NOPE' in capability_bound")]
    [InlineData("undeclared_capabilities = some", 4, "Incorrect value: undeclared_capabilities must be bound, none or deny, not 'some'")]
    [InlineData("capability_profiles = profiles/neutron.profile", 4, "Incorrect value: capability_profiles must be absolute paths, not 'profiles/neutron.profile'")]
    public void Bad_capability_keys_in_rootwrap_conf_are_errors_at_their_line(string line, int at, string message)
    {
        using var t = new TempTree();
        var e = Assert.Throws<ConfigException>(() => t.Config(line));
        Assert.Equal(at, e.Line);
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void Capability_keys_are_read()
    {
        using var t = new TempTree();
        var c = t.Config("capability_bound = net_admin, CAP_KILL\nundeclared_capabilities = None\ncapability_user = neutron");
        Assert.Equal(CapabilitySet.Of(5, 12), c.CapabilityBound);
        Assert.Equal(UndeclaredCapabilities.None, c.Undeclared);
        Assert.Equal("neutron", c.CapabilityUser);
        Assert.Equal(6, c.CapabilityUserLine);
        var d = t.Config();
        Assert.Null(d.CapabilityBound);
        Assert.Equal(UndeclaredCapabilities.Bound, d.Undeclared);
        Assert.Null(d.CapabilityUser);
    }
}
