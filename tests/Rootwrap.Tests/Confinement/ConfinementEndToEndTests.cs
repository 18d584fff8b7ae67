using Rootwrap.Tests.Hardening;
using Xunit;

namespace Rootwrap.Tests.Confinement;

/// <summary>
/// SPEC 4b, proven by the kernel: root commands of confined filters, run through sudo by the
/// service account, change their rw paths and nothing else (EROFS from the read-only mounts,
/// EACCES from Landlock), and what they mount stays in their own namespace.
/// </summary>
public sealed class ConfinementEndToEndTests : IDisposable
{
    private readonly HardeningHarness _h = new("confine");
    private readonly string _in, _out;

    public ConfinementEndToEndTests()
    {
        _in = _h.Folder("in");
        _out = _h.Folder("out");
        foreach (var d in new[] { _in, _out })
        {
            File.WriteAllText(Path.Combine(d, "file"), "data\n");
            Directory.CreateDirectory(Path.Combine(d, "sub"));
        }
        var filters = new[] { "chown", "chmod", "tee", "rm", "mkdir", "touch", "mv", "dd", "cat", "mount", "umount" };
        _h.Configure(
            "[Filters]\n" + string.Concat(filters.Select(f => $"{f}: CommandFilter, {f}, root\n")) +
            "nice: ChainingRegExpFilter, nice, root, nice\n" +
            "[Paths]\n" + string.Concat(filters.Where(f => f != "cat").Select(f => $"{f}: rw {_in}\n")) +
            $"cat: ro {_in}\n" +
            // mount can't work without CAP_SYS_ADMIN, which voids the confinement (the auditor says so).
            "[Capabilities]\nmount: CAP_SYS_ADMIN\n");
    }

    public void Dispose() => _h.Dispose();

    private static void Works(RunResult r) => Assert.True(r.ExitCode == 0, r.ToString());

    private static void ReadOnly(RunResult r)
    {
        Assert.True(r.ExitCode != 0, r.ToString());
        Assert.Contains("Read-only file system", r.Stderr);
    }

    [RequiresFact(Need.Confinement)]
    public void Chown_changes_a_file_inside_and_fails_read_only_outside()
    {
        Works(_h.Sudo("chown", "rwother", $"{_in}/file"));
        ReadOnly(_h.Sudo("chown", "rwother", $"{_out}/file"));
        Assert.Equal("rwother", HardeningHarness.Sh($"stat -c %U {_in}/file").Stdout.Trim());
        Assert.Equal("root", HardeningHarness.Sh($"stat -c %U {_out}/file").Stdout.Trim());
    }

    [RequiresFact(Need.Confinement)]
    public void Chmod_changes_a_file_inside_and_fails_read_only_outside()
    {
        Works(_h.Sudo("chmod", "600", $"{_in}/file"));
        ReadOnly(_h.Sudo("chmod", "666", $"{_out}/file"));
        Assert.Equal("600", HardeningHarness.Sh($"stat -c %a {_in}/file").Stdout.Trim());
        Assert.Equal("644", HardeningHarness.Sh($"stat -c %a {_out}/file").Stdout.Trim());
    }

    [RequiresFact(Need.Confinement)]
    public void Tee_writes_inside_and_fails_read_only_outside()
    {
        Works(_h.SudoAfter("echo written |", "tee", $"{_in}/new"));
        ReadOnly(_h.SudoAfter("echo written |", "tee", $"{_out}/new"));
        Assert.Equal("written\n", File.ReadAllText($"{_in}/new"));
        Assert.False(File.Exists($"{_out}/new"));
    }

    [RequiresFact(Need.Confinement)]
    public void A_chain_does_not_lift_the_confinement_of_what_it_runs()
    {
        Works(_h.SudoAfter("echo x |", "nice", "tee", $"{_in}/chained"));
        ReadOnly(_h.SudoAfter("echo x |", "nice", "tee", $"{_out}/chained"));
        Assert.False(File.Exists($"{_out}/chained"));
    }

    [RequiresFact(Need.Confinement)]
    public void Tee_cannot_append_to_etc_passwd()
    {
        var before = File.ReadAllText("/etc/passwd");
        // Empty input: were the confinement broken, nothing would be appended anyway.
        var r = _h.SudoAfter(":| ", "tee", "-a", "/etc/passwd");
        ReadOnly(r);
        Assert.Contains("/etc/passwd", r.Stderr);
        Assert.Equal(before, File.ReadAllText("/etc/passwd"));
    }

    [RequiresFact(Need.Confinement)]
    public void Rm_removes_inside_and_fails_read_only_outside()
    {
        Works(_h.Sudo("rm", $"{_in}/file"));
        ReadOnly(_h.Sudo("rm", $"{_out}/file"));
        Assert.False(File.Exists($"{_in}/file"));
        Assert.True(File.Exists($"{_out}/file"));
    }

    [RequiresFact(Need.Confinement)]
    public void Mkdir_creates_inside_and_fails_read_only_outside()
    {
        Works(_h.Sudo("mkdir", $"{_in}/made"));
        ReadOnly(_h.Sudo("mkdir", $"{_out}/made"));
        ReadOnly(_h.Sudo("mkdir", "/etc/rootwrap-native-confinement-test"));
        Assert.True(Directory.Exists($"{_in}/made"));
        Assert.False(Directory.Exists($"{_out}/made"));
        Assert.False(Directory.Exists("/etc/rootwrap-native-confinement-test"));
    }

    [RequiresFact(Need.Confinement)]
    public void Renames_inside_work_and_out_of_the_rw_path_fail()
    {
        Works(_h.Sudo("mv", $"{_in}/file", $"{_in}/sub/moved"));
        var r = _h.Sudo("mv", $"{_in}/sub/moved", $"{_out}/stolen");
        Assert.NotEqual(0, r.ExitCode);
        Assert.True(File.Exists($"{_in}/sub/moved"));
        Assert.False(File.Exists($"{_out}/stolen"));
    }

