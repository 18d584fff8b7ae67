using System.Runtime.InteropServices;
using System.Text;

namespace Rootwrap.Native.Linux;

/// <summary>
/// The reference's SysLogHandler: datagrams "&lt;PRI&gt;name: message\0" to /dev/log.
/// Opened only when use_syslog is on; a missing /dev/log is reported and ignored, as there.
/// </summary>
public sealed partial class Syslog : IDisposable
{
    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    private static partial int socket(int domain, int type, int protocol);

    [LibraryImport("libc", EntryPoint = "connect", SetLastError = true)]
    private static unsafe partial int connect(int fd, byte* addr, int len);

    [LibraryImport("libc", EntryPoint = "send", SetLastError = true)]
    private static unsafe partial nint send(int fd, byte* buf, nuint len, int flags);

    private const int AF_UNIX = 1, SOCK_STREAM = 1, SOCK_DGRAM = 2, SOCK_CLOEXEC = 0x80000;

    private readonly int _fd;
    private readonly bool _stream;
    private readonly int _facility;
    private readonly string _ident;

    private Syslog(int fd, bool stream, int facility, string ident)
    {
        _fd = fd; _stream = stream; _facility = facility; _ident = ident;
    }

    public static unsafe Syslog? Open(string ident, int facility, string path = "/dev/log")
    {
        var addr = new byte[110];
        addr[0] = AF_UNIX;
        var p = Encoding.UTF8.GetBytes(path);
        p.CopyTo(addr, 2);
        foreach (var type in new[] { SOCK_DGRAM, SOCK_STREAM })
        {
            int fd = socket(AF_UNIX, type | SOCK_CLOEXEC, 0);
            if (fd < 0) continue;
            fixed (byte* a = addr)
            {
                if (connect(fd, a, 2 + p.Length + 1) == 0) return new Syslog(fd, type == SOCK_STREAM, facility, ident);
            }
            Rootwrap.Posix.PosixCalls.close(fd);
        }
        return null;
    }

    /// <summary>Severity as syslog(3): 3 err, 4 warning, 6 info, 7 debug.</summary>
    public unsafe void Log(int severity, string message)
    {
        var text = $"<{(_facility << 3) | severity}>{_ident}: {message}\0";
        byte[] bytes;
        try { bytes = Rootwrap.Text.OsString.Encode(text); }
        catch (ArgumentException) { bytes = Encoding.UTF8.GetBytes(text); }
        fixed (byte* b = bytes) send(_fd, b, (nuint)bytes.Length, 0);
    }

    public void Dispose() => Rootwrap.Posix.PosixCalls.close(_fd);
}
