namespace Rootwrap.Filters;

/// <summary>
/// The reference's abstract base of chaining filters, usable on its own: it matches like a
/// CommandFilter but chains nothing (exec_args is empty), so the matcher always skips it.
/// </summary>
public sealed class ChainingFilter(string execPath, string runAs, IReadOnlyList<string> args)
    : Filter("ChainingFilter", execPath, runAs, args)
{
    public override bool IsChaining => true;
    public override bool Match(List<string> userargs, ISystemView sys) => CommandMatches(userargs);

    public override FilterMiss? Mismatch(IReadOnlyList<string> userargs, ISystemView sys) =>
        CommandMatches(userargs) ? null : CommandMiss(userargs);
}
