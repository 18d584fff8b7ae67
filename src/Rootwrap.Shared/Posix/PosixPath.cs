using System.Runtime.InteropServices;
using System.Text;
using Rootwrap.Text;

namespace Rootwrap.Posix;

/// <summary>
/// Path operations with Python's <c>posixpath</c> semantics, on surrogate-escaped strings so
/// that non-UTF-8 names survive. Read-only: stat, readlink, access, getcwd.
/// </summary>
public static partial class PosixPath
{
    public const int S_IFMT = 0xF000, S_IFREG = 0x8000, S_IFDIR = 0x4000, S_IFLNK = 0xA000;

    public static bool IsAbs(string p) => p.StartsWith('/');

    public static string Join(string a, params string[] rest)
    {
        var path = a;
        foreach (var b in rest)
        {
            if (b.StartsWith('/')) path = b;
            else if (path.Length == 0 || path.EndsWith('/')) path += b;
            else path += "/" + b;
        }
        return path;
    }

    public static (string Head, string Tail) Split(string p)
    {
        int i = p.LastIndexOf('/') + 1;
        string head = p[..i], tail = p[i..];
        if (head.Length > 0 && head.Trim('/').Length != 0) head = head.TrimEnd('/');
        return (head, tail);
    }

    public static string BaseName(string p) => p[(p.LastIndexOf('/') + 1)..];

    public static string DirName(string p)
    {
        int i = p.LastIndexOf('/') + 1;
        var head = p[..i];
        if (head.Length > 0 && head.Trim('/').Length != 0) head = head.TrimEnd('/');
        return head;
    }

    public static string NormPath(string path)
    {
        if (path.Length == 0) return ".";
        int initialSlashes = path.StartsWith('/') ? 1 : 0;
        if (initialSlashes == 1 && path.StartsWith("//") && !path.StartsWith("///")) initialSlashes = 2;
        var comps = new List<string>();
        foreach (var comp in path.Split('/'))
        {
            if (comp.Length == 0 || comp == ".") continue;
            if (comp != ".." || (initialSlashes == 0 && comps.Count == 0) || (comps.Count > 0 && comps[^1] == ".."))
                comps.Add(comp);
            else if (comps.Count > 0)
                comps.RemoveAt(comps.Count - 1);
        }
        var joined = new string('/', initialSlashes) + string.Join('/', comps);
        return joined.Length == 0 ? "." : joined;
    }

    /// <summary><c>os.path.abspath</c>; null when the working directory is gone.</summary>
    public static string? AbsPath(string p)
    {
        if (!IsAbs(p))
        {
            var cwd = GetCwd();
            if (cwd is null) return null;
            p = Join(cwd, p);
        }
        return NormPath(p);
    }

    /// <summary>
    /// <c>os.path.realpath(path)</c> (non-strict, Python 3.11): symlinks resolved as far as
    /// the path exists, the missing tail kept as written. oslo.rootwrap returns '' when the
    /// working directory no longer exists; so does this.
    /// </summary>
    public static string RealPath(string filename)
    {
        var seen = new Dictionary<string, string?>(StringComparer.Ordinal);
        var (path, _) = JoinRealPath("", filename, seen);
        return AbsPath(path) ?? "";
    }

    private static (string, bool) JoinRealPath(string path, string rest, Dictionary<string, string?> seen)
    {
        if (IsAbs(rest)) { rest = rest[1..]; path = "/"; }
        while (rest.Length > 0)
        {
            int sep = rest.IndexOf('/');
            string name;
            if (sep < 0) { name = rest; rest = ""; }
            else { name = rest[..sep]; rest = rest[(sep + 1)..]; }
            if (name.Length == 0 || name == ".") continue;
            if (name == "..")
            {
                if (path.Length > 0)
                {
                    (path, name) = Split(path);
                    if (name == "..") path = Join(path, "..", "..");
                }
                else path = "..";
                continue;
            }
            var newpath = Join(path, name);
            bool isLink = LStatMode(newpath) is int m && (m & S_IFMT) == S_IFLNK;
            if (!isLink) { path = newpath; continue; }
            if (seen.TryGetValue(newpath, out var known))
            {
                if (known is not null) { path = known; continue; }
                return (Join(newpath, rest), false);
            }
            seen[newpath] = null;
            var target = ReadLink(newpath) ?? "";
            bool ok;
            (path, ok) = JoinRealPath(path, target, seen);
            if (!ok) return (Join(path, rest), false);
            seen[newpath] = path;
        }
        return (path, true);
    }

