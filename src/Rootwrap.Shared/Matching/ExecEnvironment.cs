using Rootwrap.Text;

namespace Rootwrap.Matching;

/// <summary>
/// The environment a planned command is started with (the helper's execve, the daemon's
/// posix_spawn and its launcher): pure, so the helper and the daemon share it and the unit
/// tests pin it.
/// </summary>
public static class ExecEnvironment
{
    /// <summary>
    /// The environment as the reference passes it: unchanged when the filter sets nothing;
    /// otherwise Python's os.environ (first of duplicate names, entries without '=' dropped)
    /// with the filter's variables set in place or appended.
    /// </summary>
    public static List<byte[]> Build(List<byte[]> environ, IReadOnlyList<KeyValuePair<string, string>>? changes)
    {
        if (changes is null) return environ.Select(e => OsString.CString(e)).ToList();
        var order = new List<byte[]>();
        var values = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var e in environ)
        {
            int eq = Array.IndexOf(e, (byte)'=');
            if (eq < 0) continue;
            var key = OsString.Decode(e.AsSpan(0, eq));
            if (values.ContainsKey(key)) continue;
            values[key] = e[(eq + 1)..];
            order.Add(e[..eq]);
        }
        foreach (var (k, v) in changes)
        {
            var key = OsString.Decode(OsString.Encode(k));
            if (!values.ContainsKey(key)) order.Add(OsString.Encode(k));
            values[key] = OsString.Encode(v);
        }
        var result = new List<byte[]>(order.Count);
        foreach (var k in order)
        {
            var v = values[OsString.Decode(k)];
            var entry = new byte[k.Length + 1 + v.Length + 1];
            k.CopyTo(entry, 0);
            entry[k.Length] = (byte)'=';
            v.CopyTo(entry, k.Length + 1);
            result.Add(entry);
        }
        return result;
    }
}
