using System.Runtime.InteropServices;

namespace Rootwrap.Native.Linux;

/// <summary>
/// Process file descriptors (Linux 5.3+): a handle on one process, not on a PID number, so
/// a signal sent through it can't reach whichever process gets the number next. Any thread.
/// </summary>
public static class Pidfd
{
    private const long SYS_pidfd_send_signal = 424, SYS_pidfd_open = 434;

    /// <summary>Holds the process that has <paramref name="pid"/> now (close-on-exec). Throws with ESRCH when there is none.</summary>
    public static int Open(int pid)
    {
        long fd = LinuxCalls.syscall(SYS_pidfd_open, pid, 0, 0, 0, 0);
        return fd < 0 ? throw new SyscallException($"pidfd_open({pid})", Marshal.GetLastPInvokeError()) : (int)fd;
    }

    /// <summary>
    /// Sends <paramref name="signal"/> (0: only checks) to the held process with the caller's
    /// credentials, as kill(2) would: 0, or the errno (ESRCH once it has exited and been reaped).
    /// </summary>
    public static int SendSignal(int pidfd, int signal) =>
        LinuxCalls.syscall(SYS_pidfd_send_signal, pidfd, signal, 0, 0, 0) == 0 ? 0 : Marshal.GetLastPInvokeError();
}
