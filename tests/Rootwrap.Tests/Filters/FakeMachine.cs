using Rootwrap.Filters;

namespace Rootwrap.Tests.Filters;

/// <summary>A machine made of dictionaries: executables, files, symlink resolutions and processes.</summary>
public sealed class FakeMachine : ISystemView
{
    public HashSet<string> Executables { get; } = new(StringComparer.Ordinal);
    public HashSet<string> Files { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, string> RealPaths { get; } = new(StringComparer.Ordinal);
    public Dictionary<int, string> Exe { get; } = new();
    public Dictionary<int, string> Cmdline { get; } = new();
    public string? PathVariable { get; set; } = "/usr/sbin:/usr/bin:/sbin:/bin";

    public bool IsExecutable(string path) => Executables.Contains(path);
    public string RealPath(string path) => RealPaths.TryGetValue(path, out var r) ? r : Rootwrap.Posix.PosixPath.NormPath(path);
    public bool IsFile(string path) => Files.Contains(path) || Executables.Contains(path);
    public string? ProcExe(int pid) => Exe.GetValueOrDefault(pid);
    public string? ProcCmdlineArg0(int pid) => Cmdline.GetValueOrDefault(pid);

    public static List<string> Args(params string[] a) => a.ToList();
}
