using Rootwrap.Text;

namespace Rootwrap.Native;

/// <summary>
/// The process's own argv and environ as the kernel holds them. The runtime's string[]
/// replaces invalid UTF-8 with U+FFFD, which would change what the command receives;
/// these keep every byte (decoded surrogate-escaped, as the reference's Python does).
/// </summary>
public static class ProcessArgs
{
    public static List<byte[]> RawArgv() => OsString.SplitNul(ReadProc("/proc/self/cmdline"));

    public static List<byte[]> RawEnviron() => OsString.SplitNul(ReadProc("/proc/self/environ"));

    private static byte[] ReadProc(string path) =>
        Rootwrap.Posix.PosixFile.ReadAll(path, out int errno) ?? throw new IOException($"cannot read {path}: error {errno}");

    /// <summary>The value of one variable in the raw environment (first occurrence, as Python's os.environ).</summary>
    public static string? Get(List<byte[]> environ, string name)
    {
        var prefix = System.Text.Encoding.UTF8.GetBytes(name + "=");
        foreach (var e in environ)
            if (e.AsSpan().StartsWith(prefix)) return OsString.Decode(e.AsSpan(prefix.Length));
        return null;
    }
}
