using System.Runtime.InteropServices;
using Rootwrap.Posix;
using Tmds.Linux;
using Rootwrap.Text;

namespace Rootwrap.Native.Linux;

/// <summary>
/// File descriptors the daemon moves bytes through: pipes to a command, the socket pair to
/// a launcher. Every one is created close-on-exec, so no process the daemon starts inherits
/// another command's pipe (which would keep that command's output open). Any thread.
/// </summary>
public static partial class Fds
{
    public const int O_RDONLY = 0, O_RDWR = 2, O_NONBLOCK = 0x800, O_CLOEXEC = 0x80000;
    private const int F_GETFL = 3, F_SETFL = 4;
    private const int AF_UNIX = 1, SOCK_STREAM = 1, SOCK_CLOEXEC = 0x80000;
    public const short POLLIN = 0x1, POLLOUT = 0x4, POLLERR = 0x8, POLLHUP = 0x10, POLLNVAL = 0x20;

    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd { public int Fd; public short Events; public short Revents; }

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static unsafe partial int poll(PollFd* fds, nuint nfds, int timeout);

    [LibraryImport("libc", EntryPoint = "chmod", SetLastError = true)]
    private static unsafe partial int chmod(byte* path, uint mode);

    private static int LastError() => Marshal.GetLastPInvokeError();

    public static unsafe void Chmod(string path, uint mode)
    {
        fixed (byte* p = OsString.CString(OsString.Encode(path)))
            if (chmod(p, mode) != 0) throw new SyscallException($"chmod({path})", LastError());
    }

    /// <summary>A pipe, both ends close-on-exec: (read end, write end).</summary>
    public static unsafe (int Read, int Write) Pipe()
    {
        int* p = stackalloc int[2];
        if (LibC.pipe2(p, O_CLOEXEC) != 0) throw new SyscallException("pipe2", LibC.errno);
        return (p[0], p[1]);
    }

    /// <summary>A connected AF_UNIX stream pair, both close-on-exec.</summary>
    public static unsafe (int A, int B) SocketPair()
    {
        int* p = stackalloc int[2];
        if (LibC.socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, p) != 0) throw new SyscallException("socketpair", LibC.errno);
        return (p[0], p[1]);
    }

    public static void SetNonBlocking(int fd)
    {
        int flags = LinuxCalls.fcntl(fd, F_GETFL, 0);
        if (flags < 0 || LinuxCalls.fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0) throw new SyscallException("fcntl(O_NONBLOCK)", LastError());
    }

    /// <summary>Closes fd if it is open (>= 0) and marks it closed.</summary>
    public static void Close(ref int fd)
    {
        if (fd < 0) return;
        PosixCalls.close(fd);
        fd = -1;
    }

    /// <summary>Opens /dev/null read-write onto fds 0, 1 and 2, so no later fd takes those numbers.</summary>
    public static unsafe void StdioToDevNull()
    {
        fixed (byte* path = "/dev/null\0"u8)
        {
            int fd = PosixCalls.open(path, O_RDWR | O_CLOEXEC, 0);
            if (fd < 0) throw new SyscallException("open(/dev/null)", LastError());
            for (int target = 0; target < 3; target++)
                if (fd != target && LibC.dup2(fd, target) < 0) throw new SyscallException("dup2", LibC.errno);
            if (fd > 2) PosixCalls.close(fd);
        }
    }

    /// <summary>read(2), retried on EINTR; -errno on failure (-EAGAIN on an empty non-blocking fd).</summary>
    public static unsafe nint Read(int fd, Span<byte> buffer)
    {
        fixed (byte* b = buffer)
        {
            while (true)
            {
                nint n = PosixCalls.read(fd, b, buffer.Length);
                if (n >= 0) return n;
                int e = LastError();
                if (e != Errno.EINTR) return -e;
            }
        }
    }

    /// <summary>write(2), retried on EINTR; -errno on failure.</summary>
    public static unsafe nint Write(int fd, ReadOnlySpan<byte> buffer)
    {
        fixed (byte* b = buffer)
        {
            while (true)
            {
                nint n = LinuxCalls.write(fd, b, (nuint)buffer.Length);
                if (n >= 0) return n;
                int e = LastError();
                if (e != Errno.EINTR) return -e;
            }
        }
    }

    /// <summary>Writes all of buffer to a blocking fd; false on error.</summary>
    public static bool WriteAll(int fd, ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            nint n = Write(fd, buffer);
            if (n <= 0) return false;
            buffer = buffer[(int)n..];
        }
        return true;
    }

    /// <summary>Reads exactly buffer.Length bytes from a blocking fd; false on EOF or error first.</summary>
    public static bool ReadExactly(int fd, Span<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            nint n = Read(fd, buffer);
            if (n <= 0) return false;
            buffer = buffer[(int)n..];
        }
        return true;
    }

    /// <summary>poll(2), retried on EINTR (with the full timeout again: callers loop anyway).</summary>
    public static unsafe int Poll(Span<PollFd> fds, int timeoutMs)
    {
        fixed (PollFd* p = fds)
        {
            while (true)
            {
                int r = poll(p, (nuint)fds.Length, timeoutMs);
                if (r >= 0) return r;
                int e = LastError();
                if (e != Errno.EINTR) throw new SyscallException("poll", e);
            }
        }
    }
}
