using Rootwrap.Config;
using Rootwrap.Filters;
using Rootwrap.Matching;
using Rootwrap.Native.Linux;

namespace Rootwrap.Native;

/// <summary>
/// <c>rootwrap-audit explain [--format text|json] CONFIG COMMAND [ARG...]</c>: what the helper
/// would do with this call and why, without running or signalling anything and without root.
/// The helper's own reading (RootwrapConfig.LoadForCommands, FilterLoader.Load) and decision (Decision.Make).
/// Exit 0 when the helper would run the command, else the helper's code (99, 98, 97, 96); 2 on usage.
/// </summary>
public static class ExplainCommand
{
    private const string Usage =
        "usage: rootwrap-audit explain [--format text|json] CONFIG COMMAND [ARG...]\n" +
        "Says which filter admits COMMAND and the plan the helper would apply, or why none does; runs nothing.";

    public static int Run(string execname, IReadOnlyList<string> args, List<byte[]> environ)
    {
        string format = "text";
        int i = 0;
        for (; i < args.Count; i++)
        {
            var a = args[i];
            if (a == "--") { i++; break; }
            if (a is "-h" or "--help") { Stdio.WriteLine(1, Usage); return AuditCommand.RcClean; }
            if (a == "--format" || a.StartsWith("--format=", StringComparison.Ordinal))
            {
                format = a.Length > "--format".Length ? a["--format=".Length..] : i + 1 < args.Count ? args[++i] : "";
                if (format is not ("text" or "json")) return UsageError(execname, $"--format must be text or json, not '{format}'");
                continue;
            }
            if (a.StartsWith('-') && a.Length > 1) return UsageError(execname, $"unknown option '{a}'");
            break;
        }
        if (i >= args.Count) return UsageError(execname, "no CONFIG given");
        var configFile = args[i];
        var command = args.Skip(i + 1).ToList();

        var e = Explain(configFile, command, ProcessArgs.Get(environ, "PATH"));
        AuditCommand.Out(format == "json" ? e.ToJson() : e.ToText());
        return e.ExitCode;
    }

    /// <summary>
    /// As root, H5 is enforced as the helper enforces it. Otherwise it is checked read-only
    /// (<see cref="ReportingTrust"/>): the first thing root would refuse is the answer (97),
    /// with what the decision would be once it is fixed.
    /// </summary>
    internal static Explanation Explain(string configFile, List<string> command, string? pathVar)
    {
        var notes = new List<string>();
        bool root = Credentials.GetEuid() == 0;
        ITrustPolicy trust = root ? ConfigSource.TrustForThisProcess() : new ReportingTrust();
        notes.Add(root
            ? "running as root: file ownership (H5) enforced as the helper does"
            : "not running as root: file ownership (H5) checked read-only, not enforced; the helper runs as root and enforces it");
        if (command.Count == 0)
            return new Explanation { ExitCode = Explanation.Codes.NoCommand, Command = command, Message = "No command specified", Notes = notes };

        Explanation e;
        try
        {
            var config = RootwrapConfig.LoadForCommands(configFile, pathVar, trust);
            var set = FilterLoader.Load(config, trust);
            foreach (var w in set.Warnings) notes.Add("the helper warns: " + w);
            e = Explanation.Explain(config, set, command, new HostSystem(pathVar), new Users(), notes);
        }
        catch (ConfigException ce)
        {
            e = Explanation.ConfigError(command, ce, notes);
        }
        if (trust is ReportingTrust { Findings.Count: > 0 } r)
        {
            var more = new List<string>(e.Notes);
            foreach (var f in r.Findings.Skip(1)) more.Add("as root, also: " + f.Describe());
            if (e.ExitCode != Explanation.Codes.BadConfig)
                more.Add($"once ownership is fixed: {e.Outcome} (exit {e.ExitCode})" + (e.Message is null ? "" : $": {e.Message}"));
            e = e with { ExitCode = Explanation.Codes.BadConfig, Message = r.Findings[0].Describe(), Notes = more };
        }
        return e;
    }

    private static int UsageError(string execname, string message)
    {
        Stdio.Error($"{execname}: {message}");
        Stdio.Error(Usage);
        return AuditCommand.RcUsage;
    }
}
