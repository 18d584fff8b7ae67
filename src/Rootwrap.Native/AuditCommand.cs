using Rootwrap.Audit;
using Rootwrap.Native.Linux;

namespace Rootwrap.Native;

/// <summary>
/// <c>rootwrap-audit [--format text|json|sarif] [--fail-on SEVERITY] [--suggest-capabilities] PATH...</c>:
/// SPEC section 6. Exit 0 when nothing reaches --fail-on, 1 when something does, 2 on usage
/// or unreadable input. Needs no root.
/// </summary>
public static class AuditCommand
{
    public const int RcClean = 0, RcFindings = 1, RcUsage = 2;

    private const string Usage =
        "usage: rootwrap-audit [--format text|json|sarif] [--fail-on critical|high|medium|low|info|never]\n" +
        "                      [--suggest-capabilities] PATH...\n" +
        "       rootwrap-audit explain [--format text|json] CONFIG COMMAND [ARG...]\n" +
        "PATH: a rootwrap.conf, a folder of filter files, or one filter file.";

    public static int Run(string execname, IReadOnlyList<string> args, List<byte[]> environ)
    {
        if (args.Count > 0 && args[0] == "explain")
            return ExplainCommand.Run(execname, args.Skip(1).ToList(), environ);
        string format = "text";
        Severity? failOn = Severity.Critical;
        bool suggest = false;
        var paths = new List<string>();
        for (int i = 0; i < args.Count; i++)
        {
            var a = args[i];
            string? Value(string opt)
            {
                if (a.StartsWith(opt + "=", StringComparison.Ordinal)) return a[(opt.Length + 1)..];
                if (i + 1 < args.Count) return args[++i];
                return null;
            }
            if (a == "--") { paths.AddRange(args.Skip(i + 1)); break; }
            if (a is "-h" or "--help")
            {
                Stdio.WriteLine(1, Usage);
                return RcClean;
            }
            if (a == "--version")
            {
                Stdio.WriteLine(1, "rootwrap-audit " + Reports.Version);
                return RcClean;
            }
            if (a == "--suggest-capabilities") { suggest = true; continue; }
            if (a == "--format" || a.StartsWith("--format=", StringComparison.Ordinal))
            {
                format = Value("--format") ?? "";
                if (format is not ("text" or "json" or "sarif")) return UsageError(execname, $"--format must be text, json or sarif, not '{format}'");
                continue;
            }
            if (a == "--fail-on" || a.StartsWith("--fail-on=", StringComparison.Ordinal))
            {
                var v = Value("--fail-on") ?? "";
                if (v is "never" or "none") failOn = null;
                else if (SeverityNames.TryParse(v, out var s)) failOn = s;
                else return UsageError(execname, $"--fail-on must be critical, high, medium, low, info or never, not '{v}'");
                continue;
            }
            if (a.StartsWith('-') && a.Length > 1) return UsageError(execname, $"unknown option '{a}'");
            paths.Add(a);
        }
        if (paths.Count == 0) return UsageError(execname, "no PATH given");

        AuditResult result;
        List<AuditTarget> targets;
        try
        {
            (result, targets) = AuditRun.Run(paths);
        }
        catch (AuditInputException e)
        {
            Stdio.Error($"{execname}: {e.Message}");
            return RcUsage;
        }

        if (suggest)
        {
            foreach (var t in targets)
                Out(CapabilityProfile.Render(t, CapabilityProfile.Suggest(t)));
            return RcClean;
        }

        string output = format switch
        {
            "json" => Reports.Json(result),
            "sarif" => Reports.Sarif(result, Directory.GetCurrentDirectory()),
            _ => Reports.Text(result, Terminal.IsTerminal(1) && ProcessArgs.Get(environ, "NO_COLOR") is null && ProcessArgs.Get(environ, "TERM") != "dumb"),
        };
        Out(output);
        return failOn is { } f && result.Worst is { } w && w >= f ? RcFindings : RcClean;
    }

    internal static void Out(string text)
    {
        byte[] bytes;
        try { bytes = Text.OsString.Encode(text); }
        catch (ArgumentException) { bytes = System.Text.Encoding.UTF8.GetBytes(text); }
        Stdio.Write(1, bytes);
    }

    private static int UsageError(string execname, string message)
    {
        Stdio.Error($"{execname}: {message}");
        Stdio.Error(Usage);
        return RcUsage;
    }
}
