using Rootwrap.Tests.Hardening;
using Xunit;

namespace Rootwrap.Tests.Confinement;

/// <summary>
/// SPEC 4b: a confined command can create no setuid or setgid file, not even inside its rw
/// paths. Cinder and manila ship chown and chmod side by side; with an rw path the service
/// owns, chown root + chmod 4755 of a copy of bash is a root shell for the service. The
/// reference shows it first; then the kernel (seccomp) refuses the mode with EPERM.
/// </summary>
public sealed class SetuidCreationTests : IDisposable
{
    private readonly HardeningHarness _h = new("setuid");
    private readonly string _rw, _rootRw;

    public SetuidCreationTests()
    {
        // The service's own folder (as /var/lib/cinder), and one of root's.
        _rw = _h.Folder("svc");
        HardeningHarness.Sh($"chown {HardeningHarness.ServiceUser}: {_rw} && chmod 0755 {_rw}");
        _rootRw = _h.Folder("root-rw");
        _h.Configure(
            "[Filters]\nchown: CommandFilter, chown, root\nchmod: CommandFilter, chmod, root\n" +
            "install: CommandFilter, install, root\nmkdir: CommandFilter, mkdir, root\n" +
            "cat: CommandFilter, cat, root\n" +
            "[Capabilities]\nchown: CAP_CHOWN\nchmod:\ninstall: CAP_CHOWN\nmkdir:\ncat:\n" +
            $"[Paths]\nchown: rw {_rw}\nchmod: rw {_rw}\ninstall: rw {_rootRw}\nmkdir: rw {_rootRw}\ncat: rw {_rw}\n",
            "undeclared_capabilities = deny\n");
    }

    public void Dispose()
    {
        HardeningHarness.Sh($"rm -rf {_rw}");
        _h.Dispose();
    }

    private RunResult AsService(string script) =>
        HardeningHarness.Run("runuser", ["-u", HardeningHarness.ServiceUser, "--", "bash", "-c", script]);

    private string Mode(string f) => HardeningHarness.Sh($"stat -c %a {f}").Stdout.Trim();

    [RequiresFact(Need.Confinement | Need.Reference)]
    public void Chown_then_chmod_4755_of_a_copied_shell_gives_root_through_the_reference_and_fails_here()
    {
        // The reference's root shell is made in a folder of the service's that only it can enter.
        var hidden = $"{_rw}/hidden";
        Assert.Equal(0, AsService($"mkdir -m 0700 {hidden} && cp /bin/bash {hidden}/sh").ExitCode);
        var o = _h.ReferenceAfter(":", "chown", "root", $"{hidden}/sh");
        Assert.True(o.ExitCode == 0, o.ToString());
        o = _h.ReferenceAfter(":", "chmod", "4755", $"{hidden}/sh");
        Assert.True(o.ExitCode == 0, o.ToString());
        Assert.Equal("0", AsService($"{hidden}/sh -p -c 'id -u'").Stdout.Trim());
        HardeningHarness.Sh($"rm -rf {hidden}");

        var sh = $"{_rw}/sh";

        Assert.Equal(0, AsService($"cp /bin/bash {sh}").ExitCode);
        var r = _h.Sudo("chown", "root", sh);
        Assert.True(r.ExitCode == 0, r.ToString()); // CAP_CHOWN inside the rw path: its purpose
        foreach (var mode in new[] { "4755", "u+s", "2755", "g+s", "6755" })
        {
            r = _h.Sudo("chmod", mode, sh);
            Assert.True(r.ExitCode != 0, $"chmod {mode}: {r}");
            Assert.Contains("Operation not permitted", r.Stderr);
        }
        Assert.Equal("755", Mode(sh));
        Assert.NotEqual("0", AsService($"{sh} -p -c 'id -u'").Stdout.Trim());
        // An ordinary mode still works: chmod keeps its legitimate use.
        r = _h.Sudo("chmod", "0750", sh);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("750", Mode(sh));
    }

    [RequiresFact(Need.Confinement)]
    public void Creating_with_a_setuid_mode_fails_and_plain_modes_work()
    {
        // install(1) creates and then fchmods; mkdir -m passes the mode to mkdir(2).
        var r = _h.Sudo("install", "-m", "4755", "/bin/true", $"{_rootRw}/t");
        Assert.True(r.ExitCode != 0, r.ToString());
        Assert.Contains("Operation not permitted", r.Stderr);
        if (File.Exists($"{_rootRw}/t")) Assert.Equal(0, Convert.ToInt32(Mode($"{_rootRw}/t"), 8) & 0xC00);
        r = _h.Sudo("mkdir", "-m", "2775", $"{_rootRw}/d");
        Assert.True(r.ExitCode != 0, r.ToString());
        Assert.Contains("Operation not permitted", r.Stderr);
        r = _h.Sudo("install", "-m", "0755", "/bin/true", $"{_rootRw}/t2");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("755", Mode($"{_rootRw}/t2"));
        r = _h.Sudo("mkdir", "-m", "0750", $"{_rootRw}/d2");
        Assert.True(r.ExitCode == 0, r.ToString());
    }

    [RequiresFact(Need.Confinement)]
    public void The_confined_command_runs_under_the_seccomp_filter_without_cap_setfcap()
    {
        var status = _h.Sudo("cat", "/proc/self/status").Stdout;
        Assert.Contains("Seccomp:\t2", status);
        _h.Configure($"[Filters]\ncat: CommandFilter, cat, root\n[Paths]\ncat: rw {_rw}\n");
        status = _h.Sudo("cat", "/proc/self/status").Stdout;
        var eff = Convert.ToUInt64(status.Split('\n').First(l => l.StartsWith("CapEff:"))[7..].Trim(), 16);
        Assert.Equal(0UL, eff & (1UL << 31)); // CAP_SETFCAP
        Assert.Contains("Seccomp:\t2", status);
    }
}
