using System.Text;

namespace Rootwrap.Text;

/// <summary>
/// Bytes from the kernel (argv, environ, file names) as strings, the way Python's
/// <c>os.fsdecode</c> does under a UTF-8 locale: valid UTF-8 decodes normally and each
/// byte of an invalid sequence becomes a lone surrogate U+DC80..U+DCFF
/// ("surrogateescape"). Encoding reverses it exactly, so a non-UTF-8 argument reaches the
/// command byte for byte while the filters see what the reference's filters see.
/// </summary>
public static class OsString
{
    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        if (System.Text.Unicode.Utf8.IsValid(bytes)) return Encoding.UTF8.GetString(bytes);
        var sb = new StringBuilder(bytes.Length);
        Span<char> buf = stackalloc char[2];
        while (!bytes.IsEmpty)
        {
            var status = System.Text.Rune.DecodeFromUtf8(bytes, out var rune, out int consumed);
            if (status == System.Buffers.OperationStatus.Done)
            {
                int n = rune.EncodeToUtf16(buf);
                sb.Append(buf[..n]);
            }
            else
            {
                // Python escapes the invalid bytes one at a time.
                consumed = Math.Max(1, consumed);
                for (int i = 0; i < consumed; i++) sb.Append((char)(0xDC00 + bytes[i]));
                // Python's decoder re-examines from the next byte when the sequence was
                // merely truncated; DecodeFromUtf8 reports the maximal invalid prefix,
                // which matches CPython's "maximal subpart" rule.
            }
            bytes = bytes[consumed..];
        }
        return sb.ToString();
    }

    public static byte[] Encode(string s)
    {
        bool plain = true;
        foreach (var c in s) if (char.IsSurrogate(c)) { plain = false; break; }
        if (plain) return Encoding.UTF8.GetBytes(s);
        var bytes = new List<byte>(s.Length + 8);
        Span<byte> buf = stackalloc byte[4];
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                int n = new Rune(c, s[i + 1]).EncodeToUtf8(buf);
                for (int k = 0; k < n; k++) bytes.Add(buf[k]);
                i++;
            }
            else if (c >= '\uDC80' && c <= '\uDCFF')
            {
                bytes.Add((byte)(c - 0xDC00));
            }
            else if (char.IsSurrogate(c))
            {
                // Not representable as bytes; Python raises UnicodeEncodeError here.
                throw new ArgumentException("string holds a lone surrogate that is not an escaped byte");
            }
            else
            {
                int n = new Rune(c).EncodeToUtf8(buf);
                for (int k = 0; k < n; k++) bytes.Add(buf[k]);
            }
        }
        return bytes.ToArray();
    }

    /// <summary>A C string: the bytes and a terminating NUL (the caller has refused an embedded NUL).</summary>
    public static byte[] CString(ReadOnlySpan<byte> bytes)
    {
        var z = new byte[bytes.Length + 1];
        bytes.CopyTo(z);
        return z;
    }

    /// <summary>
    /// Text for a terminal or log, as Python writes it to <c>sys.stderr</c> (UTF-8 with
    /// errors="backslashreplace"): an escaped byte or any other lone surrogate becomes
    /// <c>\udcff</c>, so a message never carries the raw invalid bytes.
    /// </summary>
    public static byte[] EncodeBackslashReplace(string s)
    {
        bool plain = true;
        foreach (var c in s) if (char.IsSurrogate(c)) { plain = false; break; }
        if (plain) return Encoding.UTF8.GetBytes(s);
        var sb = new StringBuilder(s.Length + 16);
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                sb.Append(c).Append(s[i + 1]);
                i++;
            }
            else if (char.IsSurrogate(c)) sb.Append("\\u").Append(((int)c).ToString("x4"));
            else sb.Append(c);
        }
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    /// <summary>Splits a NUL-separated block (/proc/self/cmdline, /proc/self/environ).</summary>
    public static List<byte[]> SplitNul(ReadOnlySpan<byte> block)
    {
        var list = new List<byte[]>();
        while (!block.IsEmpty)
        {
            int i = block.IndexOf((byte)0);
            if (i < 0) { list.Add(block.ToArray()); break; }
            list.Add(block[..i].ToArray());
            block = block[(i + 1)..];
        }
        return list;
    }
}
