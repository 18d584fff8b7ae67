using System.Runtime.InteropServices;

namespace Rootwrap.Native.Linux;

public static unsafe partial class Rlimits
{
    public const int RLIMIT_NOFILE = 7;

    [StructLayout(LayoutKind.Sequential)]
    private struct Rlimit { public ulong Cur, Max; }

    [LibraryImport("libc", EntryPoint = "getrlimit", SetLastError = true)]
    private static partial int getrlimit(int resource, Rlimit* rlim);

    [LibraryImport("libc", EntryPoint = "setrlimit", SetLastError = true)]
    private static partial int setrlimit(int resource, Rlimit* rlim);

    /// <summary>
    /// The reference's rlimit_nofile: lower the soft limit to the configured value when it
    /// is higher; the hard limit is left so the command may raise it again. Process-wide.
    /// </summary>
    public static void LowerNofile(int limit)
    {
        Rlimit r;
        Errno.Check(getrlimit(RLIMIT_NOFILE, &r), "getrlimit(RLIMIT_NOFILE)");
        ulong sensible = Math.Min((ulong)Math.Max(limit, 0), r.Cur);
        if (r.Cur > sensible)
        {
            r.Cur = sensible;
            Errno.Check(setrlimit(RLIMIT_NOFILE, &r), "setrlimit(RLIMIT_NOFILE)");
        }
    }
}
