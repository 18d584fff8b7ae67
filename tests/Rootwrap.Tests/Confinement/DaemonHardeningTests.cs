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
}
