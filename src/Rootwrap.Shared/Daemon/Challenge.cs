using System.Security.Cryptography;
using System.Text;

namespace Rootwrap.Daemon;

/// <summary>
/// multiprocessing.connection's mutual authentication, both dialects:
/// <list type="bullet">
/// <item>Python 3.11 and older: a 20-byte challenge, answered with the raw 16-byte HMAC-MD5.</item>
/// <item>Python 3.12 and later: a challenge <c>{sha256}</c> + 40 bytes, answered with
/// <c>{sha256}</c> + HMAC-SHA256; the MAC covers the whole message, prefix included.</item>
/// </list>
/// We send the prefixed form, as Python 3.12 servers do: an older client takes the whole
/// message as its challenge and answers with HMAC-MD5 over all of it, which we accept
/// (so does Python 3.12). A client's challenge is answered in the dialect it was asked in.
/// </summary>
public static class Challenge
{
    public static readonly byte[] ChallengePrefix = "#CHALLENGE#"u8.ToArray();
    public static readonly byte[] Welcome = "#WELCOME#"u8.ToArray();
    public static readonly byte[] Failure = "#FAILURE#"u8.ToArray();

    /// <summary>The largest handshake frame either side reads (Python's recv_bytes(256)).</summary>
    public const int MaxFrame = 256;

    private const int LegacyMessageLength = 20, Md5Length = 16, MaxDigestNameLength = 8;
    private const string PreferredDigest = "sha256";

    /// <summary>The challenge frame to send, and the message (after #CHALLENGE#) its answer must MAC.</summary>
    public static (byte[] Frame, byte[] Message) Create()
    {
        var message = new byte[2 + PreferredDigest.Length + 40];
        var prefix = Encoding.ASCII.GetBytes("{" + PreferredDigest + "}");
        prefix.CopyTo(message, 0);
        RandomNumberGenerator.Fill(message.AsSpan(prefix.Length));
        return ([.. ChallengePrefix, .. message], message);
    }

    /// <summary>Checks a peer's answer to our <paramref name="message"/>, in constant time.</summary>
    public static bool Verify(ReadOnlySpan<byte> authkey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> response)
    {
        if (!TrySplit(response, out var digest, out var mac)) return false;
        var expected = Mac(digest ?? "md5", authkey, message);
        return expected is not null && expected.Length == mac.Length && CryptographicOperations.FixedTimeEquals(expected, mac);
    }

    /// <summary>Our answer to a peer's challenge frame; null when the frame is no challenge we can answer.</summary>
    public static byte[]? Answer(ReadOnlySpan<byte> authkey, ReadOnlySpan<byte> frame)
    {
        if (!frame.StartsWith(ChallengePrefix)) return null;
        var message = frame[ChallengePrefix.Length..];
        if (message.Length < LegacyMessageLength) return null;
        if (!TrySplit(message, out var digest, out _))
        {
            // No {digest} prefix: an old peer. Python 3.11 answers any such message with raw HMAC-MD5.
            digest = null;
        }
        if (digest is null) return Mac("md5", authkey, message);
        var mac = Mac(digest, authkey, message);
        return mac is null ? null : [.. Encoding.ASCII.GetBytes("{" + digest + "}"), .. mac];
    }

    /// <summary>
    /// Python's _get_digest_name_and_payload: a 16- or 20-byte message is the legacy form
    /// (no digest name), else <c>{name}payload</c> with an allowed name.
    /// </summary>
    private static bool TrySplit(ReadOnlySpan<byte> m, out string? digest, out ReadOnlySpan<byte> payload)
    {
        digest = null;
        payload = m;
        if (m.Length is LegacyMessageLength or Md5Length) return true;
        if (m.Length < 3 || m[0] != '{') return false;
        int close = m[1..Math.Min(m.Length, MaxDigestNameLength + 2)].IndexOf((byte)'}');
        if (close <= 0) return false;
        var name = Encoding.ASCII.GetString(m.Slice(1, close));
        if (name is not ("md5" or "sha256" or "sha384" or "sha3_256" or "sha3_384")) return false;
        digest = name;
        payload = m[(close + 2)..];
        return true;
    }

    private static byte[]? Mac(string digest, ReadOnlySpan<byte> key, ReadOnlySpan<byte> data) => digest switch
    {
        "md5" => HMACMD5.HashData(key, data),
        "sha256" => HMACSHA256.HashData(key, data),
        "sha384" => HMACSHA384.HashData(key, data),
        "sha3_256" when HMACSHA3_256.IsSupported => HMACSHA3_256.HashData(key, data),
        "sha3_384" when HMACSHA3_384.IsSupported => HMACSHA3_384.HashData(key, data),
        _ => null,
    };
}
