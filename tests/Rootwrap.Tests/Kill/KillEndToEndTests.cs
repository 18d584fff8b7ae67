using System.Diagnostics;
using Rootwrap.Tests.Hardening;
using Xunit;

namespace Rootwrap.Tests.Kill;

/// <summary>
/// H4 through sudo: a KillFilter signals the process it checked, held by a pidfd, never
/// whichever process gets its PID next; /bin/kill's statuses and messages are kept.
/// </summary>
public sealed class KillEndToEndTests : IDisposable
{
    private readonly HardeningHarness _h = new("kill");

    public KillEndToEndTests() =>
        _h.Configure("[Filters]\nkill_sleep: KillFilter, root, /usr/bin/sleep, -9, -HUP, -0, -l\n" +
                     "kill_sleep_term: KillFilter, root, sleep\n");

    public void Dispose() => _h.Dispose();

    /// <summary>A sleep of another account, as a service's dnsmasq would be: the process the filter is for.</summary>
    private static Process Sleeper()
    {
        var p = Process.Start("setpriv", ["--reuid=rwother", "--regid=rwother", "--clear-groups", "sleep", "600"]);
        for (int i = 0; i < 100 && HardeningHarness.Sh($"readlink /proc/{p.Id}/exe").Stdout.Trim() != "/usr/bin/sleep"; i++)
            Thread.Sleep(20);
        return p;
    }

    private static bool Alive(int pid) => File.Exists($"/proc/{pid}/status") && !File.ReadAllText($"/proc/{pid}/status").Contains("State:\tZ");

    [RequiresFact(Need.Harness)]
    public void Kill_signals_the_checked_process()
    {
        var p = Sleeper();
        try
        {
            var r = _h.Sudo("kill", "-9", p.Id.ToString());
            Assert.True(r.ExitCode == 0, r.ToString());
            Assert.Equal("", r.Stderr);
            Assert.True(p.WaitForExit(5000));
        }
        finally { if (!p.HasExited) p.Kill(); }
    }

    [RequiresFact(Need.Harness)]
    public void Kill_without_a_signal_sends_sigterm_to_a_target_found_in_path()
    {
        var p = Sleeper();
        try
        {
            var r = _h.Sudo("kill", p.Id.ToString());
            Assert.True(r.ExitCode == 0, r.ToString());
            Assert.True(p.WaitForExit(5000));
        }
        finally { if (!p.HasExited) p.Kill(); }
    }

    [RequiresFact(Need.Confinement)]
    public void A_confined_kill_filter_still_reads_proc_and_signals()
    {
        // Reads restricted to /etc/hostname: the process is held before Landlock hides /proc.
        _h.Configure("[Filters]\nk: KillFilter, root, /usr/bin/sleep, -9\n[Paths]\nk: ro /etc/hostname\n");
        var p = Sleeper();
        try
        {
            var r = _h.Sudo("kill", "-9", p.Id.ToString());
            Assert.True(r.ExitCode == 0, r.ToString());
            Assert.True(p.WaitForExit(5000));
        }
        finally { if (!p.HasExited) p.Kill(); }
    }

    [RequiresFact(Need.Harness)]
    public void Signal_zero_only_checks()
    {
        var p = Sleeper();
        try
        {
            Assert.Equal(0, _h.Sudo("kill", "-0", p.Id.ToString()).ExitCode);
            Thread.Sleep(100);
            Assert.True(Alive(p.Id));
        }
        finally { p.Kill(); }
    }

    [RequiresFact(Need.Harness)]
    public void Another_program_is_not_killed()
    {
        var tail = Process.Start("tail", ["-f", "/dev/null"]);
        try
        {
            var r = _h.Sudo("kill", "-9", tail.Id.ToString());
            Assert.Equal(99, r.ExitCode);
            Assert.True(Alive(tail.Id));
        }
        finally { tail.Kill(); }
    }

