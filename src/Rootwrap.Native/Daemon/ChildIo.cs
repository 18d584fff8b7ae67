using Rootwrap.Posix;
using Rootwrap.Native.Linux;

namespace Rootwrap.Native.Daemon;

/// <summary>
/// The daemon's ends of a command's stdin, stdout and stderr pipes, and the loop that
/// feeds one and drains the other two, as Python's Popen.communicate: all three at once
/// through poll(2), so a command that fills its stderr pipe while we wait on stdout (or
/// waits for more stdin while its stdout is full) never deadlocks with us.
/// </summary>
public sealed class ChildIo : IDisposable
{
    public int StdinWrite = -1, StdoutRead = -1, StderrRead = -1;

    /// <summary>The child's ends, to dup onto its fds 0, 1, 2 and close here once it has started.</summary>
    public int ChildStdin = -1, ChildStdout = -1, ChildStderr = -1;

    public static ChildIo Create()
    {
        var io = new ChildIo();
        try
        {
            (io.ChildStdin, io.StdinWrite) = Fds.Pipe();
            (io.StdoutRead, io.ChildStdout) = Fds.Pipe();
            (io.StderrRead, io.ChildStderr) = Fds.Pipe();
            return io;
        }
        catch
        {
            io.Dispose();
            io.CloseChildEnds();
            throw;
        }
    }

    public void CloseChildEnds()
    {
        Fds.Close(ref ChildStdin);
        Fds.Close(ref ChildStdout);
        Fds.Close(ref ChildStderr);
    }

    /// <summary>
    /// Writes <paramref name="stdin"/> (then closes it: the command sees EOF, as with the
    /// reference's communicate(None) too) and reads stdout and stderr to EOF.
    /// </summary>
    public (Output Stdout, Output Stderr) Communicate(byte[]? stdin)
    {
        var stdout = new Output();
        var stderr = new Output();
        int written = 0;
        if (stdin is null || stdin.Length == 0) Fds.Close(ref StdinWrite);
        else Fds.SetNonBlocking(StdinWrite);
        Fds.SetNonBlocking(StdoutRead);
        Fds.SetNonBlocking(StderrRead);

        Span<Fds.PollFd> polls = stackalloc Fds.PollFd[3];
        while (StdoutRead >= 0 || StderrRead >= 0 || StdinWrite >= 0)
        {
            int n = 0;
            if (StdinWrite >= 0) polls[n++] = new Fds.PollFd { Fd = StdinWrite, Events = Fds.POLLOUT };
            if (StdoutRead >= 0) polls[n++] = new Fds.PollFd { Fd = StdoutRead, Events = Fds.POLLIN };
            if (StderrRead >= 0) polls[n++] = new Fds.PollFd { Fd = StderrRead, Events = Fds.POLLIN };
            Fds.Poll(polls[..n], -1);
            for (int i = 0; i < n; i++)
            {
                var p = polls[i];
                if (p.Revents == 0) continue;
                if (p.Fd == StdinWrite)
                {
                    nint w = Fds.Write(StdinWrite, stdin.AsSpan(written));
                    if (w > 0) written += (int)w;
                    // A command that exits without reading all of its input is not an error
                    // (communicate ignores EPIPE too).
                    if (w < 0 && w != -Errno.EAGAIN || written == stdin!.Length) Fds.Close(ref StdinWrite);
                }
                else if (p.Fd == StdoutRead) Drain(ref StdoutRead, stdout);
                else if (p.Fd == StderrRead) Drain(ref StderrRead, stderr);
            }
        }
        return (stdout, stderr);
    }

    private static void Drain(ref int fd, Output into)
    {
        while (true)
        {
            nint r = Fds.Read(fd, into.FreeSpace());
            if (r > 0) { into.Advance((int)r); continue; }
            if (r == -Errno.EAGAIN) return;
            Fds.Close(ref fd); // EOF, or an error that ends this stream
            return;
        }
    }

    public void Dispose()
    {
        Fds.Close(ref StdinWrite);
        Fds.Close(ref StdoutRead);
        Fds.Close(ref StderrRead);
    }

    /// <summary>A growing buffer for one output stream.</summary>
    public sealed class Output
    {
        private byte[] _buf = new byte[4096];
        public int Length { get; private set; }
        public ReadOnlyMemory<byte> Memory => _buf.AsMemory(0, Length);

        public Span<byte> FreeSpace()
        {
            if (_buf.Length - Length < 4096)
            {
                long size = Math.Min((long)_buf.Length * 2, Array.MaxLength);
                if (size <= _buf.Length) throw new OutOfMemoryException("command output too large");
                Array.Resize(ref _buf, (int)size);
            }
            // Large reads once the output is large: fewer syscalls for 10 MB.
            return _buf.AsSpan(Length, Math.Min(_buf.Length - Length, 1 << 20));
        }

        public void Advance(int n) => Length += n;
    }
}
