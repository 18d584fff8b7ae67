using Rootwrap.Posix;

namespace Rootwrap.Config;

/// <summary>
/// H5: who may have written what the helper reads. Each check takes the owner and mode the
/// caller already has (a file's from the descriptor it reads, a folder's from the stat that
/// found it a folder), so what is checked is what is used.
/// </summary>
public interface ITrustPolicy
{
    void CheckFile(string path, PosixPath.FileStat opened);
    void CheckDirectory(string path, PosixPath.FileStat st);
    /// <summary>A path that does not exist (an exec_dirs entry): whoever could create it must be root.</summary>
    void CheckAbsent(string path);
    /// <summary>Why the file <paramref name="path"/> names (a <c>trusted:</c> argument) is not root's word, or null.</summary>
    string? Untrusted(string path);
}

/// <summary>No checks: not running as root (tests, the auditor).</summary>
public sealed class TrustAnything : ITrustPolicy
{
    public static readonly TrustAnything Instance = new();
    public void CheckFile(string path, PosixPath.FileStat opened) { }
    public void CheckDirectory(string path, PosixPath.FileStat st) { }
    public void CheckAbsent(string path) { }
    public string? Untrusted(string path) => null;
}

/// <summary>
/// Running as root: every configuration file and folder must be owned by root and not
/// writable by group or others, or a non-root account could rewrite the policy; and so must
/// every folder on the way to it from /, symlinks included (H5). A service account that owns
/// /etc/neutron (Debian's neutron:neutron 0770) could otherwise rename rootwrap.conf or
/// rootwrap.d and put a symlink in its place: to another service's root-owned configuration
/// and its filters, or to one without our profiles and [Paths].
///
/// The walk is by path: once every folder on the way is root's, only root can change what
/// the path leads to between this check and the open that follows it. A sticky folder
/// writable by others (/tmp) is passed only towards an entry root owns, which the sticky bit
/// keeps others from renaming or removing.
/// </summary>
public sealed class RootOwnedOnly : ITrustPolicy
{
    private const uint S_IFMT = 0xF000, S_IFLNK = 0xA000, S_IFDIR = 0x4000, S_ISVTX = 0x200, GroupOrOtherWrite = 0x12;
    private const int MaxSymlinks = 40;

    /// <summary>Folders found trusted in this load, with their lstat: the filter files of one folder share their way.</summary>
    private readonly Dictionary<string, PosixPath.FileStat> _trusted = new(StringComparer.Ordinal);

    public void CheckFile(string path, PosixPath.FileStat opened)
    {
        Check(path, opened, "file");
        CheckWay(path, absent: false);
    }

    public void CheckDirectory(string path, PosixPath.FileStat st)
    {
        Check(path, st, "directory");
        CheckWay(path, absent: false);
    }

    public void CheckAbsent(string path) => CheckWay(path, absent: true);

    public string? Untrusted(string path)
    {
        if (PosixPath.Stat(path) is not { } st) return "does not exist";
        try
        {
            Check(path, st, st.IsDirectory ? "directory" : "file");
            CheckWay(path, absent: false);
            return null;
        }
        catch (ConfigException e) { return e.Message; }
    }

    private static void Check(string path, PosixPath.FileStat st, string what)
    {
        if (st.Uid != 0)
            throw new ConfigException($"untrusted {what}: owned by uid {st.Uid}, not root", path);
        if ((st.Mode & GroupOrOtherWrite) != 0)
            throw new ConfigException($"untrusted {what}: writable by group or others (mode {Convert.ToString(st.Mode & 0xFFF, 8)})", path);
    }

