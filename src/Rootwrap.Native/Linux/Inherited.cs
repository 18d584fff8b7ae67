using System.Runtime.InteropServices;
using Rootwrap.Posix;
using Tmds.Linux;

namespace Rootwrap.Native.Linux;

/// <summary>
/// What a command would otherwise inherit from its caller through sudo, set to values that
/// don't depend on the caller (SECURITY.md). The caller is an unprivileged service account
/// that may be compromised: a tiny RLIMIT_FSIZE with SIGXFSZ ignored makes a root command
/// write half a file and carry on; a umask of 0777 makes it create files no one can read.
/// Signals are reset by <see cref="Signals.ResetAll"/> and fds beyond 2 closed at execve by
/// <see cref="ProcessImage.CloseFrom3OnExec"/>, both just before execve.
/// </summary>
public static partial class Inherited
{
    [LibraryImport("libc", EntryPoint = "personality")]
    private static partial int personality(ulong persona);

    private const int F_GETFD = 1, O_RDWR = 2;
    private const ulong MiB = 1024 * 1024;
    /// <summary>The kernel's boot default for RLIMIT_NOFILE's hard limit (INR_OPEN_MAX).</summary>
    private const ulong NofileHardDefault = 4096;
    public const uint Umask = 0x12; // 022

    /// <summary>
    /// Resource limits as the kernel gives init at boot, whoever called: no limit on CPU time,
    /// file size, data, address space, locks and real-time CPU; an 8 MiB stack (hard: none);
    /// 8 MiB of locked memory; NPROC and SIGPENDING at threads-max/2; the POSIX message queue
    /// default; no nice or real-time priority raise. Two exceptions: core dumps off (0, 0), and
    /// open files at <paramref name="rlimitNofile"/> exactly (the reference only lowers a
    /// higher soft limit; a hostile tiny one is raised here), with a hard limit of at least
    /// the kernel's 4096. Raising hard limits needs CAP_SYS_RESOURCE: call before capabilities
    /// are dropped. Process-wide.
    /// </summary>
    public static IReadOnlyList<(int Resource, ulong Soft, ulong Hard)> Limits(int rlimitNofile, ulong threadsMax, ulong nrOpen)
    {
        ulong perUser = Math.Max(threadsMax / 2, 1);
        ulong nofile = Math.Min((ulong)Math.Max(rlimitNofile, 0), nrOpen);
        return
        [
            (Rlimits.RLIMIT_CPU, Rlimits.Infinity, Rlimits.Infinity),
            (Rlimits.RLIMIT_FSIZE, Rlimits.Infinity, Rlimits.Infinity),
            (Rlimits.RLIMIT_DATA, Rlimits.Infinity, Rlimits.Infinity),
            (Rlimits.RLIMIT_STACK, 8 * MiB, Rlimits.Infinity),
            (Rlimits.RLIMIT_CORE, 0, 0),
            (Rlimits.RLIMIT_RSS, Rlimits.Infinity, Rlimits.Infinity),
            (Rlimits.RLIMIT_NPROC, perUser, perUser),
            (Rlimits.RLIMIT_NOFILE, nofile, Math.Min(Math.Max(nofile, NofileHardDefault), nrOpen)),
            (Rlimits.RLIMIT_MEMLOCK, 8 * MiB, 8 * MiB),
            (Rlimits.RLIMIT_AS, Rlimits.Infinity, Rlimits.Infinity),
            (Rlimits.RLIMIT_LOCKS, Rlimits.Infinity, Rlimits.Infinity),
            (Rlimits.RLIMIT_SIGPENDING, perUser, perUser),
            (Rlimits.RLIMIT_MSGQUEUE, 819200, 819200),
            (Rlimits.RLIMIT_NICE, 0, 0),
            (Rlimits.RLIMIT_RTPRIO, 0, 0),
            (Rlimits.RLIMIT_RTTIME, Rlimits.Infinity, Rlimits.Infinity),
        ];
    }

