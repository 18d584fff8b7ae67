using System.Text.Json;
using Rootwrap.Tests.Hardening;
using Xunit;

namespace Rootwrap.Tests.Confinement;

/// <summary>
/// The daemon's plan thread (src/Rootwrap.Native/Daemon/PlanThread.cs), proved by the
/// kernel through the unchanged oslo.rootwrap client: each plan kind it takes (capabilities,
/// [RunAs] with ambient ones, a plain user switch, [NoNewPrivs] off, [Paths]) is read from
/// /proc/PID/status of the very process the daemon spawned, and tries what its plan forbids;
/// no launcher process is started for any of them; and afterwards, and while they run from 8
/// connections beside full-root calls, every thread of the daemon keeps root's credentials.
/// </summary>
public sealed class DaemonPlanThreadTests : IDisposable
{
    private readonly HardeningHarness _h = new("plan-thread");

    public void Dispose() => _h.Dispose();

    private const string Client = """
        import json, os, sys, threading, time
        from oslo_rootwrap import client
        import subprocess
        daemon, conf, canary, secret, inside, outside = sys.argv[1:7]
        c = client.Client(["sudo", "-n", daemon, conf])
        c.execute(["sh", "-c", ": plain; true"])
        pid = int(subprocess.run(["pgrep", "-P", str(c._process.pid)], capture_output=True, text=True).stdout.split()[0])

        def threads():
            out = {}
            for tid in os.listdir("/proc/%d/task" % pid):
                try:
                    with open("/proc/%d/task/%s/status" % (pid, tid)) as f:
                        st = dict(l.split(":", 1) for l in f.read().splitlines() if ":" in l)
                except (FileNotFoundError, ProcessLookupError):
                    continue  # a plan thread that ended while the folder was read
                out[tid] = {k: st[k].strip() for k in ("Uid", "Gid", "Groups", "CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb", "NoNewPrivs", "Seccomp")}
            return out

        def settled():
            # A plan thread lives from its call until just after its spawn: the last ones may
            # still be ending when the last answer arrives. Wait (up to 2 s) until only
            # root's threads are left; whatever is still there then is what is judged.
            for _ in range(40):
                t = threads()
                if all(v["Uid"].split() == ["0"] * 4 for v in t.values()):
                    return t
                time.sleep(0.05)
            return t

        def children():
            kids = []
            for p in os.listdir("/proc"):
                if not p.isdigit():
                    continue
                try:
                    with open("/proc/%s/stat" % p) as f:
                        ppid = int(f.read().rsplit(")", 1)[1].split()[1])
                    if ppid == pid:
                        with open("/proc/%s/cmdline" % p, "rb") as f:
                            kids.append(f.read().split(b"\0")[0].decode())
                except OSError:
                    pass
            return kids

        before = threads()
        status = 'cat /proc/$$/status; '
        tries = {
            "caps": status + 'cat %s; echo x > %s && echo WROTE; chown 1 %s && echo CHOWNED; true' % (secret, canary, canary),
            "runas": status + 'echo x > %s && echo WROTE; kill -0 %d && echo SIGNALLED; true' % (canary, pid),
            "user": status + 'echo x > %s && echo WROTE; kill -0 %d && echo SIGNALLED; true' % (canary, pid),
            "nnpoff": status + 'true',
            "confined": status + 'echo x > %s/f && echo INSIDE; echo x > %s/f && echo OUTSIDE; chmod u+s %s/f && echo SETUID; true' % (inside, outside, inside),
            "plain": status + 'true',
        }
        res = {k: c.execute(["sh", "-c", ": %s; %s" % (k, v)]) for k, v in tries.items()}

        # 8 connections at once, full-root and plan-thread calls interleaved
        c._ensure_initialized()
        proxy = c._proxy
        mixed, errors = [], []
        def worker(t):
            for i in range(24):
                kind = ("plain", "user", "caps", "runas")[(t + i) % 4]
                try:
                    r = proxy.run_one_command(["sh", "-c", ": %s; cat /proc/$$/status" % kind], None)
                    mixed.append((kind, r))
                except Exception as e:
                    errors.append(repr(e))
        ts = [threading.Thread(target=worker, args=(t,)) for t in range(8)]
        for t in ts: t.start()
        for t in ts: t.join()

        print(json.dumps({"pid": pid, "before": before, "after": settled(), "children": children(),
                          "results": res, "mixed": mixed, "errors": errors}))
        """;

