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