    /// <summary>
    /// Resource limits, umask 022, the Linux personality, fds 0-2 open. As root, before the
    /// capabilities are dropped (raising a hard limit needs CAP_SYS_RESOURCE).
    /// </summary>
    public static void Normalize(int rlimitNofile)
    {
        StandardFdsOpen();
        ulong threadsMax = ReadNumber("/proc/sys/kernel/threads-max") ?? 2 * 4096;
        ulong nrOpen = ReadNumber("/proc/sys/fs/nr_open") ?? 1024 * 1024;
        foreach (var (resource, soft, hard) in Limits(rlimitNofile, threadsMax, nrOpen))
        {
            try
            {
                Rlimits.Set(resource, soft, hard);
            }
            catch (SyscallException e) when (e.Errno == Errno.EPERM)
            {
                // Raising a hard limit needs CAP_SYS_RESOURCE, which a container may withhold.
                // Then as high as the caller's hard limit allows; a command that could be cut
                // halfway by what is left is refused rather than run so.
                var (_, callerHard) = Rlimits.Get(resource);
                if (callerHard < soft && MustReach(resource))
                    throw new Launcher.LaunchException(
                        $"the caller's hard {Name(resource)} ({callerHard}) is below {soft} and this process can't raise it (no CAP_SYS_RESOURCE)");
                Rlimits.Set(resource, Math.Min(soft, callerHard), callerHard);
            }
        }
        LibC.umask((mode_t)Umask);
        // Caller-set personality flags (uname26, a 32-bit address limit...) survive execve;
        // the kernel already drops the ones that weaken ASLR at sudo's setuid exec.
        personality(0); // PER_LINUX
    }

    /// <summary>The limits below which a command can stop halfway through its work.</summary>
    private static bool MustReach(int resource) => resource is Rlimits.RLIMIT_CPU or Rlimits.RLIMIT_FSIZE
        or Rlimits.RLIMIT_DATA or Rlimits.RLIMIT_STACK or Rlimits.RLIMIT_AS or Rlimits.RLIMIT_NOFILE or Rlimits.RLIMIT_RTTIME;

    private static string Name(int resource) => resource switch
    {
        Rlimits.RLIMIT_CPU => "RLIMIT_CPU", Rlimits.RLIMIT_FSIZE => "RLIMIT_FSIZE", Rlimits.RLIMIT_DATA => "RLIMIT_DATA",
        Rlimits.RLIMIT_STACK => "RLIMIT_STACK", Rlimits.RLIMIT_AS => "RLIMIT_AS", Rlimits.RLIMIT_NOFILE => "RLIMIT_NOFILE",
        Rlimits.RLIMIT_RTTIME => "RLIMIT_RTTIME", _ => $"rlimit {resource}",
    };

    /// <summary>
    /// A closed fd 0, 1 or 2 is opened on /dev/null, so that the command's first open() can't
    /// land there and have its stdout written into a file. (Under sudo, glibc already does
    /// this for the setuid sudo; the daemon and a direct root call need it here.)
    /// </summary>
    public static unsafe void StandardFdsOpen()
    {
        for (int fd = 0; fd <= 2; fd++)
        {
            if (LinuxCalls.fcntl(fd, F_GETFD, 0) != -1) continue;
            int n;
            fixed (byte* p = "/dev/null\0"u8) n = PosixCalls.open(p, O_RDWR, 0);
            if (n < 0) throw new SyscallException("open(/dev/null)", Marshal.GetLastPInvokeError());
            if (n != fd)
            {
                if (LibC.dup2(n, fd) == -1) throw new SyscallException($"dup2(/dev/null, {fd})", LibC.errno);
                PosixCalls.close(n);
            }
        }
    }

    private static ulong? ReadNumber(string path)
    {
        try { return ulong.Parse(File.ReadAllText(path).Trim()); }
        catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException or OverflowException) { return null; }
    }
}
