namespace Rootwrap.Filters;

/// <summary>
/// <c>ip</c> with anything except <c>ip netns exec</c> (and its abbreviations). As the
/// reference: the first word must be literally <c>ip</c>; exec_path is only what runs.
/// </summary>
public sealed class IpFilter(string execPath, string runAs, IReadOnlyList<string> args)
    : Filter("IpFilter", execPath, runAs, args)
{
    internal static readonly string[] NetnsVars = ["net", "netn", "netns"];
    internal static readonly string[] ExecVars = ["e", "ex", "exe", "exec"];

    public override bool Match(List<string> userargs, ISystemView sys)
    {
        // The reference indexes userargs[0] unguarded; an empty list (only reachable after
        // an EnvFilter removed a lone "env") is simply no match here.
        if (userargs.Count == 0 || userargs[0] != "ip") return false;
        for (int i = 1; i + 1 < userargs.Count; i++)
            if (Array.IndexOf(NetnsVars, userargs[i]) >= 0)
                return Array.IndexOf(ExecVars, userargs[i + 1]) < 0;
        return true;
    }

    public override FilterMiss? Mismatch(IReadOnlyList<string> userargs, ISystemView sys)
    {
        if (userargs.Count == 0 || userargs[0] != "ip") return new(true, userargs.Count == 0 ? "no command given" : $"is for ip, not {userargs[0]}");
        for (int i = 1; i + 1 < userargs.Count; i++)
            if (Array.IndexOf(NetnsVars, userargs[i]) >= 0)
                return Array.IndexOf(ExecVars, userargs[i + 1]) < 0 ? null
                    : new(false, $"refuses '{userargs[i]} {userargs[i + 1]}' (ip netns exec runs another command: IpNetnsExecFilter's)");
        return null;
    }
}
