using System.Runtime.InteropServices;
using System.Text;
using Rootwrap.Posix;

namespace Rootwrap.Native.Linux;

/// <summary>
/// What the daemon's plan thread (<see cref="Daemon.PlanThread"/>) needs besides the
/// credential and capability calls: its own signal mask, the process's dumpable flag, and
/// its own line of /proc, read through a descriptor so that a Landlock domain taken since
/// can't hide it.
/// </summary>
public static partial class OwnThread
{
    [LibraryImport("libc", EntryPoint = "pthread_sigmask")]
    private static unsafe partial int pthread_sigmask(int how, ulong* set, ulong* oldset);

    [LibraryImport("libc", EntryPoint = "__libc_current_sigrtmin")]
    private static partial int current_sigrtmin();

    [LibraryImport("libc", EntryPoint = "pread", SetLastError = true)]
    private static unsafe partial nint pread(int fd, byte* buf, nint count, long offset);

    private const int SIG_BLOCK = 0, PR_GET_DUMPABLE = 3, PR_SET_DUMPABLE = 4, O_RDONLY = 0, O_CLOEXEC = 0x80000;

    /// <summary>
    /// Blocks every signal on the calling thread but the runtime's activation signal
    /// (SIGRTMIN, which the GC uses to suspend a thread). A signal sent to this thread alone
    /// (tgkill) stays pending and is dropped with the thread; one sent to the process goes to
    /// another thread. SIGKILL and SIGSTOP can't be blocked.
    /// </summary>
    public static unsafe void BlockSignalsButActivation()
    {
        ulong* set = stackalloc ulong[16];
        for (int i = 0; i < 16; i++) set[i] = 0;
        set[0] = ulong.MaxValue & ~(1UL << (current_sigrtmin() - 1));
        // glibc leaves its own 32 and 33 out by itself.
        if (pthread_sigmask(SIG_BLOCK, set, null) is var err and not 0) throw new SyscallException("pthread_sigmask", err);
    }

    /// <summary>
    /// The process's dumpable flag (process-wide: the memory's). While it is not 1, ptrace
    /// and /proc/PID/mem of any of its tasks need CAP_SYS_PTRACE, whatever the task's uid.
    /// </summary>
    public static int GetDumpable() => SyscallException.Check(LinuxCalls.prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), "prctl(PR_GET_DUMPABLE)");

    /// <summary>Clears the dumpable flag; needs nothing.</summary>
    public static void ClearDumpable() => SyscallException.Check(LinuxCalls.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0), "prctl(PR_SET_DUMPABLE, 0)");

    /// <summary>fs.suid_dumpable, what the kernel sets the dumpable flag to when a task's uid changes; null if unreadable.</summary>
    public static int? SuidDumpable()
    {
        try { return int.Parse(File.ReadAllText("/proc/sys/fs/suid_dumpable").Trim(), System.Globalization.CultureInfo.InvariantCulture); }
        catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException or OverflowException) { return null; }
    }

    /// <summary>/proc/thread-self/status of the calling thread, held open.</summary>
    public static unsafe int OpenOwnStatus()
    {
        fixed (byte* p = "/proc/thread-self/status\0"u8)
            return SyscallException.Check(PosixCalls.open(p, O_RDONLY | O_CLOEXEC, 0), "open(/proc/thread-self/status)");
    }

    /// <summary>
    /// The task's status as the kernel renders it now (each read from offset 0 renders it
    /// again): field name to its value, tabs kept.
    /// </summary>
    public static unsafe Dictionary<string, string> ReadStatus(int fd)
    {
        var buf = new byte[8192];
        int n = 0;
        fixed (byte* b = buf)
        {
            while (n < buf.Length)
            {
                nint r = pread(fd, b + n, buf.Length - n, n);
                if (r < 0) throw new SyscallException("read(/proc/thread-self/status)", Marshal.GetLastPInvokeError());
                if (r == 0) break;
                n += (int)r;
            }
        }
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in Encoding.UTF8.GetString(buf, 0, n).Split('\n'))
        {
            int colon = line.IndexOf(':');
            if (colon > 0) fields[line[..colon]] = line[(colon + 1)..].Trim();
        }
        return fields;
    }
}
