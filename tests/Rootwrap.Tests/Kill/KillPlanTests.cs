using Rootwrap.Filters;
using Rootwrap.Matching;
using Xunit;
using Rootwrap.Tests.Filters;

namespace Rootwrap.Tests.Kill;

/// <summary>H4, the pure half: kill(1)'s argument reading, the plan's KillAction, and the second look.</summary>
public class KillPlanTests
{
    [Theory]
    [InlineData("-9", 9)]
    [InlineData("-KILL", 9)]
    [InlineData("-kill", 9)]
    [InlineData("-SIGHUP", 1)]
    [InlineData("-sigterm", 15)]
    [InlineData("-0", 0)]
    [InlineData("-NULL", 0)]
    [InlineData("-CLD", 17)]
    [InlineData("-IOT", 6)]
    [InlineData("-RTMIN", 34)]
    [InlineData("-RTMIN+2", 36)]
    [InlineData("-93", 93)]
    [InlineData("-94", -1)]
    [InlineData("-l", -1)]
    [InlineData("-s", -1)]
    [InlineData("9", -1)]
    [InlineData("-", -1)]
    [InlineData("-9x", -1)]
    public void Signal_options_read_as_procps_reads_them(string arg, int signal) =>
        Assert.Equal(signal, ProcpsKill.SignalOption(arg));

    [Theory]
    [InlineData("123", 123L, null)]
    [InlineData(" 123", 123L, null)]
    [InlineData("+123", 123L, null)]
    [InlineData("0123", 123L, null)]
    [InlineData("123 ", 0L, "failed to parse argument: '123 '")]
    [InlineData("1_23", 0L, "failed to parse argument: '1_23'")]
    [InlineData("", 0L, "failed to parse argument: ''")]
    [InlineData("99999999999999999999", 0L, "failed to parse argument: '99999999999999999999': Numerical result out of range")]
    public void Pids_read_as_procps_strtol_or_err_reads_them(string arg, long pid, string? error)
    {
        Assert.Equal(error, ProcpsKill.ParsePid(arg, out long got));
        if (error is null) Assert.Equal(pid, got);
    }

    /// <summary>A machine with /bin/kill and process 4242 running <paramref name="exe"/> (none: null).</summary>
    private static FakeMachine FakeProc(string? exe)
    {
        var m = new FakeMachine { PathVariable = "/usr/sbin:/usr/bin", RealPathOf = (p, _) => p };
        m.Executables.Add("/bin/kill");
        if (exe is not null) { m.Files.Add(exe); m.Exe[4242] = exe; }
        return m;
    }

    private static Decision Decide(string filters, ISystemView sys, params string[] command)
    {
        var dir = Directory.CreateTempSubdirectory("rwn-kill-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(dir, "f"));
            File.WriteAllText(Path.Combine(dir, "f", "k.filters"), filters);
            File.WriteAllText(Path.Combine(dir, "rootwrap.conf"), $"[DEFAULT]\nfilters_path={dir}/f\nexec_dirs=/bin\n");
            var config = Rootwrap.Config.RootwrapConfig.Load(Path.Combine(dir, "rootwrap.conf"), "/usr/sbin:/usr/bin");
            var set = Rootwrap.Config.FilterLoader.Load(config, Rootwrap.Config.TrustAnything.Instance);
            return Decision.Make(config, set, command, sys, new FakeUsers());
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void A_kill_plan_carries_the_pid_the_signal_and_the_target()
    {
        var d = Decide("[Filters]\nk: KillFilter, root, /usr/sbin/dnsmasq, -9, -HUP\n", FakeProc("/usr/sbin/dnsmasq"), "kill", "-HUP", "4242");
        var plan = Assert.IsType<Decision.Run>(d).Plan;
        Assert.Equal(new KillAction("4242", 1, "/usr/sbin/dnsmasq", "/usr/sbin:/usr/bin"), plan.Kill);
        Assert.Equal(["/bin/kill", "-HUP", "4242"], plan.Argv);
    }

    [Fact]
    public void Without_a_signal_kill_sends_sigterm()
    {
        var d = Decide("[Filters]\nk: KillFilter, root, dnsmasq\n", FakeProc("/usr/sbin/dnsmasq"), "kill", "4242");
        Assert.Equal(15, Assert.IsType<Decision.Run>(d).Plan.Kill!.Signal);
    }

    [Fact]
    public void A_listed_signal_kill_would_read_as_an_option_is_refused()
    {
        var d = Decide("[Filters]\nk: KillFilter, root, /usr/sbin/dnsmasq, -l, 9\n", FakeProc("/usr/sbin/dnsmasq"), "kill", "-l", "4242");
        Assert.Contains("not a signal", Assert.IsType<Decision.Unauthorized>(d).Reason);
        d = Decide("[Filters]\nk: KillFilter, root, /usr/sbin/dnsmasq, -l, 9\n", FakeProc("/usr/sbin/dnsmasq"), "kill", "9", "4242");
        Assert.IsType<Decision.Unauthorized>(d);
    }

    [Fact]
    public void The_second_look_sees_a_reused_pid()
    {
        var kill = new KillAction("4242", 9, "/usr/sbin/dnsmasq", "/usr/sbin:/usr/bin");
        Assert.True(KillFilter.StillTarget(kill, FakeProc("/usr/sbin/dnsmasq")));
        Assert.False(KillFilter.StillTarget(kill, FakeProc("/usr/bin/sleep")));
        Assert.False(KillFilter.StillTarget(kill, FakeProc(null)));
        var byName = kill with { Target = "dnsmasq" };
        Assert.True(KillFilter.StillTarget(byName, FakeProc("/usr/sbin/dnsmasq")));
        Assert.False(KillFilter.StillTarget(byName, FakeProc("/tmp/dnsmasq")));
    }
}