    private const string None = "0000000000000000";

    private static Dictionary<string, string> Status(string text) =>
        text.Split('\n').Where(l => l.Contains(':')).Select(l => l.Split(':', 2))
            .GroupBy(kv => kv[0]).ToDictionary(g => g.Key, g => g.First()[1].Trim());

    private static string Ids(string id) => string.Join('\t', id, id, id, id);

    [RequiresFact(Need.Confinement | Need.Client)]
    public void Plans_with_users_capabilities_and_paths_hold_in_the_kernel_and_leave_the_daemons_threads_root()
    {
        var canaryDir = _h.Folder("canary");
        var canary = Path.Combine(canaryDir, "canary");
        File.WriteAllText(canary, "canary\n");
        File.SetUnixFileMode(canary, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead); // 0444, root's
        var secret = Path.Combine(canaryDir, "secret");
        File.WriteAllText(secret, "secret\n");
        File.SetUnixFileMode(secret, UnixFileMode.None);
        var inside = _h.Folder("in");
        var outside = _h.Folder("out");
        _h.Configure($"""
            [Filters]
            caps: RegExpFilter, sh, root, sh, -c, : caps;.*
            runas: RegExpFilter, sh, root, sh, -c, : runas;.*
            user: RegExpFilter, sh, rwother, sh, -c, : user;.*
            nnpoff: RegExpFilter, sh, root, sh, -c, : nnpoff;.*
            confined: RegExpFilter, sh, root, sh, -c, : confined;.*
            plain: RegExpFilter, sh, root, sh, -c, : plain;.*
            [Capabilities]
            caps: CAP_NET_ADMIN, CAP_DAC_READ_SEARCH
            runas: CAP_NET_ADMIN
            nnpoff: CAP_KILL
            [RunAs]
            runas: rwother
            [NoNewPrivs]
            nnpoff: off
            [Paths]
            confined: rw {inside}

            """);
        var daemon = Path.Combine(Path.GetDirectoryName(HardeningHarness.Binary)!, "rootwrap-native-daemon");
        var r = HardeningHarness.Run("runuser", ["-u", HardeningHarness.ServiceUser, "--", "/usr/bin/python3", "-c", Client,
            daemon, _h.Config, canary, secret, inside, outside], timeoutMs: 120_000);
        Assert.True(r.ExitCode == 0, r.ToString());
        var doc = JsonDocument.Parse(r.Stdout).RootElement;
        var other = HardeningHarness.Sh("id -u rwother; id -g rwother").Stdout.Split('\n');
        string uid = other[0].Trim(), gid = other[1].Trim();

        (int Rc, Dictionary<string, string> St, string Out, string Err) Result(string kind)
        {
            var res = doc.GetProperty("results").GetProperty(kind);
            var stdout = res[1].GetString()!;
            return (res[0].GetInt32(), Status(stdout), stdout, res[2].GetString()!);
        }

        // Root with CAP_NET_ADMIN and CAP_DAC_READ_SEARCH only, bounded, no_new_privs.
        var caps = Result("caps");
        Assert.True(caps.Rc == 0, caps.Err);
        Assert.Equal(Ids("0"), caps.St["Uid"]);
        foreach (var f in (string[])["CapEff", "CapPrm", "CapBnd"]) Assert.Equal("0000000000001004", caps.St[f]);
        Assert.Equal(None, caps.St["CapInh"]);
        Assert.Equal(None, caps.St["CapAmb"]);
        Assert.Equal("1", caps.St["NoNewPrivs"]);
        Assert.Equal("0", caps.St["Seccomp"]);
        Assert.Contains("secret", caps.Out); // CAP_DAC_READ_SEARCH holds
        Assert.DoesNotContain("WROTE", caps.Out); // no CAP_DAC_OVERRIDE: a 0444 root file stays
        Assert.Contains("Permission denied", caps.Err);
        Assert.DoesNotContain("CHOWNED", caps.Out); // no CAP_CHOWN: EPERM
        Assert.Contains("Operation not permitted", caps.Err);

        // [RunAs]: rwother with CAP_NET_ADMIN ambient, nothing else.
        var runas = Result("runas");
        Assert.True(runas.Rc == 0, runas.Err);
        Assert.Equal(Ids(uid), runas.St["Uid"]);
        Assert.Equal(Ids(gid), runas.St["Gid"]);
        Assert.Equal(gid, runas.St["Groups"]);
        foreach (var f in (string[])["CapEff", "CapPrm", "CapBnd", "CapInh", "CapAmb"]) Assert.Equal("0000000000001000", runas.St[f]);
        Assert.Equal("1", runas.St["NoNewPrivs"]);
        Assert.DoesNotContain("WROTE", runas.Out);
        Assert.DoesNotContain("SIGNALLED", runas.Out); // the root daemon is out of its reach
        Assert.Contains("Operation not permitted", runas.Err);

        // A plain user switch (the reference's run_as): no capability left, no bound, no no_new_privs.
        var user = Result("user");
        Assert.True(user.Rc == 0, user.Err);
        Assert.Equal(Ids(uid), user.St["Uid"]);
        Assert.Equal(Ids(gid), user.St["Gid"]);
        Assert.Equal(gid, user.St["Groups"]);
        foreach (var f in (string[])["CapEff", "CapPrm", "CapInh", "CapAmb"]) Assert.Equal(None, user.St[f]);
        Assert.Equal("0", user.St["NoNewPrivs"]);
        Assert.DoesNotContain("WROTE", user.Out);
        Assert.DoesNotContain("SIGNALLED", user.Out);

        // [NoNewPrivs] off: CAP_KILL bounded, no_new_privs 0.
        var nnp = Result("nnpoff");
        Assert.True(nnp.Rc == 0, nnp.Err);
        foreach (var f in (string[])["CapEff", "CapPrm", "CapBnd"]) Assert.Equal("0000000000000020", nnp.St[f]);
        Assert.Equal("0", nnp.St["NoNewPrivs"]);

        // [Paths]: writes only inside, no setuid bit (seccomp), in the kernel.
        var conf = Result("confined");
        Assert.True(conf.Rc == 0, conf.Err);
        Assert.Equal("2", conf.St["Seccomp"]);
        Assert.Contains("INSIDE", conf.Out);
        Assert.DoesNotContain("OUTSIDE", conf.Out);
        Assert.Contains("Read-only file system", conf.Err);
        Assert.DoesNotContain("SETUID", conf.Out);
        Assert.False(File.Exists(Path.Combine(outside, "f")));
        Assert.Equal(0, (int)(File.GetUnixFileMode(Path.Combine(inside, "f")) & UnixFileMode.SetUser));

        // The reference's full root, spawned directly: every capability this machine's root holds.
        var plain = Result("plain");
        Assert.Equal(Ids("0"), plain.St["Uid"]);
        var full = plain.St["CapEff"];
        Assert.Equal(full, plain.St["CapBnd"]);
        Assert.Equal(HardeningHarness.Sh("grep CapEff /proc/self/status").Stdout.Split(":")[1].Trim(), full);
        Assert.Equal("0", plain.St["NoNewPrivs"]);

        Assert.Equal("canary\n", File.ReadAllText(canary));

        // Under load from 8 connections, each kind got its own plan, and only it.
        Assert.Empty(doc.GetProperty("errors").EnumerateArray());
        var mixed = doc.GetProperty("mixed").EnumerateArray().ToList();
        Assert.Equal(8 * 24, mixed.Count);
        foreach (var m in mixed)
        {
            var kind = m[0].GetString();
            Assert.Equal(0, m[1][0].GetInt32());
            var st = Status(m[1][1].GetString()!);
            var (wantUid, wantEff, wantNnp) = kind switch
            {
                "plain" => ("0", full, "0"),
                "user" => (uid, None, "0"),
                "caps" => ("0", "0000000000001004", "1"),
                _ => (uid, "0000000000001000", "1"),
            };
            Assert.True(Ids(wantUid) == st["Uid"] && wantEff == st["CapEff"] && wantNnp == st["NoNewPrivs"],
                $"{kind}: Uid {st["Uid"]}, CapEff {st["CapEff"]}, NoNewPrivs {st["NoNewPrivs"]}");
        }

        // No launcher was started: every one of these plans took the plan thread.
        Assert.DoesNotContain("rootwrap-native-launcher", doc.GetProperty("children").EnumerateArray().Select(k => k.GetString()));

        // Every thread of the daemon, before and after, is root with every capability, unbounded, unconfined.
        foreach (var phase in (string[])["before", "after"])
        {
            var threads = doc.GetProperty(phase).EnumerateObject().ToList();
            Assert.NotEmpty(threads);
            foreach (var t in threads)
            {
                var st = t.Value;
                string F(string name) => st.GetProperty(name).GetString()!;
                Assert.True(F("Uid") == Ids("0") && F("Gid") == Ids("0") && F("CapEff") == full && F("CapPrm") == full
                        && F("CapBnd") == full && F("CapAmb") == None && F("NoNewPrivs") == "0" && F("Seccomp") == "0",
                    $"{phase}: daemon thread {t.Name}: {st}");
            }
        }
    }

