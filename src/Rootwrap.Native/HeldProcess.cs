using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using Rootwrap.Filters;
using Rootwrap.Matching;
using Rootwrap.Native.Linux;
using Rootwrap.Posix;

namespace Rootwrap.Native;

/// <summary>What kill(1) would have ended with: its exit status and, on failure, its message (without the program name).</summary>
public readonly record struct KillOutcome(int Status, string? Message);

/// <summary>
/// H4: what <c>/bin/kill PID</c> did for the reference, without its race. The reference
/// reads /proc/PID/exe, then runs kill(1), which signals whatever has the number by then.
/// Here the process is held by a pidfd first, its executable read again, and the signal
/// sent through the pidfd: to that process or to none. kill(1)'s messages and exit
/// statuses are kept. The helper's launcher ends as kill(1) would (it stands in for the
/// execve); the daemon's plan thread returns the outcome instead.
/// </summary>
public sealed class HeldProcess : IDisposable
{
    private int _pidfd;
    private readonly long _pid;
    private readonly int _signal;

    private HeldProcess(int pidfd, long pid, int signal)
    {
        _pidfd = pidfd; _pid = pid; _signal = signal;
    }

    /// <summary>
    /// Holds the planned process while still root (reading /proc/PID/exe needs it). Null,
    /// with kill(1)'s outcome in <paramref name="failed"/>, when there is no such process to
    /// signal; throws <see cref="CannotEnforceException"/> when the kernel can't hold one.
    /// </summary>
    public static HeldProcess? Hold(ExecPlan plan, out KillOutcome failed)
    {
        var kill = plan.Kill ?? throw new ArgumentException("not a kill plan", nameof(plan));
        failed = default;
        if (ProcpsKill.ParsePid(kill.PidArgument, out long pid) is { } parseError)
        {
            failed = new KillOutcome(1, parseError);
            return null;
        }
        int pidfd;
        try
        {
            // The filter matched, so PID named a running process: it is in int's range.
            pidfd = Pidfd.Open((int)pid);
        }
        catch (SyscallException e) when (e.Errno == Errno.ENOSYS)
        {
            throw new CannotEnforceException("kill: this kernel can't hold a process (pidfd_open, Linux 5.3), so the signal can't be sent without a PID-reuse race");
        }
        catch (SyscallException e)
        {
            // ESRCH: gone since the match. EINVAL: a thread id, not a process (kill(1) would
            // signal its whole process; refused rather than guessed).
            failed = new KillOutcome(1, ProcpsKill.Failure(pid, Errno.Text(e.Errno)));
            return null;
        }
        // Read after the pidfd was opened; if the held process is still there afterwards, the
        // PID was not released in between, so what was read is the held process's. A PID
        // reused before the hold shows another executable: the process the caller named is gone.
        bool same = KillFilter.StillTarget(kill, new HostSystem(kill.PathVariable));
        if (!same || Pidfd.SendSignal(pidfd, 0) == Errno.ESRCH)
        {
            PathHandles.Close(pidfd);
            failed = new KillOutcome(1, ProcpsKill.Failure(pid, Errno.Text(Errno.ESRCH)));
            return null;
        }
        return new HeldProcess(pidfd, pid, kill.Signal);
    }

    /// <summary>As <see cref="Hold(ExecPlan, out KillOutcome)"/>, for the launcher: no process to signal ends this one as kill(1).</summary>
    public static HeldProcess HoldOrExit(ExecPlan plan) =>
        Hold(plan, out var failed) ?? Exit(plan.Argv[0], failed);

    /// <summary>Signals the held process with the calling thread's credentials and capabilities.</summary>
    public KillOutcome Signal()
    {
        int errno = Pidfd.SendSignal(_pidfd, _signal);
        return errno == 0 ? new KillOutcome(0, null) : new KillOutcome(1, ProcpsKill.Failure(_pid, Errno.Text(errno)));
    }

    /// <summary>Signals the held process, and exits as kill(1).</summary>
    [DoesNotReturn]
    public void SignalAndExit(string argv0) => Exit(argv0, Signal());

    public void Dispose()
    {
        if (_pidfd >= 0) PathHandles.Close(_pidfd);
        _pidfd = -1;
    }

    [DoesNotReturn]
    private static HeldProcess Exit(string argv0, KillOutcome outcome)
    {
        if (outcome.Message is not null) Stdio.Error($"{argv0}: {outcome.Message}");
        Tmds.Linux.LibC._exit(outcome.Status);
        throw new UnreachableException();
    }
}
