using System.Runtime.InteropServices;

namespace Rootwrap.Native.Linux;

/// <summary>Resource limits (getrlimit/setrlimit): process-wide, any thread.</summary>
public static partial class Rlimits
{
    public const int RLIMIT_CPU = 0, RLIMIT_FSIZE = 1, RLIMIT_DATA = 2, RLIMIT_STACK = 3, RLIMIT_CORE = 4,
        RLIMIT_RSS = 5, RLIMIT_NPROC = 6, RLIMIT_NOFILE = 7, RLIMIT_MEMLOCK = 8, RLIMIT_AS = 9,
        RLIMIT_LOCKS = 10, RLIMIT_SIGPENDING = 11, RLIMIT_MSGQUEUE = 12, RLIMIT_NICE = 13,
        RLIMIT_RTPRIO = 14, RLIMIT_RTTIME = 15;
    public const ulong Infinity = ulong.MaxValue;

    [StructLayout(LayoutKind.Sequential)]
    private struct Rlimit { public ulong Cur, Max; }

    [LibraryImport("libc", EntryPoint = "getrlimit", SetLastError = true)]
    private static unsafe partial int getrlimit(int resource, Rlimit* rlim);

    [LibraryImport("libc", EntryPoint = "setrlimit", SetLastError = true)]
    private static unsafe partial int setrlimit(int resource, Rlimit* rlim);

    public static unsafe (ulong Soft, ulong Hard) Get(int resource)
    {
        Rlimit r;
        SyscallException.Check(getrlimit(resource, &r), $"getrlimit({resource})");
        return (r.Cur, r.Max);
    }

    /// <summary>Raising a hard limit needs CAP_SYS_RESOURCE (RLIMIT_NOFILE: never above fs.nr_open).</summary>
    public static unsafe void Set(int resource, ulong soft, ulong hard)
    {
        var r = new Rlimit { Cur = soft, Max = hard };
        SyscallException.Check(setrlimit(resource, &r), $"setrlimit({resource}, {soft}, {hard})");
    }

    /// <summary>
    /// The reference's rlimit_nofile: lower the soft limit to the configured value when it
    /// is higher; the hard limit is left so the command may raise it again. Process-wide.
    /// </summary>
    public static void LowerNofile(int limit)
    {
        var (cur, max) = Get(RLIMIT_NOFILE);
        ulong sensible = Math.Min((ulong)Math.Max(limit, 0), cur);
        if (cur > sensible) Set(RLIMIT_NOFILE, sensible, max);
    }
}