    private const string KillClient = """
        import json, os, sys, subprocess
        from oslo_rootwrap import client
        daemon, conf, granted, denied, rooted = sys.argv[1:6]
        c = client.Client(["sudo", "-n", daemon, conf])
        res = {"granted": c.execute(["kill", "-HUP", granted])}
        pid = int(subprocess.run(["pgrep", "-P", str(c._process.pid)], capture_output=True, text=True).stdout.split()[0])
        res["denied"] = c.execute(["kill", "-9", denied])
        res["root"] = c.execute(["kill", "-TERM", rooted])
        res["refused"] = c.execute(["kill", "-HUP", str(os.getpid())])
        kids = []
        for p in os.listdir("/proc"):
            if not p.isdigit():
                continue
            try:
                with open("/proc/%s/stat" % p) as f:
                    if int(f.read().rsplit(")", 1)[1].split()[1]) == pid:
                        with open("/proc/%s/cmdline" % p, "rb") as f:
                            kids.append(f.read().split(b"\0")[0].decode())
            except OSError:
                pass
        print(json.dumps({"results": res, "children": kids}))
        """;

    /// <summary>
    /// H4 kills through the daemon take the plan thread: the process is held through a pidfd
    /// and signalled with the plan's user and capabilities, and no launcher starts. The
    /// kernel is the judge: rwother with CAP_KILL ends a root process, rwother without it
    /// gets EPERM and the process lives, a full-root kill ends it.
    /// </summary>
    [RequiresFact(Need.Harness | Need.Client)]
    public void Kills_are_signalled_from_a_plan_thread_with_the_plans_credentials_and_start_no_launcher()
    {
        _h.Configure("""
            [Filters]
            kill_granted: KillFilter, root, /usr/bin/sleep, -HUP
            kill_denied: KillFilter, root, /usr/bin/sleep, -9
            kill_root: KillFilter, root, /usr/bin/sleep, -TERM
            [Capabilities]
            kill_granted: CAP_KILL
            kill_denied:
            [RunAs]
            kill_granted: rwother
            kill_denied: rwother

            """);
        var sleepers = Enumerable.Range(0, 3).Select(_ => System.Diagnostics.Process.Start("/usr/bin/sleep", "600")).ToArray();
        try
        {
            var daemon = Path.Combine(Path.GetDirectoryName(HardeningHarness.Binary)!, "rootwrap-native-daemon");
            var r = HardeningHarness.Run("runuser", ["-u", HardeningHarness.ServiceUser, "--", "/usr/bin/python3", "-c", KillClient,
                daemon, _h.Config, .. sleepers.Select(p => p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))], timeoutMs: 120_000);
            Assert.True(r.ExitCode == 0, r.ToString());
            var doc = JsonDocument.Parse(r.Stdout).RootElement;
            (int Rc, string Err) Result(string kind)
            {
                var res = doc.GetProperty("results").GetProperty(kind);
                return (res[0].GetInt32(), res[2].GetString()!);
            }

            var granted = Result("granted");
            Assert.True(granted.Rc == 0, granted.Err);
            Assert.True(sleepers[0].WaitForExit(10_000), "rwother with CAP_KILL: the root process is still there");

            var denied = Result("denied");
            Assert.True(denied.Rc == 1, denied.Err);
            Assert.Contains("Operation not permitted", denied.Err);
            Assert.False(sleepers[1].WaitForExit(1_000), "rwother without CAP_KILL signalled a root process");

            var root = Result("root");
            Assert.True(root.Rc == 0, root.Err);
            Assert.True(sleepers[2].WaitForExit(10_000), "a full-root kill left the process");

            Assert.Equal(99, Result("refused").Rc); // not a sleep: no filter

            Assert.Empty(doc.GetProperty("children").EnumerateArray());
        }
        finally
        {
            foreach (var p in sleepers) { if (!p.HasExited) p.Kill(); p.Dispose(); }
        }
    }

    private const string NetnsClient = """
        import json, os, sys, subprocess
        from oslo_rootwrap import client
        daemon, conf, ns = sys.argv[1:4]
        c = client.Client(["sudo", "-n", daemon, conf])
        probe = "readlink /proc/self/ns/net; ls /sys/class/net | tr '\\n' ' '; echo; grep -E '^(Uid|CapEff|CapBnd|NoNewPrivs)' /proc/self/status"
        res = {"entered": c.execute(["ip", "netns", "exec", ns, "sh", "-c", probe])}
        pid = int(subprocess.run(["pgrep", "-P", str(c._process.pid)], capture_output=True, text=True).stdout.split()[0])
        res["again"] = c.execute(["ip", "netns", "exec", ns, "sh", "-c", probe])
        res["host"] = c.execute(["sh", "-c", "readlink /proc/self/ns/net"])
        kids = []
        for p in os.listdir("/proc"):
            if not p.isdigit():
                continue
            try:
                with open("/proc/%s/stat" % p) as f:
                    if int(f.read().rsplit(")", 1)[1].split()[1]) == pid:
                        with open("/proc/%s/cmdline" % p, "rb") as f:
                            kids.append(f.read().split(b"\0")[0].decode())
            except OSError:
                pass
        print(json.dumps({"results": res, "children": kids}))
        """;

    /// <summary>
    /// [Namespaces] enter through the daemon takes the plan thread: the command is in the
    /// namespace, sees its /sys, holds its own declaration alone, and no launcher starts; a
    /// call without the chain after it runs in the host's namespace.
    /// </summary>
    [RequiresFact(Need.Harness | Need.Client)]
    public void Namespace_entries_are_made_on_a_plan_thread_and_start_no_launcher()
    {
        var ns = "rwn-dns-" + Guid.NewGuid().ToString("N")[..8];
        Assert.True(HardeningHarness.Sh($"ip netns add {ns}").ExitCode == 0);
        try
        {
            _h.Configure("""
                [Filters]
                ip_exec: IpNetnsExecFilter, ip, root
                sh: CommandFilter, sh, root
                [Capabilities]
                ip_exec: CAP_SYS_ADMIN
                sh: CAP_NET_RAW
                [Namespaces]
                ip_exec: enter

                """);
            var daemon = Path.Combine(Path.GetDirectoryName(HardeningHarness.Binary)!, "rootwrap-native-daemon");
            var r = HardeningHarness.Run("runuser", ["-u", HardeningHarness.ServiceUser, "--", "/usr/bin/python3", "-c", NetnsClient,
                daemon, _h.Config, ns], timeoutMs: 120_000);
            Assert.True(r.ExitCode == 0, r.ToString());
            var doc = JsonDocument.Parse(r.Stdout).RootElement;
            var inode = HardeningHarness.Sh($"stat -L -c 'net:[%i]' /run/netns/{ns}").Stdout.Trim();
            foreach (var kind in (string[])["entered", "again"])
            {
                var res = doc.GetProperty("results").GetProperty(kind);
                Assert.True(res[0].GetInt32() == 0, res[2].GetString());
                var lines = res[1].GetString()!.Split('\n');
                Assert.Equal(inode, lines[0]);
                Assert.Equal("lo", lines[1].Trim()); // the namespace's own /sys
                var st = Status(res[1].GetString()!);
                Assert.Equal("0000000000002000", st["CapEff"]); // CAP_NET_RAW alone, not the chain's CAP_SYS_ADMIN
                Assert.Equal("0000000000002000", st["CapBnd"]);
                Assert.Equal("1", st["NoNewPrivs"]);
            }
            // sh alone, after them: in the host's namespace (the entered one was those plan threads' alone).
            var host = doc.GetProperty("results").GetProperty("host");
            Assert.Equal(HardeningHarness.Sh("readlink /proc/self/ns/net").Stdout.Trim(), host[1].GetString()!.Trim());
            Assert.Empty(doc.GetProperty("children").EnumerateArray());
        }
        finally
        {
            HardeningHarness.Sh($"ip netns delete {ns} 2>/dev/null");
        }
    }
}
