using Rootwrap.Config;
using Rootwrap.Filters;
using Xunit;
using static Rootwrap.Tests.Filters.FakeMachine;

namespace Rootwrap.Tests.Filters;

public class SimpleFilterTests
{
    private static readonly FakeMachine Sys = new();

    [Fact]
    public void CommandFilter_matches_exec_path_or_its_basename_with_any_arguments()
    {
        var f = new CommandFilter("/usr/bin/sleep", "root", ["10"]);
        Assert.True(f.Match(Args("sleep"), Sys));
        Assert.True(f.Match(Args("/usr/bin/sleep", "anything"), Sys));
        Assert.False(f.Match(Args("sleep2"), Sys));
        Assert.False(f.Match(Args("/bin/sleep"), Sys));
        Assert.False(f.Match(Args(), Sys));
    }

    [Fact]
    public void CommandFilter_finds_a_relative_exec_path_in_exec_dirs_in_order()
    {
        var sys = new FakeMachine();
        sys.Executables.Add("/usr/bin/cat");
        sys.Executables.Add("/bin/cat");
        var f = new CommandFilter("cat", "root", []);
        Assert.Equal("/bin/cat", f.GetExec(["/nowhere", "/bin", "/usr/bin"], sys));
        Assert.Null(f.GetExec(["/nowhere"], sys));
        Assert.Null(new CommandFilter("/sbin/cat", "root", []).GetExec(["/bin"], sys));
    }

    [Fact]
    public void ReadFileFilter_admits_exactly_cat_of_its_file()
    {
        var f = new ReadFileFilter("/etc/iscsi/initiatorname.iscsi", []);
        Assert.True(f.Match(Args("cat", "/etc/iscsi/initiatorname.iscsi"), Sys));
        Assert.False(f.Match(Args("cat", "/etc/shadow"), Sys));
        Assert.False(f.Match(Args("cat", "/etc/iscsi/initiatorname.iscsi", "/etc/shadow"), Sys));
        Assert.Equal("/bin/cat", f.ExecPath);
    }

    [Theory]
    [InlineData(true, "ip link list")]
    [InlineData(true, "ip -s -v netns add")]
    [InlineData(true, "ip link set interface netns somens")]
    [InlineData(false, "ip netns exec foo")]
    [InlineData(false, "ip -l 42 netns exec")]
    [InlineData(false, "ip net e foo")]
    [InlineData(false, "ipx link")]
    public void IpFilter_admits_ip_except_netns_exec(bool admits, string command)
    {
        Assert.Equal(admits, new IpFilter("/sbin/ip", "root", []).Match(command.Split(' ').ToList(), Sys));
    }

    [Fact]
    public void IpNetnsExecFilter_needs_root_a_namespace_and_chains_the_rest()
    {
        var f = new IpNetnsExecFilter("/sbin/ip", "root", []);
        Assert.True(f.Match(Args("ip", "netns", "exec", "ns", "ip", "a"), Sys));
        Assert.False(f.Match(Args("ip", "netns", "exec"), Sys));
        Assert.False(new IpNetnsExecFilter("/sbin/ip", "nova", []).Match(Args("ip", "netns", "exec", "ns", "ip"), Sys));
        Assert.Equal(["ip", "a"], f.ExecArgs(Args("ip", "netns", "exec", "ns", "/sbin/ip", "a")));
    }

    [Fact]
    public void KillFilter_checks_signal_and_the_targets_executable()
    {
        var sys = new FakeMachine();
        sys.Exe[42] = "/usr/sbin/dnsmasq";
        sys.Files.Add("/usr/sbin/dnsmasq");
        var f = new KillFilter("root", ["/usr/sbin/dnsmasq", "-9", "-HUP"]);
        Assert.True(f.Match(Args("kill", "-9", "42"), sys));
        Assert.False(f.Match(Args("kill", "-ALRM", "42"), sys));
        Assert.False(f.Match(Args("kill", "42"), sys));
        Assert.False(f.Match(Args("kill", "-9", "43"), sys));
        Assert.False(f.Match(Args("kill", "-9", "notapid"), sys));
        Assert.True(new KillFilter("root", ["dnsmasq"]).Match(Args("kill", " 42 "), sys));
        sys.PathVariable = "/foo:/bar";
        Assert.False(new KillFilter("root", ["dnsmasq"]).Match(Args("kill", "42"), sys));
    }

    [Fact]
    public void KillFilter_admits_a_deleted_or_upgraded_executable()
    {
        var sys = new FakeMachine();
        sys.Exe[7] = "/bin/commandddddd (deleted)";
        sys.Exe[8] = "/bin/commandddddd\0\05190bfb2 (deleted)";
        sys.Files.Add("/bin/commandddddd");
        var f = new KillFilter("root", ["/bin/commandddddd"]);
        Assert.True(f.Match(Args("kill", "7"), sys));
        Assert.True(f.Match(Args("kill", "8"), sys));
    }

    [Fact]
    public void KillFilter_without_a_target_refuses()
    {
        Assert.False(new KillFilter("root", []).Match(Args("kill", "1"), Sys));
        Assert.False(new KillFilter("root", [""]).Match(Args("kill", "notapid"), Sys));
    }

    [Fact]
    public void FilterFactory_skips_unknown_classes_and_refuses_short_lines_with_their_line()
    {
        Assert.Null(FilterFactory.Build(["NoSuchFilter", "ls", "root"], "f", 3));
        Assert.Null(FilterFactory.Build([""], "f", 3));
        var e = Assert.Throws<ConfigException>(() => FilterFactory.Build(["CommandFilter", "ls"], "f.filters", 7));
        Assert.Equal(("f.filters", 7), (e.File, e.Line));
        Assert.Throws<ConfigException>(() => FilterFactory.Build(["os", "ls", "root"], "f", 1));
        Assert.Throws<ConfigException>(() => FilterFactory.Build(["KillFilter"], "f", 1));
        Assert.IsType<KillFilter>(FilterFactory.Build(["KillFilter", "root"], "f", 1));
    }

    [Theory]
    [InlineData("42", 42L)]
    [InlineData(" 42\n", 42L)]
    [InlineData("-7", -7L)]
    [InlineData("1_000", 1000L)]
    [InlineData("\u0664\u0662", 42L)]
    public void PyInt_parses_what_python_int_accepts(string s, long expected)
    {
        Assert.True(PyInt.TryParse(s, out var v));
        Assert.Equal(expected, v);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1__0")]
    [InlineData("_1")]
    [InlineData("0x10")]
    [InlineData("4 2")]
    public void PyInt_rejects_what_python_int_rejects(string s) => Assert.False(PyInt.TryParse(s, out _));
}