    [RequiresFact(Need.Confinement)]
    public void Dd_cannot_write_a_device_node_which_read_only_mounts_would_not_stop()
    {
        // open(2) of a device for writing ignores the mount's read-only flag; Landlock doesn't.
        var r = _h.SudoAfter(":| ", "dd", "of=/dev/kmsg", "count=0");
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("Permission denied", r.Stderr);
        Works(_h.SudoAfter(":| ", "dd", "of=/dev/null", "count=0"));
    }

    [RequiresFact(Need.Confinement)]
    public void Proc_pid_root_of_an_outside_process_is_no_way_out()
    {
        // A root process with no capabilities outside the namespace: its /proc/PID/root leads
        // to the writable host view, and ptrace rules alone would let the confined command in.
        var p = System.Diagnostics.Process.Start("setpriv", ["--bounding-set=-all", "--inh-caps=-all", "sleep", "60"]);
        try
        {
            Thread.Sleep(200);
            var target = $"/proc/{p.Id}/root{_out}/escaped";
            var r = _h.SudoAfter("echo x |", "tee", target);
            Assert.NotEqual(0, r.ExitCode);
            Assert.Contains("Permission denied", r.Stderr);
            Assert.False(File.Exists($"{_out}/escaped"));
        }
        finally { p.Kill(); p.WaitForExit(); }
    }

    [RequiresFact(Need.Confinement)]
    public void Ro_entries_restrict_reads_to_them()
    {
        var r = _h.Sudo("cat", $"{_in}/file");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("data\n", r.Stdout);
        r = _h.Sudo("cat", $"{_out}/file");
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("Permission denied", r.Stderr);
        Assert.NotEqual(0, _h.Sudo("cat", "/etc/shadow").ExitCode);
    }

    [RequiresFact(Need.Confinement)]
    public void Without_cap_sys_admin_a_confined_command_cannot_remount()
    {
        var r = _h.Sudo("umount", "-l", _in);
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("superuser", r.Stderr);
    }

    [RequiresFact(Need.Confinement)]
    public void A_mount_made_by_a_confined_command_does_not_appear_outside()
    {
        Directory.CreateDirectory($"{_in}/mnt");
        var r = _h.Sudo("mount", "-t", "tmpfs", "confinement-test", $"{_in}/mnt");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.DoesNotContain("confinement-test", File.ReadAllText("/proc/self/mountinfo"));
        Assert.DoesNotContain(_in, File.ReadAllText("/proc/1/mountinfo"));
    }

    [RequiresFact(Need.Harness | Need.NoLandlock)]
    public void Confinement_is_refused_without_landlock_and_never_run_unconfined()
    {
        var r = _h.SudoAfter(":| ", "tee", $"{_out}/x");
        Assert.Equal(99, r.ExitCode);
        Assert.Contains("Landlock", r.Stderr);
        Assert.False(File.Exists($"{_out}/x"));
    }

    [RequiresFact(Need.Harness)]
    public void A_missing_rw_path_is_a_configuration_error()
    {
        _h.Configure($"[Filters]\ntee: CommandFilter, tee, root\n[Paths]\ntee: rw {_in}/does-not-exist\n");
        var r = _h.SudoAfter(":| ", "tee", $"{_in}/x");
        Assert.Equal(97, r.ExitCode);
        Assert.Contains("does not exist", r.Stderr);
    }

    [RequiresFact(Need.Confinement)]
    public void A_symlinked_rw_path_in_a_folder_the_service_can_write_is_refused()
    {
        // The service account owns the folder: it could point the "rw" path anywhere (/etc).
        var owned = _h.Folder("owned");
        HardeningHarness.Sh($"chown {HardeningHarness.ServiceUser} {owned} && ln -s {_out} {owned}/link");
        _h.Configure($"[Filters]\ntee: CommandFilter, tee, root\n[Paths]\ntee: rw {owned}/link\n");
        var r = _h.SudoAfter(":| ", "tee", $"{_out}/x");
        Assert.Equal(99, r.ExitCode);
        Assert.Contains("symlink", r.Stderr);
        Assert.False(File.Exists($"{_out}/x"));
    }

    [RequiresFact(Need.Confinement)]
    public void The_confined_command_runs_without_the_capabilities_that_undo_it()
    {
        _h.Configure($"[Filters]\ncat: CommandFilter, cat, root\n[Paths]\ncat: rw {_in}\n");
        var status = _h.Sudo("cat", "/proc/self/status").Stdout;
        ulong eff = Convert.ToUInt64(status.Split('\n').First(l => l.StartsWith("CapEff:"))[7..].Trim(), 16);
        var effective = new Rootwrap.Capabilities.CapabilitySet(eff);
        Assert.True(effective.Intersect(Rootwrap.Config.ConfinementRules.VoidingCapabilities).IsEmpty, effective.ToString());
        Assert.Contains("NoNewPrivs:\t1", status);
        var mounts = _h.Sudo("cat", "/proc/self/mountinfo").Stdout.Split('\n');
        Assert.Contains(mounts, l => l.Split(' ') is var f && f.Length > 5 && f[4] == "/" && f[5].Split(',').Contains("ro"));
        Assert.Contains(mounts, l => l.Split(' ') is var f && f.Length > 5 && f[4] == _in && f[5].Split(',').Contains("rw"));
        Assert.Contains(mounts, l => l.Split(' ') is var f && f.Length > 5 && f[4] == "/sys" && f[5].Split(',').Contains("ro"));
    }
}
