namespace Rootwrap.Filters;

/// <summary>Exactly <c>cat FILE</c> for one configured file, run as root with /bin/cat.</summary>
public sealed class ReadFileFilter(string filePath, IReadOnlyList<string> args)
    : Filter("ReadFileFilter", "/bin/cat", "root", args)
{
    public string FilePath { get; } = filePath;

    public override bool Match(List<string> userargs, ISystemView sys) =>
        userargs.Count == 2 && userargs[0] == "cat" && userargs[1] == FilePath;

    public override FilterMiss? Mismatch(IReadOnlyList<string> userargs, ISystemView sys)
    {
        if (userargs.Count == 0 || userargs[0] != "cat") return new(true, userargs.Count == 0 ? "no command given" : $"is for cat, not {userargs[0]}");
        if (userargs.Count != 2) return new(false, $"takes one file ({FilePath}), got {userargs.Count - 1} argument(s)");
        return userargs[1] == FilePath ? null : new(false, $"reads only {FilePath}, not {Q(userargs[1])}");
    }
}
