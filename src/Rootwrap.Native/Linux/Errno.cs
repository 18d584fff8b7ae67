using System.Runtime.InteropServices;

namespace Rootwrap.Native.Linux;

/// <summary>A failed system call, with its name and errno: what the launcher reports before refusing to exec.</summary>
public sealed class SyscallException(string call, int errno)
    : Exception($"{call} failed: {Linux.Errno.Describe(errno)}")
{
    public string Call { get; } = call;
    public int Errno { get; } = errno;
}

public static partial class Errno
{
    public const int EPERM = 1, ENOENT = 2, ESRCH = 3, EINTR = 4, EACCES = 13, EINVAL = 22, ENOSYS = 38;

    [LibraryImport("libc", EntryPoint = "strerror")]
    private static partial nint strerror(int errnum);

    public static string Describe(int errno) => Text(errno) + $" (errno {errno})";

    /// <summary>strerror(3) alone, as C tools print it.</summary>
    public static string Text(int errno) => Marshal.PtrToStringUTF8(strerror(errno)) ?? "error";

    /// <summary>Throws for a -1 return, with the errno the call left.</summary>
    public static int Check(int result, string call) =>
        result == -1 ? throw new SyscallException(call, Marshal.GetLastPInvokeError()) : result;
}
