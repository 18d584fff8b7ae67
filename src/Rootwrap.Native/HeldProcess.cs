using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using Rootwrap.Filters;
using Rootwrap.Matching;
using Rootwrap.Native.Linux;
using Rootwrap.Posix;

namespace Rootwrap.Native;

/// <summary>
/// H4: what <c>/bin/kill PID</c> did for the reference, without its race. The reference
/// reads /proc/PID/exe, then runs kill(1), which signals whatever has the number by then.
/// Here the process is held by a pidfd first, its executable read again, and the signal
/// sent through the pidfd: to that process or to none. kill(1)'s messages and exit
/// statuses are kept; this process ends as kill(1) would (it stands in for the execve).
/// </summary>
public sealed class HeldProcess
{
    private readonly int _pidfd;
    private readonly long _pid;
    private readonly int _signal;
    private readonly string _argv0;

    private HeldProcess(int pidfd, long pid, int signal, string argv0)
    {
        _pidfd = pidfd; _pid = pid; _signal = signal; _argv0 = argv0;
    }

    /// <summary>
    /// Holds the planned process while still root (reading /proc/PID/exe needs it). Ends
    /// the process with kill(1)'s status when there is no such process to signal; throws
    /// <see cref="CannotEnforceException"/> when the kernel can't hold one.
    /// </summary>
    public static HeldProcess Hold(ExecPlan plan)
    {
        var kill = plan.Kill ?? throw new ArgumentException("not a kill plan", nameof(plan));
        var argv0 = plan.Argv[0];
        if (ProcpsKill.ParsePid(kill.PidArgument, out long pid) is { } parseError)
            Exit(argv0, parseError, 1);
        int pidfd = -1;
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
            Exit(argv0, ProcpsKill.Failure(pid, Errno.Text(e.Errno)), 1);
        }
        // Read after the pidfd was opened; if the held process is still there afterwards, the
        // PID was not released in between, so what was read is the held process's. A PID
        // reused before the hold shows another executable: the process the caller named is gone.
        bool same = KillFilter.StillTarget(kill, new HostSystem(kill.PathVariable));
        if (!same || Pidfd.SendSignal(pidfd, 0) == Errno.ESRCH)
            Exit(argv0, ProcpsKill.Failure(pid, Errno.Text(Errno.ESRCH)), 1);
        return new HeldProcess(pidfd, pid, kill.Signal, argv0);
    }

    /// <summary>Signals the held process with this thread's credentials and capabilities, and exits as kill(1).</summary>
    public void SignalAndExit()
    {
        int errno = Pidfd.SendSignal(_pidfd, _signal);
        if (errno == 0)
        {
            Tmds.Linux.LibC._exit(0);
        }
        Exit(_argv0, ProcpsKill.Failure(_pid, Errno.Text(errno)), 1);
    }

    [DoesNotReturn]
    private static void Exit(string argv0, string message, int status)
    {
        Stdio.Error($"{argv0}: {message}");
        Tmds.Linux.LibC._exit(status);
        throw new UnreachableException();
    }
}
