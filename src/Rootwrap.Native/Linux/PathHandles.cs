using System.Runtime.InteropServices;
using Rootwrap.Posix;
using Rootwrap.Text;

namespace Rootwrap.Native.Linux;

/// <summary>
/// O_PATH handles: a file or folder held by the kernel, so what is checked is what is used
/// however the path is renamed or re-linked afterwards. Any thread; no privilege needed
/// beyond search permission on the way.
/// </summary>
public static partial class PathHandles
{
    [LibraryImport("libc", EntryPoint = "openat", SetLastError = true)]
    private static unsafe partial int openat(int dirfd, byte* path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "fstatat", SetLastError = true)]
    private static unsafe partial int fstatat(int dirfd, byte* path, StatBuf* buf, int flags);

    [LibraryImport("libc", EntryPoint = "readlinkat", SetLastError = true)]
    private static unsafe partial nint readlinkat(int dirfd, byte* path, byte* buf, nint size);

    private const int AT_FDCWD = -100, AT_EMPTY_PATH = 0x1000;
    private const int O_PATH = 0x200000, O_NOFOLLOW = 0x20000, O_CLOEXEC = 0x80000;
    private const uint S_IFMT = 0xF000, S_IFLNK = 0xA000, S_IFDIR = 0x4000;
    private const int MaxSymlinks = 40;

    /// <summary>A path that can't be held safely: a symlink someone other than root could have placed.</summary>
    public sealed class UntrustedPathException(string message) : Exception(message);

    /// <summary>Opens <paramref name="path"/> as O_PATH, following symlinks (for system paths).</summary>
    public static unsafe int Open(string path)
    {
        fixed (byte* p = CPath(path))
            return Check(openat(AT_FDCWD, p, O_PATH | O_CLOEXEC, 0), $"open({path})");
    }

    /// <summary>
    /// Opens <paramref name="path"/> as O_PATH one component at a time. A symlink on the way
    /// is followed only when the folder holding it is root's and not group/other-writable:
    /// otherwise the account that can write there chooses what the path means (a writable
    /// path that turns into a link to /etc). Throws <see cref="UntrustedPathException"/>.
    /// </summary>
    public static unsafe int OpenTrusted(string path)
    {
        var todo = new List<string>(path.Split('/'));
        int cur = Open("/");
        int links = 0;
        try
        {
            while (todo.Count > 0)
            {
                var comp = todo[0];
                todo.RemoveAt(0);
                if (comp.Length == 0 || comp == ".") continue;
                int next;
                fixed (byte* c = CPath(comp))
                    next = Check(openat(cur, c, O_PATH | O_NOFOLLOW | O_CLOEXEC, 0), $"open({path}: {comp})");
                if ((Stat(next).Mode & S_IFMT) != S_IFLNK)
                {
                    PosixCalls.close(cur);
                    cur = next;
                    continue;
                }
                var folder = Stat(cur);
                if (folder.Uid != 0 || (folder.Mode & 0x12) != 0)
                {
                    PosixCalls.close(next);
                    throw new UntrustedPathException($"{path}: symlink '{comp}' is in a folder that uid {folder.Uid} or others can write");
                }
                if (++links > MaxSymlinks)
                {
                    PosixCalls.close(next);
                    throw new SyscallException($"open({path})", 40 /* ELOOP */);
                }
                var target = ReadLink(next);
                PosixCalls.close(next);
                todo.InsertRange(0, target.Split('/'));
                if (target.StartsWith('/'))
                {
                    PosixCalls.close(cur);
                    cur = Open("/");
                }
            }
            return cur;
        }
        catch
        {
            PosixCalls.close(cur);
            throw;
        }
    }

    /// <summary>The path of a held file in this mount namespace, as the kernel names it.</summary>
    public static string PathOf(int fd) =>
        Rootwrap.Posix.PosixPath.ReadLink($"/proc/self/fd/{fd}") ?? throw new SyscallException($"readlink(/proc/self/fd/{fd})", Errno.ENOENT);

    public static bool IsDirectory(int fd) => (Stat(fd).Mode & S_IFMT) == S_IFDIR;

    public static void Close(int fd)
    {
        if (fd >= 0) PosixCalls.close(fd);
    }

    /// <summary>fstat(2) of a held file (any fd).</summary>
    public static StatBuf StatOf(int fd) => Stat(fd);

    private static unsafe StatBuf Stat(int fd)
    {
        StatBuf st;
        fixed (byte* e = CPath(""))
            Check(fstatat(fd, e, &st, AT_EMPTY_PATH), "fstatat");
        return st;
    }

    private static unsafe string ReadLink(int fd)
    {
        var buf = new byte[4096];
        fixed (byte* e = CPath("")) fixed (byte* b = buf)
        {
            nint n = readlinkat(fd, e, b, buf.Length);
            if (n < 0) throw new SyscallException("readlinkat", Marshal.GetLastPInvokeError());
            return OsString.Decode(buf.AsSpan(0, (int)n));
        }
    }

    private static byte[] CPath(string p) => OsString.CString(OsString.Encode(p));

    private static int Check(int r, string call) =>
        r == -1 ? throw new SyscallException(call, Marshal.GetLastPInvokeError()) : r;
}
