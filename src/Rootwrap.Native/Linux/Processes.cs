using System.Runtime.InteropServices;
using Rootwrap.Posix;
using Tmds.Linux;

namespace Rootwrap.Native.Linux;

/// <summary>Child processes: waiting for them, signalling them, knowing who is on the other end of a socket.</summary>
public static partial class Processes
{
    public const int SIGINT = 2, SIGKILL = 9, SIGTERM = 15, SIGCHLD = 17;
    private const int SOL_SOCKET = 1, SO_PEERCRED = 17;

    [LibraryImport("libc", EntryPoint = "waitpid", SetLastError = true)]
    private static unsafe partial int waitpid(int pid, int* status, int options);

    [StructLayout(LayoutKind.Sequential)]
    public struct UCred { public int Pid; public uint Uid; public uint Gid; }

    /// <summary>
    /// Waits for a child of this process and returns its status as Python's Popen.returncode:
    /// the exit status, or minus the signal that killed it. Blocks the calling thread.
    /// </summary>
    public static unsafe int Wait(int pid)
    {
        int status;
        while (true)
        {
            int r = waitpid(pid, &status, 0);
            if (r == pid) break;
            int e = Marshal.GetLastPInvokeError();
            if (r < 0 && e == Errno.EINTR) continue;
            throw new SyscallException($"waitpid({pid})", e);
        }
        int sig = status & 0x7f;
        return sig == 0 ? (status >> 8) & 0xff : -sig;
    }

    /// <summary>Sends a signal to every process of a process group; false when none is left.</summary>
    public static bool SignalGroup(int pgid, int sig) => pgid > 0 && LibC.killpg(pgid, sig) == 0;

    public static int ParentPid() => LibC.getppid();

    /// <summary>
    /// SIGCHLD back to its default action. An inherited SIG_IGN would make the kernel reap
    /// children by itself, and waitpid could no longer report their exit status.
    /// </summary>
    public static void DefaultChildSignal() => LinuxCalls.signal(SIGCHLD, 0);

    /// <summary>The process that created the other end of an AF_UNIX socket (SO_PEERCRED).</summary>
    public static unsafe UCred? PeerOf(int socketFd)
    {
        UCred cred;
        socklen_t len = (uint)sizeof(UCred);
        if (LibC.getsockopt(socketFd, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0) return null;
        return cred;
    }

    /// <summary>The (device, inode) of the program a process runs, through /proc/PID/exe; null if unreadable.</summary>
    public static unsafe (ulong Dev, ulong Ino)? ProgramFileOf(string pid)
    {
        var path = System.Text.Encoding.ASCII.GetBytes($"/proc/{pid}/exe\0");
        StatBuf st;
        fixed (byte* p = path)
        {
            if (PosixCalls.stat(p, &st) != 0) return null;
        }
        return (st.Dev, st.Ino);
    }
}
