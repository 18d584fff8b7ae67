using Rootwrap.Tests.Hardening;
using Xunit;

namespace Rootwrap.Tests.Inherited;

/// <summary>
/// What a compromised service account can set before calling sudo doesn't reach the root
/// command: each test sets the hostile value as rwsvc, calls through sudo, and reads the
/// command's own /proc/self (what the kernel says, not what the helper believes).
/// </summary>
public sealed class InheritedStateTests : IDisposable
{
    private readonly HardeningHarness _h = new("inherited");

    public InheritedStateTests() =>
        _h.Configure("[Filters]\ncat: CommandFilter, cat, root\nls: CommandFilter, ls, root\n", "rlimit_nofile=1024");

    public void Dispose() => _h.Dispose();

    private Dictionary<string, (string Soft, string Hard)> Limits(string prelude)
    {
        var r = _h.SudoAfter(prelude, "cat", "/proc/self/limits");
        Assert.True(r.ExitCode == 0, r.ToString());
        return r.Stdout.Split('\n').Skip(1).Where(l => l.Length > 46)
            .ToDictionary(l => l[..26].Trim(), l => (l[26..47].Trim(), l[47..].Trim().Split(' ')[0]));
    }

    private string Status(string prelude, string field)
    {
        var r = _h.SudoAfter(prelude, "cat", "/proc/self/status");
        Assert.True(r.ExitCode == 0, r.ToString());
        return r.Stdout.Split('\n').First(l => l.StartsWith(field + ":"))[(field.Length + 1)..].Trim();
    }

    /// <summary>Whether the helper can raise a hard limit (CAP_SYS_RESOURCE; containers may lack it).</summary>
    private static bool CanRaiseHardLimits()
    {
        var bnd = File.ReadAllLines("/proc/self/status").First(l => l.StartsWith("CapBnd:"))[7..].Trim();
        return (Convert.ToUInt64(bnd, 16) & (1UL << 24)) != 0;
    }

    [RequiresFact(Need.Harness)]
    public void Soft_limits_that_survive_sudo_are_reset()
    {
        // sudo resets some soft limits itself; these two come through it.
        var l = Limits("ulimit -S -n 40; ulimit -S -l 1");
        Assert.Equal(("1024", "4096"), l["Max open files"]);
        Assert.Equal(("8388608", "8388608"), l["Max locked memory"]);
        Assert.Equal(("unlimited", "unlimited"), l["Max file size"]);
        Assert.Equal(("unlimited", "unlimited"), l["Max cpu time"]);
        Assert.Equal(("8388608", "unlimited"), l["Max stack size"]);
    }

    [RequiresFact(Need.Harness)]
    public void A_tiny_hard_file_size_limit_never_reaches_the_command()
    {
        // With SIGXFSZ ignored, a root tee would write 10 KiB of a file and carry on.
        var r = _h.SudoAfter("ulimit -f 10; ulimit -t 100; trap '' XFSZ", "cat", "/proc/self/limits");
        if (CanRaiseHardLimits())
        {
            Assert.True(r.ExitCode == 0, r.ToString());
            Assert.Contains(r.Stdout.Split('\n'), l => l.StartsWith("Max file size") && l.Contains("unlimited"));
            Assert.Contains(r.Stdout.Split('\n'), l => l.StartsWith("Max cpu time") && l[26..].Trim().StartsWith("unlimited"));
        }
        else
        {
            // Without CAP_SYS_RESOURCE the limit can't be raised: refused, not run so.
            Assert.Equal(97, r.ExitCode);
            Assert.Contains("RLIMIT_", r.Stderr);
            Assert.Equal("", r.Stdout);
        }
    }

    [RequiresFact(Need.Harness)]
    public void Core_dumps_are_off()
    {
        var l = Limits("ulimit -S -c unlimited 2>/dev/null; ulimit -S -c");
        Assert.Equal(("0", "0"), l["Max core file size"]);
    }

    [RequiresFact(Need.Harness)]
    public void Ignored_and_blocked_signals_are_reset()
    {
        // bash can ignore; python blocks (the mask survives execve, and sudo restores it).
        const string prelude = "trap '' TERM HUP XFSZ PIPE INT USR1\n" +
            "exec /usr/bin/python3 -c 'import os, signal, sys; signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM, signal.SIGINT, signal.SIGUSR2}); os.execvp(\"sudo\", [\"sudo\", \"-n\"] + sys.argv[1:])' \"$@\"\n";
        var r = _h.SudoAfter(prelude, "cat", "/proc/self/status");
        Assert.True(r.ExitCode == 0, r.ToString());
        string Field(string f) => r.Stdout.Split('\n').First(l => l.StartsWith(f + ":"))[(f.Length + 1)..].Trim();
        Assert.Equal("0000000000000000", Field("SigIgn"));
        Assert.Equal("0000000000000000", Field("SigBlk"));
    }

    [RequiresFact(Need.Harness)]
    public void The_umask_is_022()
    {
        Assert.Equal("0022", Status("umask 0777", "Umask"));
        Assert.Equal("0022", Status("umask 0000", "Umask"));
    }

    [RequiresFact(Need.Harness)]
    public void Only_fds_0_1_2_are_open()
    {
        var r = _h.SudoAfter("exec 5</etc/hostname 7</etc/hostname 0<&-", "ls", "-l", "/proc/self/fd/");
        Assert.True(r.ExitCode == 0, r.ToString());
        var fds = r.Stdout.Split('\n').Where(l => l.Contains(" -> "))
            .Select(l => (Fd: l.Split(" -> ")[0].Split(' ')[^1], Target: l.Split(" -> ")[1])).ToList();
        Assert.Equal(["0", "1", "2"], fds.Select(f => f.Fd).Where(f => f is "0" or "1" or "2").Order());
        // Anything else is ls's own handle on the folder it lists.
        Assert.All(fds.Where(f => f.Fd is not ("0" or "1" or "2")), f => Assert.Matches(@"^/proc/\d+/fd$", f.Target));
    }
}
