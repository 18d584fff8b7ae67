using Rootwrap.Config;
using Rootwrap.Filters;
using Rootwrap.Matching;
using Rootwrap.Native.Linux;
using Rootwrap.Text;
using Rootwrap.Posix;

namespace Rootwrap.Native;

/// <summary><c>rootwrap-native CONFIG COMMAND [ARG...]</c>: SPEC section 2.</summary>
public static class Helper
{
    public static int Run(string execname, IReadOnlyList<string> args, List<byte[]> environ)
    {
        if (args.Count < 2)
            return Fail(execname, new Refusal(Refusal.NoCommand, "No command specified"), null);

        var configFile = args[0];
        var userargs = args.Skip(1).ToList();
        var pathVar = ProcessArgs.Get(environ, "PATH");
        ITrustPolicy trust = ConfigSource.TrustForThisProcess();

        RootwrapConfig config;
        try
        {
            config = RootwrapConfig.LoadForCommands(ConfigSource.ConfigFor(execname, configFile), pathVar, trust);
        }
        catch (ConfigException e)
        {
            return Fail(execname, Refusal.Of(e), null);
        }

        try { Rlimits.LowerNofile(config.RlimitNofile); }
        catch (SyscallException e) { return Fail(execname, new Refusal(Refusal.BadConfig, e.Message), null); }

        var log = RootLog.Open(config, execname);

        FilterSet set;
        try
        {
            set = FilterLoader.Load(config, trust);
        }
        catch (ConfigException e)
        {
            return Fail(execname, Refusal.Of(e), null);
        }
        foreach (var w in set.Warnings) log.LogWarning(w);

        var sys = new HostSystem(pathVar);
        Decision decision;
        try
        {
            decision = Decision.Make(config, set, userargs, sys, new Users());
        }
        catch (ConfigException e)
        {
            return Fail(execname, Refusal.Of(e), null);
        }

        if (Refusal.Of(decision) is { } refused) return Fail(execname, refused, log);
        var plan = ((Decision.Run)decision).Plan;
        // The names cost NSS lookups (nsswitch.conf, /etc/passwd): only when the line is logged.
        if (log.InfoEnabled)
            log.LogInfo($"({LoginName(environ)} > {Users.NameOf(Credentials.GetUid()) ?? Credentials.GetUid().ToString()}) Executing {plan.LogRepr()} (filter match = {plan.FilterName})");

        return Fail(execname, Refusal.Exec(plan, environ, userargs), log);
    }

    private static int Fail(string execname, Refusal refusal, RootLog? log)
    {
        int rc = refusal.Report(execname);
        log?.LogError(refusal.Message);
        return rc;
    }

    /// <summary>The reference's _getlogin(): getlogin(3), else $USER, $USERNAME, $LOGNAME.</summary>
    internal static string LoginName(List<byte[]> environ)
    {
        var l = GetLogin.Name();
        return l ?? ProcessArgs.Get(environ, "USER") ?? ProcessArgs.Get(environ, "USERNAME") ?? ProcessArgs.Get(environ, "LOGNAME") ?? "None";
    }
}

internal static partial class GetLogin
{
    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "getlogin")]
    private static partial nint getlogin();

    public static string? Name()
    {
        var p = getlogin();
        return p == 0 ? null : System.Runtime.InteropServices.Marshal.PtrToStringUTF8(p);
    }
}
