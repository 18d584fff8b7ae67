namespace Rootwrap.Filters;

/// <summary>
/// <c>env A=x B=y COMMAND ...</c>: the caller may set exactly the variables the filter names
/// (any values) and run its command. Reference quirks kept: a leading <c>env</c> is removed
/// from the caller's list itself, so filters after this one see the list without it;
/// exec_path becomes the command after the variables when it contains "env"; a name given
/// twice counts once.
/// </summary>
public sealed class EnvFilter : Filter
{
    public EnvFilter(string execPath, string runAs, IReadOnlyList<string> args)
        : base("EnvFilter", execPath, runAs, args)
    {
        var envList = ExtractEnv(args);
        if (execPath.Contains("env") && envList.Count < args.Count)
            ExecPath = args[envList.Count];
    }

    /// <summary>The names of the leading NAME=VALUE arguments (a set, as the reference).</summary>
    internal static HashSet<string> ExtractEnv(IEnumerable<string> arglist)
    {
        var envs = new HashSet<string>(StringComparer.Ordinal);
        foreach (var arg in arglist)
        {
            int eq = arg.IndexOf('=');
            if (eq < 0) break;
            envs.Add(arg[..eq]);
        }
        return envs;
    }

    public IReadOnlySet<string> FilterEnvNames => ExtractEnv(Args);

    public override bool Match(List<string> userargs, ISystemView sys)
    {
        if (userargs.Count > 0 && userargs[0] == "env") userargs.RemoveAt(0);
        if (userargs.Count < Args.Count) return false;
        var userEnvs = ExtractEnv(userargs);
        var filterEnvs = ExtractEnv(Args);
        int start = Math.Min(userEnvs.Count, userargs.Count);
        var userCommand = userargs.GetRange(start, Math.Min(1, userargs.Count - start));
        return CommandMatches(userCommand) && filterEnvs.Count > 0 && userEnvs.SetEquals(filterEnvs);
    }

    public override FilterMiss? Mismatch(IReadOnlyList<string> userargs, ISystemView sys)
    {
        var args = userargs.Count > 0 && userargs[0] == "env" ? userargs.Skip(1).ToList() : userargs.ToList();
        var filterEnvs = ExtractEnv(Args);
        var userEnvs = ExtractEnv(args);
        int start = Math.Min(userEnvs.Count, args.Count);
        var userCommand = args.GetRange(start, Math.Min(1, args.Count - start));
        if (!CommandMatches(userCommand))
            return new(true, userCommand.Count == 0 ? $"is for {ExecPath}, and no command follows the variables" : $"is for {ExecPath}, not {userCommand[0]}");
        if (args.Count < Args.Count)
            return new(false, $"needs at least {Args.Count} word(s) after env, got {args.Count}");
        if (filterEnvs.Count == 0) return new(false, "names no variables, so it admits nothing");
        if (!userEnvs.SetEquals(filterEnvs))
        {
            var missing = filterEnvs.Except(userEnvs).Order(StringComparer.Ordinal).ToList();
            var extra = userEnvs.Except(filterEnvs).Order(StringComparer.Ordinal).ToList();
            var parts = new List<string>();
            if (missing.Count > 0) parts.Add($"{string.Join(", ", missing)} not set");
            if (extra.Count > 0) parts.Add($"{string.Join(", ", extra)} not admitted");
            return new(false, $"sets exactly {string.Join(", ", filterEnvs.Order(StringComparer.Ordinal))}: {string.Join("; ", parts)}");
        }
        return null;
    }

    private static List<string> StripEnv(List<string> userargs)
    {
        var args = new List<string>(userargs);
        if (args.Count > 0 && args[0] == "env") args.RemoveAt(0);
        while (args.Count > 0 && args[0].Contains('=')) args.RemoveAt(0);
        return args;
    }

    public override List<string> GetCommand(List<string> userargs, string exec, ISystemView sys)
    {
        var args = StripEnv(userargs);
        var cmd = new List<string>(args.Count) { exec };
        for (int i = 1; i < args.Count; i++) cmd.Add(args[i]);
        return cmd;
    }

    public override List<KeyValuePair<string, string>>? GetEnvironment(List<string> userargs)
    {
        if (userargs.Count > 0 && userargs[0] == "env") userargs.RemoveAt(0);
        var set = new List<KeyValuePair<string, string>>();
        foreach (var a in userargs)
        {
            int eq = a.IndexOf('=');
            if (eq < 0) break;
            string name = a[..eq], value = a[(eq + 1)..];
            // The reference sets only non-empty names with non-empty values.
            if (name.Length > 0 && value.Length > 0) set.Add(new(name, value));
        }
        return set;
    }
}
