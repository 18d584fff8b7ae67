namespace Rootwrap.Filters;

/// <summary>
/// Patterns for a prefix of the command (for example <c>nice</c>, <c>-n</c>, <c>-?\d+</c>); the
/// rest must match a non-chaining filter of the same user, with its first word reduced
/// to a basename for that match (the reference's rule; the full word is what runs).
/// </summary>
public sealed class ChainingRegExpFilter(string execPath, string runAs, IReadOnlyList<string> args)
    : Filter("ChainingRegExpFilter", execPath, runAs, args)
{
    private readonly PatternList _patterns = new(args);

    public override bool IsChaining => true;

    public override bool Match(List<string> userargs, ISystemView sys)
    {
        if (userargs.Count == 0 || Args.Count > userargs.Count) return false;
        return _patterns.MatchesPrefix(userargs);
    }

    public override FilterMiss? Mismatch(IReadOnlyList<string> userargs, ISystemView sys)
    {
        if (userargs.Count == 0) return CommandMiss(userargs);
        if (Args.Count == 0) return null;
        if (!_patterns[0].FullMatch(userargs[0]))
            return new(true, $"command {Q(userargs[0])} does not match pattern {Q(Args[0])}");
        if (Args.Count > userargs.Count)
            return new(false, $"takes {Args.Count - 1} argument(s) before the command it runs, got {userargs.Count - 1}");
        for (int i = 1; i < Args.Count; i++)
            if (!_patterns[i].FullMatch(userargs[i]))
                return new(false, $"argument {i} {Q(userargs[i])} does not match pattern {Q(Args[i])}{PatternList.Invalid(_patterns[i])}");
        return null;
    }

    public override List<string> ExecArgs(List<string> userargs)
    {
        var args = userargs.GetRange(Args.Count, userargs.Count - Args.Count);
        if (args.Count > 0) args[0] = Posix.PosixPath.BaseName(args[0]);
        return args;
    }
}
