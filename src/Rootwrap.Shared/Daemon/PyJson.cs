using System.Globalization;
using System.Text;

namespace Rootwrap.Daemon;

/// <summary>Text that is not JSON (or nests deeper than we accept).</summary>
public sealed class PyJsonException(string message) : Exception(message);

/// <summary>
/// Bytes sent as a str: the reference daemon replies <c>os.fsdecode(out)</c>, so a command's
/// output travels as UTF-8 text with each undecodable byte as a lone surrogate U+DC80..U+DCFF.
/// The writer escapes it straight from the bytes, without building a .NET string.
/// </summary>
public readonly record struct FsDecodedBytes(ReadOnlyMemory<byte> Bytes);

/// <summary>
/// The JSON of oslo.rootwrap's jsonrpc: Python's <c>json.dumps</c> (ASCII-only output,
/// <c>", "</c> and <c>": "</c> separators) and <c>json.loads</c> with its object hook
/// (<c>{"__bytes__": base64}</c> is bytes). System.Text.Json refuses lone surrogates, which
/// Python writes for every undecodable byte of a file name or a command's output, so this
/// small codec keeps them. Values: null, bool, long, double, string, byte[],
/// <see cref="List{T}"/> of values, <see cref="Dictionary{TKey, TValue}"/> of string to value.
/// </summary>
public static class PyJson
{
    public const int MaxDepth = 64;

    // ---- reading ------------------------------------------------------------------------

    public static object? Parse(ReadOnlySpan<byte> utf8)
    {
        var r = new Reader(utf8);
        r.SkipWhite();
        var v = r.Value(0);
        r.SkipWhite();
        if (!r.AtEnd) throw new PyJsonException($"extra data at offset {r.Pos}");
        return v;
    }

