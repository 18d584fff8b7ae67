namespace Rootwrap.Filters;

/// <summary>Matches on the command alone: any arguments pass. The reference's broadest filter.</summary>
public sealed class CommandFilter(string execPath, string runAs, IReadOnlyList<string> args)
    : Filter("CommandFilter", execPath, runAs, args)
{
    public override bool Match(List<string> userargs, ISystemView sys) => CommandMatches(userargs);

    public override FilterMiss? Mismatch(IReadOnlyList<string> userargs, ISystemView sys) =>
        CommandMatches(userargs) ? null : CommandMiss(userargs);
}
