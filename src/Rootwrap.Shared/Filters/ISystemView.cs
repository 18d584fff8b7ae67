using Rootwrap.Posix;

namespace Rootwrap.Filters;

/// <summary>
/// What a filter needs to know about the machine. Read-only: nothing here changes state,
/// so matching stays a pure decision and unit tests substitute a fake.
/// </summary>
public interface ISystemView
{
    /// <summary>access(path, X_OK), as the reference's <c>os.access</c>.</summary>
    bool IsExecutable(string path);
    /// <summary><c>os.path.realpath</c>, '' when the working directory is gone.</summary>
    string RealPath(string path);
    bool IsFile(string path);
    /// <summary>readlink(/proc/PID/exe), or null.</summary>
    string? ProcExe(int pid);
    /// <summary>First NUL-separated field of /proc/PID/cmdline, or null when unreadable.</summary>
    string? ProcCmdlineArg0(int pid);
    /// <summary>The PATH of the helper's own environment (KillFilter and which()).</summary>
    string? PathVariable { get; }
}

/// <summary>The real machine.</summary>
public sealed class HostSystem(string? pathVariable) : ISystemView
{
    public bool IsExecutable(string path) => PosixPath.Access(path, PosixPath.X_OK);
    public string RealPath(string path) => PosixPath.RealPath(path);
    public bool IsFile(string path) => PosixPath.IsFile(path);
    public string? ProcExe(int pid) => PosixPath.ReadLink($"/proc/{pid}/exe");
    public string? ProcCmdlineArg0(int pid)
    {
        try
        {
            var bytes = File.ReadAllBytes($"/proc/{pid}/cmdline");
            int nul = Array.IndexOf(bytes, (byte)0);
            return Text.OsString.Decode(nul < 0 ? bytes : bytes.AsSpan(0, nul));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }
    public string? PathVariable { get; } = pathVariable;
}

/// <summary>
/// H7: one reading of the machine per decision. A PathFilter resolves its arguments to
/// check them and again to build the command line; between the two, a caller swapping the
/// last link of a long symlink chain (renameat2 RENAME_EXCHANGE) made the command receive a
/// path the check never saw. Through this view the second resolution is the first one's
/// answer, so the command line holds exactly what was checked. Not shared between calls.
/// </summary>
public sealed class OneReading(ISystemView inner) : ISystemView
{
    private readonly Dictionary<string, string> _realPaths = new(StringComparer.Ordinal);

    public bool IsExecutable(string path) => inner.IsExecutable(path);
    public string RealPath(string path)
    {
        if (!_realPaths.TryGetValue(path, out var r)) _realPaths[path] = r = inner.RealPath(path);
        return r;
    }
    public bool IsFile(string path) => inner.IsFile(path);
    public string? ProcExe(int pid) => inner.ProcExe(pid);
    public string? ProcCmdlineArg0(int pid) => inner.ProcCmdlineArg0(pid);
    public string? PathVariable => inner.PathVariable;
}