    [RequiresFact(Need.Harness)]
    public void A_pid_kill_cannot_parse_keeps_kills_message_and_status()
    {
        var p = Sleeper();
        try
        {
            // Python's int() (the match) reads 1_234 as 1234; procps' strtol does not.
            var id = p.Id.ToString();
            var arg = id[..1] + "_" + id[1..];
            var r = _h.Sudo("kill", "-9", arg);
            Assert.Equal(1, r.ExitCode);
            Assert.Equal($"/bin/kill: failed to parse argument: '{arg}'\n", r.Stderr);
            Assert.True(Alive(p.Id));
        }
        finally { p.Kill(); }
    }

    [RequiresFact(Need.Harness)]
    public void An_option_in_the_signal_position_is_refused()
    {
        var p = Sleeper();
        try
        {
            var r = _h.Sudo("kill", "-l", p.Id.ToString());
            Assert.Equal(99, r.ExitCode);
            Assert.Contains("is not a signal", r.Stderr);
        }
        finally { p.Kill(); }
    }

    /// <summary>
    /// In a PID namespace of its own (so that nothing else takes PIDs), with the helper held
    /// by strace inside <paramref name="syscall"/>: the target dies, and its PID is given to
    /// a new process (ns_last_pid) before the helper goes on.
    /// </summary>
    private static string Race(string command, string syscall, int number, string newcomer) => HardeningHarness.Run("unshare",
        ["--pid", "--fork", "--mount-proc", "bash", "-c", $$"""
            sleep 600 & T=$!
            err=$(mktemp)
            strace -f -qq -o /dev/null {{(syscall == "execve" ? "-P /bin/kill" : "")}} -e trace={{syscall}} -e inject={{syscall}}:delay_enter=4000000:when=1 \
                {{command}} kill -9 "$T" 2>"$err" &
            H=$!
            for i in $(seq 400); do grep -qs "^{{number}} " /proc/[0-9]*/syscall && break; sleep 0.05; done
            kill -9 $T; wait $T 2>/dev/null
            echo $((T-1)) > /proc/sys/kernel/ns_last_pid
            {{newcomer}} & N=$!
            wait $H; echo "exit=$?"
            [ "$N" = "$T" ] && echo "pid reused"
            sleep 0.2
            kill -0 $N 2>/dev/null && echo "newcomer alive" || echo "newcomer killed"
            cat "$err"; rm -f "$err"; kill -9 $N 2>/dev/null
            """], timeoutMs: 120_000).Stdout;

    private string Helper => $"runuser -u {HardeningHarness.ServiceUser} -- sudo -n {HardeningHarness.Binary} {_h.Config}";

    [RequiresFact(Need.Harness)]
    public void A_pid_reused_by_another_program_before_the_hold_is_not_signalled()
    {
        var o = Race(Helper, "pidfd_open", 434, "tail -f /dev/null");
        Assert.Contains("pid reused", o);
        Assert.Contains("newcomer alive", o);
        Assert.Contains("exit=1", o);
        Assert.Contains("/bin/kill: (2): No such process", o);
    }

    [RequiresFact(Need.Harness)]
    public void A_pid_reused_by_the_same_program_after_the_hold_is_not_signalled()
    {
        // The executable reads right (sleep again); the pidfd still names the dead process.
        var o = Race(Helper, "pidfd_send_signal", 424, "sleep 600");
        Assert.Contains("pid reused", o);
        Assert.Contains("newcomer alive", o);
        Assert.Contains("exit=1", o);
        Assert.Contains("/bin/kill: (2): No such process", o);
    }

    [RequiresFact(Need.Harness | Need.Reference)]
    public void The_reference_kills_whoever_has_the_pid_by_then()
    {
        // The race H4 closes: oslo.rootwrap checks /proc/PID/exe, then runs /bin/kill PID.
        var o = Race("oslo-rootwrap " + _h.Config, "execve", 59, "sleep 600");
        Assert.Contains("pid reused", o);
        Assert.Contains("exit=0", o);
        Assert.Contains("newcomer killed", o);
    }
}