    private ref struct Reader(ReadOnlySpan<byte> s)
    {
        private readonly ReadOnlySpan<byte> _s = s;
        public int Pos;
        public readonly bool AtEnd => Pos >= _s.Length;

        public void SkipWhite()
        {
            while (Pos < _s.Length && _s[Pos] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r') Pos++;
        }

        private PyJsonException Error(string what) => new($"{what} at offset {Pos}");

        public object? Value(int depth)
        {
            if (depth > MaxDepth) throw Error("nesting too deep");
            if (AtEnd) throw Error("expected a value");
            switch (_s[Pos])
            {
                case (byte)'"': return String();
                case (byte)'[': return Array(depth);
                case (byte)'{': return Object(depth);
                case (byte)'n': Literal("null"); return null;
                case (byte)'t': Literal("true"); return true;
                case (byte)'f': Literal("false"); return false;
                case (byte)'N': Literal("NaN"); return double.NaN;
                case (byte)'I': Literal("Infinity"); return double.PositiveInfinity;
                default: return Number();
            }
        }

        private void Literal(string word)
        {
            if (_s.Length - Pos < word.Length) throw Error("bad literal");
            for (int i = 0; i < word.Length; i++)
                if (_s[Pos + i] != word[i]) throw Error("bad literal");
            Pos += word.Length;
        }

        private object Number()
        {
            int start = Pos;
            if (Pos < _s.Length && _s[Pos] == '-')
            {
                Pos++;
                if (Pos < _s.Length && _s[Pos] == 'I') { Literal("Infinity"); return double.NegativeInfinity; }
            }
            int digits = Pos;
            while (Pos < _s.Length && _s[Pos] is >= (byte)'0' and <= (byte)'9') Pos++;
            if (Pos == digits) throw Error("expected a value");
            bool integral = true;
            if (Pos < _s.Length && _s[Pos] == '.')
            {
                integral = false;
                Pos++;
                int frac = Pos;
                while (Pos < _s.Length && _s[Pos] is >= (byte)'0' and <= (byte)'9') Pos++;
                if (Pos == frac) throw Error("bad number");
            }
            if (Pos < _s.Length && _s[Pos] is (byte)'e' or (byte)'E')
            {
                integral = false;
                Pos++;
                if (Pos < _s.Length && _s[Pos] is (byte)'+' or (byte)'-') Pos++;
                int exp = Pos;
                while (Pos < _s.Length && _s[Pos] is >= (byte)'0' and <= (byte)'9') Pos++;
                if (Pos == exp) throw Error("bad number");
            }
            var text = _s[start..Pos];
            if (integral && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long l)) return l;
            return double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        }

        private List<object?> Array(int depth)
        {
            Pos++; // [
            var list = new List<object?>();
            SkipWhite();
            if (Pos < _s.Length && _s[Pos] == ']') { Pos++; return list; }
            while (true)
            {
                SkipWhite();
                list.Add(Value(depth + 1));
                SkipWhite();
                if (AtEnd) throw Error("unterminated array");
                if (_s[Pos] == ',') { Pos++; continue; }
                if (_s[Pos] == ']') { Pos++; return list; }
                throw Error("expected ',' or ']'");
            }
        }

        private object Object(int depth)
        {
            Pos++; // {
            var dict = new Dictionary<string, object?>(StringComparer.Ordinal);
            SkipWhite();
            if (Pos < _s.Length && _s[Pos] == '}') { Pos++; return dict; }
            while (true)
            {
                SkipWhite();
                if (AtEnd || _s[Pos] != '"') throw Error("expected a property name");
                var key = String();
                SkipWhite();
                if (AtEnd || _s[Pos] != ':') throw Error("expected ':'");
                Pos++;
                SkipWhite();
                dict[key] = Value(depth + 1);
                SkipWhite();
                if (AtEnd) throw Error("unterminated object");
                if (_s[Pos] == ',') { Pos++; continue; }
                if (_s[Pos] == '}') { Pos++; break; }
                throw Error("expected ',' or '}'");
            }
            // jsonrpc's rpc_object_hook: {"__bytes__": base64} is bytes.
            if (dict.TryGetValue("__bytes__", out var b) && b is string b64 && !dict.ContainsKey("__exception__"))
            {
                try { return Convert.FromBase64String(b64); }
                catch (FormatException) { throw Error("bad base64 in __bytes__"); }
            }
            return dict;
        }

        private string String()
        {
            Pos++; // "
            int start = Pos;
            // Fast path: plain ASCII/UTF-8 without escapes.
            while (Pos < _s.Length && _s[Pos] != '"' && _s[Pos] != '\\' && _s[Pos] >= 0x20) Pos++;
            if (Pos < _s.Length && _s[Pos] == '"')
            {
                var plain = _s[start..Pos];
                Pos++;
                return Text.OsString.Decode(plain);
            }
            Pos = start;
            var sb = new StringBuilder();
            while (true)
            {
                if (AtEnd) throw Error("unterminated string");
                byte c = _s[Pos];
                if (c == '"') { Pos++; return sb.ToString(); }
                if (c < 0x20) throw Error("control character in string");
                if (c != '\\')
                {
                    int runStart = Pos;
                    while (Pos < _s.Length && _s[Pos] != '"' && _s[Pos] != '\\' && _s[Pos] >= 0x20) Pos++;
                    sb.Append(Text.OsString.Decode(_s[runStart..Pos]));
                    continue;
                }
                Pos++;
                if (AtEnd) throw Error("unterminated escape");
                byte e = _s[Pos++];
                switch (e)
                {
                    case (byte)'"': sb.Append('"'); break;
                    case (byte)'\\': sb.Append('\\'); break;
                    case (byte)'/': sb.Append('/'); break;
                    case (byte)'b': sb.Append('\b'); break;
                    case (byte)'f': sb.Append('\f'); break;
                    case (byte)'n': sb.Append('\n'); break;
                    case (byte)'r': sb.Append('\r'); break;
                    case (byte)'t': sb.Append('\t'); break;
                    case (byte)'u':
                        // Python keeps lone surrogates; so do we (a .NET string holds them too).
                        if (_s.Length - Pos < 4) throw Error("bad \\u escape");
                        if (!int.TryParse(_s.Slice(Pos, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int u))
                            throw Error("bad \\u escape");
                        Pos += 4;
                        sb.Append((char)u);
                        break;
                    default: throw Error("bad escape");
                }
            }
        }
    }

    // ---- writing ------------------------------------------------------------------------

    /// <summary>Python's <c>json.dumps(value)</c> as UTF-8 (all ASCII).</summary>
    public static byte[] Serialize(object? value)
    {
        var w = new Writer(256);
        w.Value(value, 0);
        return w.ToArray();
    }

    /// <summary>A growable byte buffer with Python's json.dumps formatting.</summary>
    public sealed class Writer
    {
        private byte[] _buf;
        private int _len;
        private readonly int _prefix;

        /// <param name="capacity">Expected size.</param>
        /// <param name="prefix">Bytes left free at the start of <see cref="Buffer"/> (for a frame header).</param>
        public Writer(int capacity, int prefix = 0)
        {
            _buf = new byte[Math.Max(16, capacity + prefix)];
            _len = _prefix = prefix;
        }

        /// <summary>The prefix, then the JSON text: <see cref="Buffer"/>[..<see cref="Length"/>].</summary>
        public byte[] Buffer => _buf;
        public int Length => _len;
        /// <summary>The JSON text alone.</summary>
        public byte[] ToArray() => _buf.AsSpan(_prefix, _len - _prefix).ToArray();

        private void Ensure(int more)
        {
            if (_len + more <= _buf.Length) return;
            long size = Math.Max((long)_buf.Length * 2, (long)_len + more);
            if (size > Array.MaxLength) size = Array.MaxLength;
            if (size < (long)_len + more) throw new OutOfMemoryException("reply too large");
            Array.Resize(ref _buf, (int)size);
        }

        private void Raw(byte b) { Ensure(1); _buf[_len++] = b; }

        private void Raw(string ascii)
        {
            Ensure(ascii.Length);
            foreach (var c in ascii) _buf[_len++] = (byte)c;
        }

        public void Value(object? v, int depth)
        {
            if (depth > MaxDepth) throw new PyJsonException("nesting too deep");
            switch (v)
            {
                case null: Raw("null"); break;
                case bool b: Raw(b ? "true" : "false"); break;
                case int i: Raw(i.ToString(CultureInfo.InvariantCulture)); break;
                case long l: Raw(l.ToString(CultureInfo.InvariantCulture)); break;
                case double d: Raw(FormatDouble(d)); break;
                case string s: String(s); break;
                case FsDecodedBytes fb: FsDecoded(fb.Bytes.Span); break;
                case byte[] bytes:
                    Raw("{\"__bytes__\": ");
                    String(Convert.ToBase64String(bytes));
                    Raw((byte)'}');
                    break;
                case IDictionary<string, object?> dict:
                    Raw((byte)'{');
                    bool firstKey = true;
                    foreach (var (k, val) in dict)
                    {
                        if (!firstKey) Raw(", ");
                        firstKey = false;
                        String(k);
                        Raw(": ");
                        Value(val, depth + 1);
                    }
                    Raw((byte)'}');
                    break;
                case System.Collections.IEnumerable list:
                    Raw((byte)'[');
                    bool first = true;
                    foreach (var item in list)
                    {
                        if (!first) Raw(", ");
                        first = false;
                        Value(item, depth + 1);
                    }
                    Raw((byte)']');
                    break;
                default:
                    throw new PyJsonException($"Object of type {v.GetType().Name} is not JSON serializable");
            }
        }

        private static string FormatDouble(double d) =>
            double.IsNaN(d) ? "NaN"
            : double.IsPositiveInfinity(d) ? "Infinity"
            : double.IsNegativeInfinity(d) ? "-Infinity"
            : d.ToString("R", CultureInfo.InvariantCulture);

        /// <summary>A str as Python's ensure_ascii encoder writes it; lone surrogates pass as \uXXXX.</summary>
        public void String(string s)
        {
            Ensure(s.Length + 2);
            _buf[_len++] = (byte)'"';
            foreach (char c in s) Char(c);
            Raw((byte)'"');
        }

        /// <summary>
        /// <c>json.dumps(os.fsdecode(bytes))</c> from the bytes: valid UTF-8 as its code points,
        /// each byte of an invalid sequence as \udcXX (Python's surrogateescape).
        /// </summary>
        public void FsDecoded(ReadOnlySpan<byte> bytes)
        {
            Ensure(bytes.Length + 2);
            _buf[_len++] = (byte)'"';
            while (!bytes.IsEmpty)
            {
                byte b = bytes[0];
                if (b < 0x80)
                {
                    // ASCII run: the common case for command output.
                    int n = 0;
                    while (n < bytes.Length && bytes[n] < 0x80 && bytes[n] >= 0x20 && bytes[n] != '"' && bytes[n] != '\\' && bytes[n] != 0x7f) n++;
                    if (n > 0)
                    {
                        Ensure(n);
                        bytes[..n].CopyTo(_buf.AsSpan(_len));
                        _len += n;
                        bytes = bytes[n..];
                        continue;
                    }
                    Char((char)b);
                    bytes = bytes[1..];
                    continue;
                }
                var status = Rune.DecodeFromUtf8(bytes, out var rune, out int consumed);
                if (status == System.Buffers.OperationStatus.Done)
                {
                    if (rune.IsBmp) Char((char)rune.Value);
                    else
                    {
                        int v = rune.Value - 0x10000;
                        Char((char)(0xD800 + (v >> 10)));
                        Char((char)(0xDC00 + (v & 0x3FF)));
                    }
                    bytes = bytes[consumed..];
                }
                else
                {
                    // Every byte of an invalid sequence is escaped on its own; continuation
                    // bytes never start a sequence, so escaping one byte and resuming gives
                    // Python's result.
                    Char((char)(0xDC00 + b));
                    bytes = bytes[1..];
                }
            }
            Raw((byte)'"');
        }

        private void Char(char c)
        {
            switch (c)
            {
                case '"': Raw("\\\""); return;
                case '\\': Raw("\\\\"); return;
                case '\n': Raw("\\n"); return;
                case '\r': Raw("\\r"); return;
                case '\t': Raw("\\t"); return;
                case '\b': Raw("\\b"); return;
                case '\f': Raw("\\f"); return;
            }
            if (c >= 0x20 && c < 0x7f) { Raw((byte)c); return; }
            Ensure(6);
            _buf[_len++] = (byte)'\\';
            _buf[_len++] = (byte)'u';
            _buf[_len++] = Hex(c >> 12);
            _buf[_len++] = Hex((c >> 8) & 0xf);
            _buf[_len++] = Hex((c >> 4) & 0xf);
            _buf[_len++] = Hex(c & 0xf);
        }

        private static byte Hex(int n) => (byte)(n < 10 ? '0' + n : 'a' + n - 10);
    }
}
