using System.Diagnostics;
using System.Text.Json;
using Rootwrap.Tests.Hardening;
using Xunit;

namespace Rootwrap.Tests.Confinement;

/// <summary>
/// The daemon runs commands through the same launcher: a confined filter is confined and a
/// kill goes through a pidfd there too, driven by the unchanged oslo.rootwrap client.
/// </summary>
public sealed class DaemonHardeningTests : IDisposable
{
    private readonly HardeningHarness _h = new("daemon");

    public void Dispose() => _h.Dispose();

    private const string Client = """
        import json, sys
        from oslo_rootwrap import client
        daemon, conf, inside, outside, pid = sys.argv[1:6]
        c = client.Client(["sudo", "-n", daemon, conf])
        print(json.dumps({
            "in": c.execute(["tee", inside + "/by-daemon"], "x"),
            "out": c.execute(["tee", outside + "/by-daemon"], "x"),
            "umask": c.execute(["grep", "Umask", "/proc/self/status"]),
            "kill": c.execute(["kill", "-9", pid]),
        }))
        """;

    [ConfinementFact(Needs = "/usr/lib/python3/dist-packages/oslo_rootwrap/client.py")]
    public void Daemon_commands_are_confined_and_kill_through_a_pidfd()
    {
        var inside = _h.Folder("in");
        var outside = _h.Folder("out");
        _h.Configure($"[Filters]\ntee: CommandFilter, tee, root\ngrep: CommandFilter, grep, root\nk: KillFilter, root, /usr/bin/sleep, -9\n[Paths]\ntee: rw {inside}\n");
        var sleeper = Process.Start("setpriv", ["--reuid=rwother", "--regid=rwother", "--clear-groups", "sleep", "600"]);
        try
        {
            for (int i = 0; i < 100 && HardeningHarness.Sh($"readlink /proc/{sleeper.Id}/exe").Stdout.Trim() != "/usr/bin/sleep"; i++) Thread.Sleep(20);
            var daemon = Path.Combine(Path.GetDirectoryName(HardeningHarness.Binary)!, "rootwrap-native-daemon");
            var r = HardeningHarness.Run("runuser", ["-u", HardeningHarness.ServiceUser, "--", "bash", "-c", "umask 0077; exec \"$@\"", "bash",
                "/usr/bin/python3", "-c", Client, daemon, _h.Config, inside, outside, sleeper.Id.ToString()]);
            Assert.True(r.ExitCode == 0, r.ToString());
            var res = JsonDocument.Parse(r.Stdout).RootElement;
            Assert.Equal(0, res.GetProperty("in")[0].GetInt32());
            Assert.NotEqual(0, res.GetProperty("out")[0].GetInt32());
            Assert.Contains("Read-only file system", res.GetProperty("out")[2].GetString());
            Assert.Contains("0022", res.GetProperty("umask")[1].GetString());
            Assert.Equal(0, res.GetProperty("kill")[0].GetInt32());
            Assert.True(File.Exists($"{inside}/by-daemon"));
            Assert.False(File.Exists($"{outside}/by-daemon"));
            Assert.True(sleeper.WaitForExit(5000));
        }
        finally { if (!sleeper.HasExited) sleeper.Kill(); }
    }

    private const string NulClient = """
        import json, sys
        from oslo_rootwrap import client
        daemon, conf, folder = sys.argv[1:4]
        c = client.Client(["sudo", "-n", daemon, conf])
        print(json.dumps({
            "rm": c.execute(["rm", "-f", folder + "/victim\0.pid"]),
            "ip": c.execute(["ip", "netns\0", "exec", "ns", "/usr/bin/id"]),
            "plain": c.execute(["rm", "-f", folder + "/other.pid"]),
        }))
        """;

    /// <summary>
    /// H6 through the unchanged Python client: a NUL would cut the argument at execve, after
    /// the filter checked the whole of it. The reference's Popen refuses such an argument too.
    /// </summary>
    [SudoFact(Needs = "/usr/lib/python3/dist-packages/oslo_rootwrap/client.py")]
    public void Daemon_refuses_arguments_with_a_nul_before_matching()
    {
        var folder = _h.Folder("run");
        File.WriteAllText($"{folder}/victim", "canary\n");
        File.WriteAllText($"{folder}/other.pid", "1\n");
        _h.Configure($"[Filters]\nrm_pid: RegExpFilter, rm, root, rm, -f, {folder}/.*\\.pid\nip: IpFilter, ip, root\n");
        var daemon = Path.Combine(Path.GetDirectoryName(HardeningHarness.Binary)!, "rootwrap-native-daemon");
        var r = HardeningHarness.Run("runuser", ["-u", HardeningHarness.ServiceUser, "--", "/usr/bin/python3", "-c", NulClient, daemon, _h.Config, folder]);
        Assert.True(r.ExitCode == 0, r.ToString());
        var res = JsonDocument.Parse(r.Stdout).RootElement;
        Assert.Equal(99, res.GetProperty("rm")[0].GetInt32());
        Assert.Contains("contains a NUL byte", res.GetProperty("rm")[2].GetString());
        Assert.Equal(99, res.GetProperty("ip")[0].GetInt32());
        Assert.DoesNotContain("uid=0", res.GetProperty("ip")[1].GetString());
        Assert.True(File.Exists($"{folder}/victim"));
        // The filter itself works: the same shape without a NUL runs.
        Assert.Equal(0, res.GetProperty("plain")[0].GetInt32());
        Assert.False(File.Exists($"{folder}/other.pid"));
    }
}
