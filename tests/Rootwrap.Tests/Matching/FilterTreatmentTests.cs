using Rootwrap.Capabilities;
using Rootwrap.Config;
using Rootwrap.Matching;
using Xunit;

namespace Rootwrap.Tests.Matching;

/// <summary>The per-filter rule the helper plans with and the auditor rates with.</summary>
public class FilterTreatmentTests
{
    private static readonly CapabilitySet NetAdmin = CapabilitySet.Of(12);
    private static readonly Dictionary<string, RunAsDeclaration> None = new();
    private static readonly Dictionary<string, RunAsDeclaration> HaproxyRunAs = new()
    {
        ["haproxy"] = new RunAsDeclaration("haproxy", "neutron", "p", 3),
        ["haproxy.reload"] = new RunAsDeclaration("haproxy.reload", "haproxy", "p", 4),
    };

    [Fact]
    public void A_non_root_run_as_is_the_account_whatever_else_is_set()
    {
        var t = FilterTreatment.For("nova", "cat", "cat", NetAdmin, HaproxyRunAs, "rootwrap", UndeclaredCapabilities.Bound);
        Assert.Equal(("nova", false, null), (t.Account, t.CapabilityAccount, t.RunAs));
    }

    [Fact]
    public void A_declared_root_filter_takes_the_shapes_run_as_then_the_filters_then_capability_user()
    {
        Assert.Equal("haproxy", FilterTreatment.For("root", "haproxy", "haproxy.reload", NetAdmin, HaproxyRunAs, "rootwrap", UndeclaredCapabilities.Bound).Account);
        Assert.Equal("neutron", FilterTreatment.For("root", "haproxy", "haproxy", NetAdmin, HaproxyRunAs, "rootwrap", UndeclaredCapabilities.Bound).Account);
        var t = FilterTreatment.For("root", "ip", "ip", NetAdmin, HaproxyRunAs, "rootwrap", UndeclaredCapabilities.Bound);
        Assert.Equal(("rootwrap", true, null), (t.Account, t.CapabilityAccount, t.RunAs));
    }

    [Fact]
    public void An_undeclared_root_filter_stays_uid_0_and_only_deny_refuses_it()
    {
        var t = FilterTreatment.For("root", "haproxy", "haproxy", null, HaproxyRunAs, "rootwrap", UndeclaredCapabilities.Bound);
        Assert.Equal((null, false, false), (t.Account, t.CapabilityAccount, t.Refused));
        Assert.Equal("haproxy", t.RunAs?.Filter); // the helper refuses [RunAs] without [Capabilities]
        Assert.False(FilterTreatment.For("root", "ip", "ip", null, None, null, UndeclaredCapabilities.None).Refused);
        Assert.True(FilterTreatment.For("root", "ip", "ip", null, None, null, UndeclaredCapabilities.Deny).Refused);
        Assert.False(FilterTreatment.For("root", "ip", "ip", CapabilitySet.Empty, None, null, UndeclaredCapabilities.Deny).Refused);
    }
}
