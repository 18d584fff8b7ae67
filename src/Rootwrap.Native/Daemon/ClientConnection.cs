using System.Buffers.Binary;
using System.Net.Sockets;
using Rootwrap.Daemon;

namespace Rootwrap.Native.Daemon;

/// <summary>
/// One client connection, on its own thread: oslo's framing (an 8-byte big-endian length,
/// then the bytes), the challenge/response both ways, then the manager requests. Whatever a
/// peer sends (a wrong key, garbage, a frame announcing a terabyte, a hang-up mid-frame, or
/// nothing at all) ends this connection and nothing else: every failure is caught here.
/// </summary>
public sealed class ClientConnection(DaemonHost host, Socket socket)
{
    /// <summary>Largest request after authentication: a command line and its stdin.</summary>
    public const long MaxRequestBytes = 256L << 20;
    /// <summary>The handshake must be over within this; a silent peer holds nothing longer.</summary>
    public static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(10);
    /// <summary>Once a frame has begun, each wait for more of it is bounded by this.</summary>
    public const int FrameTimeoutMs = 30_000;
    /// <summary>A client that doesn't read its reply for this long loses the connection.</summary>
    public const int SendTimeoutMs = 120_000;

    private sealed class PeerGone : Exception;

    public Socket Socket => socket;

    public void Serve()
    {
        try
        {
            if (!Authenticate()) return;
            socket.ReceiveTimeout = (int)HandshakeTimeout.TotalMilliseconds;
            var first = ReadFrame(MaxRequestBytes, waitIdle: false);
            if (!TryParse(first, out var request, out var parseError))
            {
                Send(parseError);
                return;
            }
            var reply = host.Server.HandleRequest(request);
            socket.SendTimeout = SendTimeoutMs;
            Send(reply);
            if (reply.Then == ManagerServer.Next.Shutdown) host.Stop();
            if (reply.Then != ManagerServer.Next.Serve) return;

            // accept_connection: this connection now carries method calls until it closes.
            while (!host.Stopping)
            {
                var frame = ReadFrame(MaxRequestBytes, waitIdle: true);
                if (host.Stopping) return;
                if (!TryParse(frame, out request, out parseError))
                {
                    Send(parseError);
                    return; // the stream can't be trusted any more
                }
                Send(host.Server.HandleCall(request));
            }
        }
        catch (PeerGone) { }
        catch (SocketException) { }
        catch (ObjectDisposedException) { }
        catch (Exception e)
        {
            // A bug must cost one connection, not the daemon.
            host.Log.Warning($"connection dropped: {e.GetType().Name}: {e.Message}");
        }
        finally
        {
            socket.Dispose();
        }
    }

    /// <summary>We challenge the client, then answer its challenge (Server._handle_request's order).</summary>
    private bool Authenticate()
    {
        var deadline = DateTime.UtcNow + HandshakeTimeout;
        socket.SendTimeout = (int)HandshakeTimeout.TotalMilliseconds;

        var (challenge, message) = Challenge.Create();
        SendFrame(challenge);
        var response = ReadHandshakeFrame(deadline);
        if (!Challenge.Verify(host.AuthKey, message, response))
        {
            SendFrame(Challenge.Failure);
            return false;
        }
        SendFrame(Challenge.Welcome);

        var theirs = ReadHandshakeFrame(deadline);
        var answer = Challenge.Answer(host.AuthKey, theirs);
        if (answer is null) return false;
        SendFrame(answer);
        var welcome = ReadHandshakeFrame(deadline);
        return welcome.AsSpan().SequenceEqual(Challenge.Welcome);
    }

    private byte[] ReadHandshakeFrame(DateTime deadline)
    {
        var left = deadline - DateTime.UtcNow;
        if (left <= TimeSpan.Zero) throw new PeerGone();
        socket.ReceiveTimeout = Math.Max(1, (int)left.TotalMilliseconds);
        return ReadFrame(Challenge.MaxFrame, waitIdle: false);
    }

    /// <summary>
    /// One frame. <paramref name="waitIdle"/>: the wait for its first byte is unbounded (a
    /// client keeps its connection between commands); after that every read is bounded.
    /// The buffer grows with what actually arrives, not with what the header announces.
    /// </summary>
    private byte[] ReadFrame(long max, bool waitIdle)
    {
        Span<byte> header = stackalloc byte[8];
        int got = 0;
        if (waitIdle)
        {
            socket.ReceiveTimeout = 0;
            got = Receive(header);
            socket.ReceiveTimeout = FrameTimeoutMs;
        }
        while (got < 8) got += Receive(header[got..]);
        ulong length = BinaryPrimitives.ReadUInt64BigEndian(header);
        if (length > (ulong)max) throw new PeerGone();

        var buf = new byte[(int)Math.Min(length, 1UL << 20)];
        int have = 0;
        while ((ulong)have < length)
        {
            if (have == buf.Length) Array.Resize(ref buf, (int)Math.Min(length, (ulong)buf.Length * 2));
            have += Receive(buf.AsSpan(have));
        }
        return buf;
    }

    private int Receive(Span<byte> into)
    {
        int n = socket.Receive(into);
        if (n <= 0) throw new PeerGone();
        return n;
    }

    private static bool TryParse(byte[] frame, out object? request, out ManagerServer.Reply error)
    {
        try
        {
            request = PyJson.Parse(frame);
            error = default;
            return true;
        }
        catch (PyJsonException e)
        {
            request = null;
            error = new ManagerServer.Reply("#TRACEBACK", $"Traceback (most recent call last):\n  rootwrap-native-daemon\njson.decoder.JSONDecodeError: {e.Message}\n", ManagerServer.Next.Close);
            return false;
        }
    }

    private void Send(ManagerServer.Reply reply)
    {
        var w = reply.Serialize(prefix: 8);
        SendFrameWithPrefix(w.Buffer, w.Length);
    }

    private void SendFrame(ReadOnlySpan<byte> payload)
    {
        var frame = new byte[8 + payload.Length];
        payload.CopyTo(frame.AsSpan(8));
        SendFrameWithPrefix(frame, frame.Length);
    }

    /// <summary>Sends buffer[..length], whose first 8 bytes are left for the length prefix: one write for both.</summary>
    private void SendFrameWithPrefix(byte[] buffer, int length)
    {
        BinaryPrimitives.WriteUInt64BigEndian(buffer, (ulong)(length - 8));
        int sent = 0;
        while (sent < length)
        {
            int n = socket.Send(buffer.AsSpan(sent, length - sent));
            if (n <= 0) throw new PeerGone();
            sent += n;
        }
    }
}
