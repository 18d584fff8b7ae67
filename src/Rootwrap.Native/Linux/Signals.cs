using System.Runtime.InteropServices;

namespace Rootwrap.Native.Linux;

/// <summary>Signal state the command must not inherit from the runtime or the caller.</summary>
public static partial class Signals
{
    [LibraryImport("libc", EntryPoint = "sigprocmask", SetLastError = true)]
    private static unsafe partial int sigprocmask(int how, ulong* set, ulong* oldset);

    private const int SIG_SETMASK = 2;
    private static readonly nint SIG_DFL = 0;

    /// <summary>
    /// Every catchable signal back to its default action and none blocked. The .NET runtime
    /// ignores SIGPIPE and installs handlers; a caller may have ignored or blocked others.
    /// Handlers reset at execve by themselves, ignored dispositions and the mask do not.
    /// Calling thread's mask only: call on the thread that execs, just before execve.
    /// </summary>
    public static unsafe void ResetAll()
    {
        for (int sig = 1; sig < 65; sig++)
        {
            if (sig is 9 or 19 or 32 or 33) continue; // SIGKILL, SIGSTOP, glibc-reserved
            LinuxCalls.signal(sig, SIG_DFL);
        }
        ulong* empty = stackalloc ulong[16];
        for (int i = 0; i < 16; i++) empty[i] = 0;
        sigprocmask(SIG_SETMASK, empty, null);
    }
}