    /// <summary>
    /// Every folder the kernel passes through to reach <paramref name="path"/>, symlinks
    /// followed, must be root's and not group/other-writable (or sticky, towards root's own
    /// entry). For a path that does not exist, the deepest folder that does may not be
    /// writable by anyone but root at all: whoever can write there can create it.
    /// </summary>
    private void CheckWay(string path, bool absent)
    {
        if (!PosixPath.IsAbs(path)) path = PosixPath.Join(PosixPath.GetCwd() ?? "/", path);
        var todo = new List<string>(path.Split('/'));
        var cur = "/";
        var folder = TrustFolder(cur, null, path);
        int links = 0;
        while (todo.Count > 0)
        {
            var comp = todo[0];
            todo.RemoveAt(0);
            if (comp is "" or ".") continue;
            if (comp == "..")
            {
                // The parent of a folder reached this way was passed (and trusted) before it.
                cur = PosixPath.DirName(cur);
                folder = TrustFolder(cur, null, path);
                continue;
            }
            var next = PosixPath.Join(cur, comp);
            PosixPath.FileStat st;
            if (_trusted.TryGetValue(next, out var known)) st = known;
            else if (PosixPath.LStat(next) is { } found) st = found;
            else
            {
                // Nothing further exists: cur is root's (checked), but may be sticky and open to all.
                if (absent && (folder.Mode & GroupOrOtherWrite) != 0)
                    throw Untrusted(cur, path, $"writable by group or others (mode {Convert.ToString(folder.Mode & 0xFFF, 8)}), so anyone can create {next}");
                return;
            }
            if ((folder.Mode & GroupOrOtherWrite) != 0 && st.Uid != 0)
                throw Untrusted(cur, path, $"open to all writers, and {next} in it is owned by uid {st.Uid}, not root");
            if ((st.Mode & S_IFMT) == S_IFLNK)
            {
                if (++links > MaxSymlinks)
                    throw new ConfigException("too many levels of symbolic links", path);
                var target = PosixPath.ReadLink(next) ?? throw new ConfigException($"cannot read symlink {next}", path);
                todo.InsertRange(0, target.Split('/'));
                if (target.StartsWith('/'))
                {
                    cur = "/";
                    folder = TrustFolder(cur, null, path);
                }
                continue;
            }
            if (todo.All(c => c is "" or "."))
                return; // the file or folder itself: the caller checks what it opened
            if ((st.Mode & S_IFMT) != S_IFDIR) return; // the open that follows fails (ENOTDIR)
            folder = TrustFolder(next, st, path);
            cur = next;
        }
    }

    /// <summary>
    /// Checks a folder on the way and remembers its lstat: the filter files of one folder,
    /// and the folders above them, are each stat'ed once per load.
    /// </summary>
    private PosixPath.FileStat TrustFolder(string folder, PosixPath.FileStat? seen, string path)
    {
        if (_trusted.TryGetValue(folder, out var known)) return known;
        var st = seen ?? PosixPath.LStat(folder) ?? throw new ConfigException($"cannot stat {folder}", path);
        if (st.Uid != 0)
            throw Untrusted(folder, path, $"owned by uid {st.Uid}, not root");
        if ((st.Mode & GroupOrOtherWrite) != 0 && (st.Mode & S_ISVTX) == 0)
            throw Untrusted(folder, path, $"writable by group or others (mode {Convert.ToString(st.Mode & 0xFFF, 8)})");
        _trusted[folder] = st;
        return st;
    }

    private static ConfigException Untrusted(string folder, string path, string why) =>
        new($"untrusted folder {folder} on the way to {path}: {why}; whoever can write there can replace what the helper reads. " +
            $"Fix: chown root:root {folder} && chmod go-w {folder}, or keep the configuration in a root-owned folder such as /etc/rootwrap-native", path);
}

/// <summary>
/// H5 checked but not enforced: what <see cref="RootOwnedOnly"/> would refuse is collected in
/// <see cref="Findings"/> instead of thrown. For <c>rootwrap-audit explain</c> run without root,
/// which can read what root would refuse; the checks only read (stat, readlink).
/// </summary>
public sealed class ReportingTrust : ITrustPolicy
{
    private readonly RootOwnedOnly _inner = new();
    private readonly List<ConfigException> _findings = [];

    /// <summary>What the helper, as root, would have stopped at (exit 97), in the order it reads.</summary>
    public IReadOnlyList<ConfigException> Findings => _findings;

    public void CheckFile(string path, PosixPath.FileStat opened) => Report(() => _inner.CheckFile(path, opened));
    public void CheckDirectory(string path, PosixPath.FileStat st) => Report(() => _inner.CheckDirectory(path, st));
    public void CheckAbsent(string path) => Report(() => _inner.CheckAbsent(path));
    public string? Untrusted(string path) => _inner.Untrusted(path);

    private void Report(Action check)
    {
        try { check(); }
        catch (ConfigException e) { _findings.Add(e); }
    }
}
