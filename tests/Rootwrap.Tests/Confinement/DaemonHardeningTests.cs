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

    [RequiresFact(Need.Confinement | Need.Client)]
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
    [RequiresFact(Need.Harness | Need.Client)]
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

    private const string ServiceClient = """
        import json, sys, threading
        from oslo_rootwrap import client
        daemon, conf = sys.argv[1:3]
        c = client.Client(["sudo", "-n", daemon, conf])
        first = c.execute(["true"])
        process = c._process
        print(json.dumps({"address": c._manager.address}), flush=True)
        sys.stdin.readline()  # the other account now holds its connections
        out = []
        t = threading.Thread(target=lambda: out.append(c.execute(["true"])))  # a new connection
        t.start(); t.join(60)
        print(json.dumps({"first": first, "second": out[0] if out else None, "same_daemon": c._process is process}), flush=True)
        """;

    private const string Squatter = """
        import socket, sys, time
        address = sys.argv[1]
        held = []
        for i in range(200):
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.connect(address)
            held.append(s)
        time.sleep(1)
        # What the daemon closed at once reads as EOF: count what it still serves.
        open_ = 0
        for s in held:
            s.setblocking(False)
            try:
                open_ += 1 if s.recv(1) != b"" else 0
            except BlockingIOError:
                open_ += 1
        print(open_, flush=True)
        sys.stdin.readline()
        """;

    /// <summary>
    /// Another local account fills the daemon's connection slots with idle connections; the
    /// service's next connection still gets through, to the same daemon. Peers other than
    /// root and the account that started it are dropped at accept (SO_PEERCRED).
    /// </summary>
    [RequiresFact(Need.Harness | Need.Client)]
    public void Another_account_cannot_use_up_the_daemons_connections()
    {
        _h.Configure("[Filters]\ntrue: CommandFilter, true, root\n");
        var daemon = Path.Combine(Path.GetDirectoryName(HardeningHarness.Binary)!, "rootwrap-native-daemon");
        using var service = Start("runuser", "-u", HardeningHarness.ServiceUser, "--", "/usr/bin/python3", "-c", ServiceClient, daemon, _h.Config);
        var address = JsonDocument.Parse(service.StandardOutput.ReadLine()!).RootElement.GetProperty("address").GetString()!;
        using var squatter = Start("runuser", "-u", "rwother", "--", "/usr/bin/python3", "-c", Squatter, address);
        try
        {
            var held = squatter.StandardOutput.ReadLine();
            Assert.Equal("0", held?.Trim());
            service.StandardInput.WriteLine();
            service.StandardInput.Flush();
            var line = service.StandardOutput.ReadLine();
            Assert.True(line is not null, service.StandardError.ReadToEnd());
            var res = JsonDocument.Parse(line!).RootElement;
            Assert.Equal(0, res.GetProperty("first")[0].GetInt32());
            Assert.Equal(JsonValueKind.Array, res.GetProperty("second").ValueKind);
            Assert.Equal(0, res.GetProperty("second")[0].GetInt32());
            Assert.True(res.GetProperty("same_daemon").GetBoolean());
        }
        finally
        {
            foreach (var p in new[] { squatter, service })
                if (!p.HasExited) { p.StandardInput.Close(); if (!p.WaitForExit(10_000)) p.Kill(true); }
        }
    }

    private static Process Start(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = "/" };
        foreach (var a in args) psi.ArgumentList.Add(a);
        return Process.Start(psi)!;
    }
}
