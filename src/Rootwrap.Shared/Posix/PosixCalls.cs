using System.Runtime.InteropServices;

namespace Rootwrap.Posix;

/// <summary>
/// The file-descriptor calls that both the configuration reader (here) and the launcher
/// (Rootwrap.Native's <c>Linux/</c>) make, bound once. Each is glibc's thin wrapper over one
/// system call: no lock, no allocation, so any thread may call it, between fork and exec too.
/// A call bound for one concern only stays in that concern's file.
/// </summary>
public static partial class PosixCalls
{
    // SAFETY: path is a NUL-terminated buffer the caller keeps pinned for the call; mode is
    // read by the kernel only with O_CREAT or O_TMPFILE.
    [LibraryImport("libc", EntryPoint = "open", SetLastError = true)]
    public static unsafe partial int open(byte* path, int flags, int mode);

    // SAFETY: buf points to at least count writable bytes the caller keeps pinned.
    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    public static unsafe partial nint read(int fd, byte* buf, nint count);

    // SAFETY: no pointer; closing a number that is not open is EBADF and nothing else.
    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int close(int fd);

    // SAFETY: buf is a StatBuf, glibc's struct stat on x86_64 (144 bytes), on the caller's stack.
    [LibraryImport("libc", EntryPoint = "fstat", SetLastError = true)]
    public static unsafe partial int fstat(int fd, StatBuf* buf);

    // SAFETY: as open for path, as fstat for buf.
    [LibraryImport("libc", EntryPoint = "stat", SetLastError = true)]
    public static unsafe partial int stat(byte* path, StatBuf* buf);
}
