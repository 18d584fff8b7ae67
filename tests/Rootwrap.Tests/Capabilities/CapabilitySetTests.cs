using Rootwrap.Capabilities;
using Xunit;

namespace Rootwrap.Tests.Capabilities;

public class CapabilitySetTests
{
    [Theory]
    [InlineData("CAP_NET_ADMIN", 12)]
    [InlineData("net_admin", 12)]
    [InlineData("  Cap_Kill ", 5)]
    [InlineData("CAP_CHECKPOINT_RESTORE", 40)]
    public void Names_are_case_insensitive_and_the_prefix_optional(string name, int cap)
    {
        Assert.True(CapabilitySet.TryParseName(name, out var c));
        Assert.Equal(cap, c);
    }

    [Theory]
    [InlineData("CAP_FLY")]
    [InlineData("CAP_")]
    [InlineData("12")]
    [InlineData("all")]
    public void Unknown_names_are_refused(string name) => Assert.False(CapabilitySet.TryParseName(name, out _));

    [Fact]
    public void A_comma_list_parses_to_the_kernels_mask_and_reports_the_first_bad_name()
    {
        Assert.True(CapabilitySet.TryParse("CAP_NET_ADMIN, kill,", out var s, out _));
        Assert.Equal("0000000000001020", s.ToHex());
        Assert.Equal("CAP_KILL, CAP_NET_ADMIN", s.ToString());
        Assert.True(CapabilitySet.TryParse("", out var empty, out _));
        Assert.True(empty.IsEmpty);
        Assert.False(CapabilitySet.TryParse("kill, nope, neither", out _, out var bad));
        Assert.Equal("nope", bad);
    }

    [Fact]
    public void Set_algebra()
    {
        var a = CapabilitySet.Of(5, 12);
        var b = CapabilitySet.Of(12, 21);
        Assert.Equal(CapabilitySet.Of(5, 12, 21), a.Union(b));
        Assert.Equal(CapabilitySet.Of(12), a.Intersect(b));
        Assert.Equal(CapabilitySet.Of(5), a.Except(b));
        Assert.True(CapabilitySet.Of(12).IsSubsetOf(a));
        Assert.False(b.IsSubsetOf(a));
        Assert.Equal(41, CapabilitySet.AllKnown.Count);
    }
}
