using System.Runtime.InteropServices;

namespace Rootwrap.Native.Linux;

/// <summary>
/// The libc calls more than one concern of this folder makes, bound once (open, read, close,
/// fstat and stat are Rootwrap.Posix's <see cref="Rootwrap.Posix.PosixCalls"/>, which the
/// configuration reader shares). A call one concern alone makes stays in that concern's
/// file. Each sets errno through SetLastError, so callers read it with
/// <see cref="Marshal.GetLastPInvokeError"/>, which the runtime can't clobber in between.
/// Tmds.LibC still serves the calls bound nowhere here (pipe2, dup3, mount, unshare...).
/// </summary>
internal static partial class LinuxCalls
{
    // SAFETY: buf points to at least count readable bytes the caller keeps pinned.
    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    internal static unsafe partial nint write(int fd, byte* buf, nuint count);

    // SAFETY: used only with commands whose third argument is an int (F_GETFD, F_SETFD,
    // F_GETFL, F_SETFL); none takes a pointer.
    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    internal static partial int fcntl(int fd, int cmd, int arg);

    // SAFETY: glibc's syscall(2) moves its arguments to the six system call registers
    // without reading them as varargs, so binding it with five fixed long arguments is
    // sound for every call with five or fewer (the unused ones are ignored by the kernel).
    // Pointer arguments must stay pinned for the call; each caller says which.
    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    internal static partial long syscall(long number, long a, long b, long c, long d, long e);

    // SAFETY: used only with options whose arguments are integers (no_new_privs, keepcaps,
    // the bounding and ambient sets, dumpable); none takes a pointer.
    [LibraryImport("libc", EntryPoint = "prctl", SetLastError = true)]
    internal static partial int prctl(int option, ulong a2, ulong a3, ulong a4, ulong a5);

    // SAFETY: buf is a StatFs on the caller's stack, the size of the kernel's struct statfs.
    [LibraryImport("libc", EntryPoint = "fstatfs", SetLastError = true)]
    internal static unsafe partial int fstatfs(int fd, StatFs* buf);

    // SAFETY: path is NUL-terminated and pinned by the caller; buf as for fstatfs.
    [LibraryImport("libc", EntryPoint = "statfs", SetLastError = true)]
    internal static unsafe partial int statfs(byte* path, StatFs* buf);

    // SAFETY: handler is SIG_DFL (0) or SIG_IGN (1), never managed code: a signal can't run
    // managed code in a thread the runtime doesn't expect.
    [LibraryImport("libc", EntryPoint = "signal", SetLastError = true)]
    internal static partial nint signal(int signum, nint handler);

    /// <summary>struct statfs (x86_64, aarch64: 120 bytes): f_type first, f_flags after ten words.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct StatFs
    {
        public long Type, Bsize, Blocks, Bfree, Bavail, Files, Ffree;
        public long Fsid;
        public long Namelen, Frsize, Flags;
        public long Spare0, Spare1, Spare2, Spare3;
    }
}
