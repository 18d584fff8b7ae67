using System.Runtime.InteropServices;
using Rootwrap.Posix;

namespace Rootwrap.Native.Linux;

/// <summary>Direct writes to fds 1 and 2: no Console machinery on the helper's start-up path.</summary>
public static partial class Stdio
{
    public static void WriteLine(int fd, string text)
    {
        byte[] bytes;
        try { bytes = Rootwrap.Text.OsString.Encode(text + "\n"); }
        catch (ArgumentException) { bytes = System.Text.Encoding.UTF8.GetBytes(text + "\n"); }
        Write(fd, bytes);
    }

    public static unsafe void Write(int fd, ReadOnlySpan<byte> bytes)
    {
        fixed (byte* p = bytes)
        {
            nuint off = 0;
            while (off < (nuint)bytes.Length)
            {
                nint n = LinuxCalls.write(fd, p + off, (nuint)bytes.Length - off);
                if (n < 0)
                {
                    if (Marshal.GetLastPInvokeError() == Errno.EINTR) continue;
                    return;
                }
                off += (nuint)n;
            }
        }
    }

    /// <summary>A message on stderr, with undecodable bytes shown as the reference's Python shows them (<c>\udcff</c>).</summary>
    public static void Error(string text) => Write(2, Rootwrap.Text.OsString.EncodeBackslashReplace(text + "\n"));
}