    // ---- thin libc wrappers (read-only, any thread; stat is PosixCalls') ----

    public readonly record struct FileStat(uint Mode, uint Uid, uint Gid)
    {
        public bool IsRegular => (Mode & S_IFMT) == S_IFREG;
        public bool IsDirectory => (Mode & S_IFMT) == S_IFDIR;
    }

    // SAFETY: path is NUL-terminated and pinned by the caller; buf is a StatBuf on its stack.
    [LibraryImport("libc", EntryPoint = "lstat", SetLastError = true)]
    private static unsafe partial int lstat_(byte* path, StatBuf* buf);

    // SAFETY: buf has size writable bytes; readlink writes no NUL, the length it returns is used.
    [LibraryImport("libc", EntryPoint = "readlink", SetLastError = true)]
    private static unsafe partial nint readlink_(byte* path, byte* buf, nint size);

    // SAFETY: path is NUL-terminated and pinned by the caller; nothing is written.
    [LibraryImport("libc", EntryPoint = "access", SetLastError = true)]
    private static unsafe partial int access_(byte* path, int mode);

    // SAFETY: buf has size writable bytes; getcwd NUL-terminates within them or fails (ERANGE).
    [LibraryImport("libc", EntryPoint = "getcwd", SetLastError = true)]
    private static unsafe partial byte* getcwd_(byte* buf, nint size);

    internal static byte[] CPath(string p) => OsString.CString(OsString.Encode(p));

    private static unsafe FileStat? DoStat(string path, bool follow)
    {
        if (path.Contains('\0')) return null;
        byte[] c;
        try { c = CPath(path); } catch (ArgumentException) { return null; }
        StatBuf st;
        fixed (byte* p = c)
        {
            int r = follow ? PosixCalls.stat(p, &st) : lstat_(p, &st);
            if (r != 0) return null;
        }
        return new FileStat(st.Mode, st.Uid, st.Gid);
    }

    public static FileStat? Stat(string path) => DoStat(path, follow: true);
    public static FileStat? LStat(string path) => DoStat(path, follow: false);
    public static int? LStatMode(string path) => DoStat(path, follow: false) is { } s ? (int)s.Mode : null;

    public static bool IsFile(string path) => Stat(path) is { IsRegular: true };
    public static bool IsDir(string path) => Stat(path) is { IsDirectory: true };

    public const int X_OK = 1;

    public static unsafe bool Access(string path, int mode)
    {
        if (path.Contains('\0')) return false;
        byte[] c;
        try { c = CPath(path); } catch (ArgumentException) { return false; }
        fixed (byte* p = c) return access_(p, mode) == 0;
    }

    public static unsafe string? ReadLink(string path)
    {
        if (path.Contains('\0')) return null;
        var c = CPath(path);
        var buf = new byte[4096];
        fixed (byte* p = c) fixed (byte* b = buf)
        {
            nint n = readlink_(p, b, buf.Length);
            if (n < 0) return null;
            return OsString.Decode(buf.AsSpan(0, (int)n));
        }
    }

    public static unsafe string? GetCwd()
    {
        var buf = new byte[4096];
        fixed (byte* b = buf)
        {
            if (getcwd_(b, buf.Length) == null) return null;
        }
        int n = Array.IndexOf(buf, (byte)0);
        return OsString.Decode(buf.AsSpan(0, n));
    }
}

/// <summary>glibc's <c>struct stat</c> on x86_64, for stat/lstat/fstatat through [LibraryImport].</summary>
[StructLayout(LayoutKind.Sequential)]
public struct StatBuf
{
    public ulong Dev, Ino, Nlink;
    public uint Mode, Uid, Gid;
    private int _pad0;
    public ulong Rdev;
    public long Size, BlkSize, Blocks;
    public long ATime, ATimeNsec, MTime, MTimeNsec, CTime, CTimeNsec;
    private long _r0, _r1, _r2;
}
