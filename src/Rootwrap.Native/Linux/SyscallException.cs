using System.Runtime.InteropServices;
using Rootwrap.Posix;

namespace Rootwrap.Native.Linux;

/// <summary>A failed system call, with its name and errno: what the launcher reports before refusing to exec.</summary>
public sealed class SyscallException(string call, int errno)
    : Exception($"{call} failed: {Rootwrap.Posix.Errno.Describe(errno)}")
{
    public string Call { get; } = call;
    public int Errno { get; } = errno;

    /// <summary>Throws for the -1 a call bound with SetLastError returned, with the errno it left.</summary>
    public static int Check(int result, string call) =>
        result == -1 ? throw new SyscallException(call, Marshal.GetLastPInvokeError()) : result;

    /// <summary>As <see cref="Check(int, string)"/>, for a call Tmds.LibC binds (it leaves errno in LibC.errno).</summary>
    public static void CheckLibC(int result, string call)
    {
        if (result == -1) throw new SyscallException(call, Tmds.Linux.LibC.errno);
    }

    /// <inheritdoc cref="Check(int, string)"/>
    public static long Check(long result, string call) =>
        result == -1 ? throw new SyscallException(call, Marshal.GetLastPInvokeError()) : result;
}

/// <summary>
/// What the plan needs can't be enforced here: the kernel lacks it (Landlock for a
/// confinement, pidfd for a kill), or the process can't be put in that state (a standard fd
/// the confined view can't reopen). SPEC 4b: a refusal (exit 99) with the reason, never a
/// weaker run.
/// </summary>
public sealed class CannotEnforceException(string message) : Exception(message);
