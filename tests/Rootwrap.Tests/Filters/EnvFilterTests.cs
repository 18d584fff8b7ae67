using Rootwrap.Filters;
using Xunit;
using static Rootwrap.Tests.Filters.FakeMachine;

namespace Rootwrap.Tests.Filters;

public class EnvFilterTests
{
    private static readonly FakeMachine Sys = new();
    private static EnvFilter Dnsmasq() => new("env", "root", ["CONFIG_FILE=", "NETWORK_ID=", "/usr/sbin/dnsmasq"]);

    [Fact]
    public void EnvFilter_takes_its_command_from_after_the_variables()
    {
        Assert.Equal("/usr/sbin/dnsmasq", Dnsmasq().ExecPath);
        Assert.Equal("sleep", new EnvFilter("sleep", "root", ["A=", "B="]).ExecPath);
    }

    [Fact]
    public void EnvFilter_requires_exactly_the_filters_variables()
    {
        var f = Dnsmasq();
        Assert.True(f.Match(Args("env", "CONFIG_FILE=a", "NETWORK_ID=b", "dnsmasq", "x"), Sys));
        Assert.True(f.Match(Args("CONFIG_FILE=a", "NETWORK_ID=b", "dnsmasq"), Sys));
        Assert.False(f.Match(Args("env", "CONFIG_FILE=a", "dnsmasq"), Sys));
        Assert.False(f.Match(Args("env", "CONFIG_FILE=a", "NETWORK_ID=b", "LD_PRELOAD=x", "dnsmasq"), Sys));
        Assert.False(f.Match(Args("env", "CONFIG_FILE=a", "NETWORK_ID=b", "sh"), Sys));
        Assert.False(f.Match(Args("dnsmasq"), Sys));
    }

    [Fact]
    public void EnvFilter_removes_a_leading_env_from_the_callers_list_as_the_reference_does()
    {
        var args = Args("env", "ls");
        Assert.False(Dnsmasq().Match(args, Sys));
        Assert.Equal(["ls"], args);
    }

    [Fact]
    public void EnvFilter_command_and_environment()
    {
        var f = Dnsmasq();
        var args = Args("env", "CONFIG_FILE=a=b", "NETWORK_ID=", "dnsmasq", "--x");
        Assert.Equal(["/usr/sbin/dnsmasq", "--x"], f.GetCommand(args, "/usr/sbin/dnsmasq", Sys));
        // Only non-empty names with non-empty values are set.
        Assert.Equal([new("CONFIG_FILE", "a=b")], f.GetEnvironment(args)!);
    }
}
