using Rootwrap.Filters;

namespace Rootwrap.Tests.Filters;

/// <summary>
/// The tests' one machine (ISystemView): executables, files, symlink resolutions and
/// processes held in dictionaries. <see cref="Permissive"/> is the machine of tests about
/// matching alone, where every path exists and is executable.
/// </summary>
public sealed class FakeMachine : ISystemView
{
    public HashSet<string> Executables { get; } = new(StringComparer.Ordinal);
    public HashSet<string> Files { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, string> RealPaths { get; } = new(StringComparer.Ordinal);
    public Dictionary<int, string> Exe { get; } = new();
    public Dictionary<int, string> Cmdline { get; } = new();
    public string? PathVariable { get; set; } = "/usr/sbin:/usr/bin:/sbin:/bin";
    /// <summary>Every path is a file and executable.</summary>
    public bool EveryPath { get; init; }
    /// <summary>
    /// The answer to the n-th realpath (n counted from 0), for a tree that changes between two
    /// reads; unset, a path resolves through <see cref="RealPaths"/>, else as normpath.
    /// </summary>
    public Func<string, int, string>? RealPathOf { get; init; }
    /// <summary>How many times realpath was asked.</summary>
    public int Resolutions { get; private set; }

    /// <summary>Every path exists, is executable and is its own realpath; PATH is /usr/bin.</summary>
    public static FakeMachine Permissive() => new() { EveryPath = true, PathVariable = "/usr/bin", RealPathOf = (p, _) => p };

    public bool IsExecutable(string path) => EveryPath || Executables.Contains(path);
    public string RealPath(string path)
    {
        int n = Resolutions++;
        if (RealPathOf is not null) return RealPathOf(path, n);
        return RealPaths.TryGetValue(path, out var r) ? r : Rootwrap.Posix.PosixPath.NormPath(path);
    }
    public bool IsFile(string path) => EveryPath || Files.Contains(path) || Executables.Contains(path);
    public string? ProcExe(int pid) => Exe.GetValueOrDefault(pid);
    public string? ProcCmdlineArg0(int pid) => Cmdline.GetValueOrDefault(pid);

    public static List<string> Args(params string[] a) => a.ToList();
}
