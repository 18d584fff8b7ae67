namespace Rootwrap.Filters;

/// <summary><c>ip netns exec NS COMMAND...</c> as root; COMMAND must match another filter.</summary>
public sealed class IpNetnsExecFilter(string execPath, string runAs, IReadOnlyList<string> args)
    : Filter("IpNetnsExecFilter", execPath, runAs, args)
{
    public override bool IsChaining => true;

    /// <summary>
    /// A name of a file directly under /run/netns: not empty, no '/', not "." or "..".
    /// The decision refuses any other for [Namespaces], and the launcher checks again.
    /// </summary>
    public static bool IsNamespaceName(string name) =>
        name.Length > 0 && !name.Contains('/') && name is not ("." or "..");

    public override bool Match(List<string> userargs, ISystemView sys)
    {
        if (RunAs != "root" || userargs.Count < 4) return false;
        return userargs[0] == "ip"
            && Array.IndexOf(IpFilter.NetnsVars, userargs[1]) >= 0
            && Array.IndexOf(IpFilter.ExecVars, userargs[2]) >= 0;
    }

    public override FilterMiss? Mismatch(IReadOnlyList<string> userargs, ISystemView sys)
    {
        if (userargs.Count == 0 || userargs[0] != "ip") return new(true, userargs.Count == 0 ? "no command given" : $"is for ip, not {userargs[0]}");
        if (RunAs != "root") return new(false, $"runs as {RunAs}: the reference admits ip netns exec only as root");
        if (userargs.Count < 4 || Array.IndexOf(IpFilter.NetnsVars, userargs[1]) < 0 || Array.IndexOf(IpFilter.ExecVars, userargs[2]) < 0)
            return new(false, "is for ip netns exec NAMESPACE COMMAND...");
        return null;
    }

    public override List<string> ExecArgs(List<string> userargs)
    {
        var args = userargs.GetRange(4, userargs.Count - 4);
        if (args.Count > 0) args[0] = Posix.PosixPath.BaseName(args[0]);
        return args;
    }
}
