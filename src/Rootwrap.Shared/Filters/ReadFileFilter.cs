namespace Rootwrap.Filters;

/// <summary>Exactly <c>cat FILE</c> for one configured file, run as root with /bin/cat.</summary>
public sealed class ReadFileFilter(string filePath, IReadOnlyList<string> args)
    : Filter("ReadFileFilter", "/bin/cat", "root", args)
{
    public string FilePath { get; } = filePath;

    public override bool Match(List<string> userargs, ISystemView sys) =>
        userargs.Count == 2 && userargs[0] == "cat" && userargs[1] == FilePath;
}
