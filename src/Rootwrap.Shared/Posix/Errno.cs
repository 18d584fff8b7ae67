using System.Runtime.InteropServices;

namespace Rootwrap.Posix;

/// <summary>
/// The errno values this code tests for, defined once (Linux's numbers: asm-generic/errno-base.h
/// and errno.h, the same on x86_64 and aarch64), and their text as C tools print it.
/// </summary>
public static partial class Errno
{
    public const int EPERM = 1, ENOENT = 2, ESRCH = 3, EINTR = 4, EAGAIN = 11, EACCES = 13, ENOTDIR = 20,
        EISDIR = 21, EINVAL = 22, EFBIG = 27, ENOSYS = 38, ELOOP = 40;

    // SAFETY: glibc's strerror (2.32+) returns a static string, or one in a thread-local
    // buffer for an unknown number; it is copied before this thread calls it again.
    [LibraryImport("libc", EntryPoint = "strerror")]
    private static partial nint strerror(int errnum);

    /// <summary>strerror(3) and the number: "Permission denied (errno 13)".</summary>
    public static string Describe(int errno) => Text(errno) + $" (errno {errno})";

    /// <summary>strerror(3) alone, as C tools print it.</summary>
    public static string Text(int errno) => Marshal.PtrToStringUTF8(strerror(errno)) ?? "error";
}
