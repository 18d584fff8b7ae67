using System.Runtime.InteropServices;
using Rootwrap.Text;

namespace Rootwrap.Posix;

/// <summary>
/// Whole-file reads and directory listings straight from libc. The per-call helper reads
/// every filter file on each call; System.IO's FileStream and FileSystemEnumerator cost
/// more to start than the reads themselves (advisory locks, buffers, strategy objects).
/// Read-only, any thread.
/// </summary>
public static partial class PosixFile
{
    private const int O_RDONLY = 0, O_CLOEXEC = 0x80000, O_DIRECTORY = 0x10000, O_NONBLOCK = 0x800, O_NOCTTY = 0x100;

    // SAFETY: takes over an open directory fd; the DIR* it returns is used on this thread
    // only and released by closedir_, which closes the fd too.
    [LibraryImport("libc", EntryPoint = "fdopendir", SetLastError = true)]
    private static partial nint fdopendir_(int fd);

    // SAFETY: dir is a live DIR* from fdopendir_; the entry it returns is valid until the next
    // readdir on it, and is copied before that.
    [LibraryImport("libc", EntryPoint = "readdir64", SetLastError = true)]
    private static unsafe partial byte* readdir_(nint dir);

    // SAFETY: dir is a live DIR* from fdopendir_, not used after.
    [LibraryImport("libc", EntryPoint = "closedir")]
    private static partial int closedir_(nint dir);

    /// <summary>The whole content of <paramref name="path"/>, or null with the errno of the failed open or read.</summary>
    public static byte[]? ReadAll(string path, out int errno) => ReadAll(path, out errno, out _);

    /// <summary>
    /// As <see cref="ReadAll(string, out int)"/>, with the owner and mode of the file that was
    /// read (fstat of the open descriptor, so a check of it is a check of these very bytes).
    /// </summary>
    public static byte[]? ReadAll(string path, out int errno, out PosixPath.FileStat stat) =>
        ReadAll(path, out errno, out stat, regularOnly: false, maxBytes: int.MaxValue / 2);

    /// <summary>
    /// The content of a regular file of at most <paramref name="maxBytes"/> bytes, for a file
    /// the caller may have put in place: a FIFO or a device is refused (EINVAL) without
    /// waiting on it (opened non-blocking, checked with fstat), a larger file (EFBIG) without
    /// reading it.
    /// </summary>
    public static byte[]? ReadRegular(string path, int maxBytes, out int errno) =>
        ReadAll(path, out errno, out _, regularOnly: true, maxBytes);

    private static unsafe byte[]? ReadAll(string path, out int errno, out PosixPath.FileStat stat, bool regularOnly, int maxBytes)
    {
        errno = 0;
        stat = default;
        if (path.Contains('\0')) { errno = Errno.ENOENT; return null; }
        byte[] c;
        try { c = PosixPath.CPath(path); } catch (ArgumentException) { errno = Errno.ENOENT; return null; }
        int fd;
        fixed (byte* p = c) fd = PosixCalls.open(p, O_RDONLY | O_CLOEXEC | (regularOnly ? O_NONBLOCK | O_NOCTTY : 0), 0);
        if (fd < 0) { errno = Marshal.GetLastPInvokeError(); return null; }
        try
        {
            StatBuf st;
            if (PosixCalls.fstat(fd, &st) != 0) { errno = Marshal.GetLastPInvokeError(); return null; }
            stat = new PosixPath.FileStat(st.Mode, st.Uid, st.Gid);
            if (regularOnly && !stat.IsRegular) { errno = Errno.EINVAL; return null; }
            if (st.Size > maxBytes) { errno = Errno.EFBIG; return null; }
            // Sized to the file, so a filter file is read into an array of its own size;
            // /proc files report size 0 and are read until the end whatever their size.
            long size = st.Size;
            var buf = new byte[size > 0 && size < int.MaxValue / 2 ? (int)size : 4096];
            byte* probe = stackalloc byte[512];
            int len = 0;
            while (true)
            {
                nint n;
                bool full = len == buf.Length;
                if (full) n = PosixCalls.read(fd, probe, 512); // the end, or a file that grew
                else fixed (byte* b = buf) n = PosixCalls.read(fd, b + len, buf.Length - len);
                if (n < 0)
                {
                    errno = Marshal.GetLastPInvokeError();
                    if (errno == Errno.EINTR) continue;
                    return null;
                }
                if (n == 0) break;
                if (len + n > maxBytes) { errno = Errno.EFBIG; return null; }   // it grew
                if (full)
                {
                    Array.Resize(ref buf, buf.Length * 2);
                    new ReadOnlySpan<byte>(probe, (int)n).CopyTo(buf.AsSpan(len));
                }
                len += (int)n;
            }
            return len == buf.Length ? buf : buf[..len];
        }
        finally { PosixCalls.close(fd); }
    }

    /// <summary>
    /// The entries of a directory except "." and "..", each joined to <paramref name="dir"/>,
    /// in readdir order (the reference's os.listdir order, which decides match order). Names
    /// are decoded surrogate-escaped, as os.listdir does. Null with the errno on failure.
    /// </summary>
    public static unsafe List<string>? List(string dir, out int errno)
    {
        errno = 0;
        if (dir.Contains('\0')) { errno = Errno.ENOENT; return null; }
        byte[] c;
        try { c = PosixPath.CPath(dir); } catch (ArgumentException) { errno = Errno.ENOENT; return null; }
        int fd;
        fixed (byte* p = c) fd = PosixCalls.open(p, O_RDONLY | O_CLOEXEC | O_DIRECTORY, 0);
        if (fd < 0) { errno = Marshal.GetLastPInvokeError(); return null; }
        nint d = fdopendir_(fd);
        if (d == 0) { errno = Marshal.GetLastPInvokeError(); PosixCalls.close(fd); return null; }
        try
        {
            var entries = new List<string>();
            while (true)
            {
                Marshal.SetLastPInvokeError(0);
                byte* e = readdir_(d);
                if (e == null)
                {
                    errno = Marshal.GetLastPInvokeError();
                    return errno == 0 ? entries : null;
                }
                // struct dirent64: d_ino (8), d_off (8), d_reclen (2), d_type (1), d_name.
                var name = MemoryMarshal.CreateReadOnlySpanFromNullTerminated(e + 19);
                if (name.SequenceEqual("."u8) || name.SequenceEqual(".."u8)) continue;
                entries.Add(PosixPath.Join(dir, OsString.Decode(name)));
            }
        }
        finally { closedir_(d); }
    }
}
