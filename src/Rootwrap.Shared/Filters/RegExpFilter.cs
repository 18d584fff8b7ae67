namespace Rootwrap.Filters;

/// <summary>
/// One pattern per argument, the command included, and exactly as many arguments as
/// patterns. Note the reference never compares exec_path with the command: only the
/// first pattern does. H1: each pattern must match the whole argument.
/// </summary>
public sealed class RegExpFilter(string execPath, string runAs, IReadOnlyList<string> args)
    : Filter("RegExpFilter", execPath, runAs, args)
{
    private readonly PatternList _patterns = new(args);

    public override bool Match(List<string> userargs, ISystemView sys)
    {
        if (userargs.Count == 0 || Args.Count != userargs.Count) return false;
        return _patterns.MatchesPrefix(userargs);
    }
}
