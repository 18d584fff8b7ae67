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

    public override FilterMiss? Mismatch(IReadOnlyList<string> userargs, ISystemView sys)
    {
        if (userargs.Count == 0) return CommandMiss(userargs);
        if (Args.Count == 0) return new(true, "has no patterns, so it admits nothing");
        // The first pattern is the command (the reference never compares exec_path).
        if (!_patterns[0].FullMatch(userargs[0]))
            return new(true, $"command {Q(userargs[0])} does not match pattern {Q(Args[0])}");
        if (Args.Count != userargs.Count)
            return new(false, $"takes {Args.Count - 1} argument(s) after the command, got {userargs.Count - 1}");
        for (int i = 1; i < Args.Count; i++)
            if (!_patterns[i].FullMatch(userargs[i]))
                return new(false, $"argument {i} {Q(userargs[i])} does not match pattern {Q(Args[i])}{PatternList.Invalid(_patterns[i])}");
        return null;
    }
}
