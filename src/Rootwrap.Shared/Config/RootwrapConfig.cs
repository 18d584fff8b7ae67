using Rootwrap.Capabilities;
using Rootwrap.Ini;

namespace Rootwrap.Config;

public enum UndeclaredCapabilities { Bound, None, Deny }

/// <summary>
/// rootwrap.conf's [DEFAULT] section, validated: the reference's keys with its defaults
/// and the same errors, plus the capability keys (SPEC section 3).
/// </summary>
public sealed record RootwrapConfig
{
    public required string File { get; init; }
    public required IReadOnlyList<string> FiltersPath { get; init; }
    public required IReadOnlyList<string> ExecDirs { get; init; }
    /// <summary>True when exec_dirs comes from the file, false when it is the PATH entries.</summary>
    public bool ExecDirsConfigured { get; init; }
    public bool UseSyslog { get; init; }
    /// <summary>Syslog facility number (LOG_SYSLOG = 5 by default), not yet shifted.</summary>
    public int SyslogFacility { get; init; } = 5;
    /// <summary>Python logging level (ERROR = 40 by default).</summary>
    public int SyslogLevel { get; init; } = 40;
    public int DaemonTimeout { get; init; } = 600;
    public int RlimitNofile { get; init; } = 1024;

    public IReadOnlyList<string> CapabilityProfiles { get; init; } = [];
    public CapabilitySet? CapabilityBound { get; init; }
    public UndeclaredCapabilities Undeclared { get; init; } = UndeclaredCapabilities.Bound;
    public string? CapabilityUser { get; init; }
    /// <summary>Where capability_user is set, for messages about that user.</summary>
    public int CapabilityUserLine { get; init; }

    public static readonly Dictionary<string, int> FacilityNames = new(StringComparer.Ordinal)
    {
        ["auth"] = 4, ["authpriv"] = 10, ["console"] = 14, ["cron"] = 9, ["daemon"] = 3, ["ftp"] = 11,
        ["kern"] = 0, ["lpr"] = 6, ["mail"] = 2, ["news"] = 7, ["ntp"] = 12, ["security"] = 13,
        ["solaris-cron"] = 15, ["syslog"] = 5, ["user"] = 1, ["uucp"] = 8,
        ["local0"] = 16, ["local1"] = 17, ["local2"] = 18, ["local3"] = 19,
        ["local4"] = 20, ["local5"] = 21, ["local6"] = 22, ["local7"] = 23,
        // SysLogHandler's class attributes, which the reference also accepts.
        ["LOG_EMERG"] = 0, ["LOG_ALERT"] = 1, ["LOG_CRIT"] = 2, ["LOG_ERR"] = 3, ["LOG_WARNING"] = 4,
        ["LOG_NOTICE"] = 5, ["LOG_INFO"] = 6, ["LOG_DEBUG"] = 7,
        ["LOG_KERN"] = 0, ["LOG_USER"] = 1, ["LOG_MAIL"] = 2, ["LOG_DAEMON"] = 3, ["LOG_AUTH"] = 4,
        ["LOG_SYSLOG"] = 5, ["LOG_LPR"] = 6, ["LOG_NEWS"] = 7, ["LOG_UUCP"] = 8, ["LOG_CRON"] = 9,
        ["LOG_AUTHPRIV"] = 10, ["LOG_FTP"] = 11, ["LOG_NTP"] = 12, ["LOG_SECURITY"] = 13,
        ["LOG_CONSOLE"] = 14, ["LOG_SOLCRON"] = 15, ["LOG_LOCAL0"] = 16, ["LOG_LOCAL1"] = 17,
        ["LOG_LOCAL2"] = 18, ["LOG_LOCAL3"] = 19, ["LOG_LOCAL4"] = 20, ["LOG_LOCAL5"] = 21,
        ["LOG_LOCAL6"] = 22, ["LOG_LOCAL7"] = 23,
    };

    public static readonly Dictionary<string, int> LevelNames = new(StringComparer.Ordinal)
    {
        ["CRITICAL"] = 50, ["FATAL"] = 50, ["ERROR"] = 40, ["WARN"] = 30, ["WARNING"] = 30,
        ["INFO"] = 20, ["DEBUG"] = 10, ["NOTSET"] = 0,
    };

    /// <summary>The value of undeclared_capabilities, or null for one the helper refuses.</summary>
    public static UndeclaredCapabilities? ParseUndeclared(string value) => value.Trim().ToLowerInvariant() switch
    {
        "bound" => UndeclaredCapabilities.Bound,
        "none" => UndeclaredCapabilities.None,
        "deny" => UndeclaredCapabilities.Deny,
        _ => null,
    };

    /// <summary>Loads CONFIG. <paramref name="pathVariable"/> is the helper's PATH, the default exec_dirs.</summary>
    public static RootwrapConfig Load(string file, string? pathVariable) => Load(file, pathVariable, TrustAnything.Instance);

    /// <summary>As <see cref="Load(string, string?)"/>, CONFIG's owner and mode checked by <paramref name="trust"/> before it is parsed.</summary>
    public static RootwrapConfig Load(string file, string? pathVariable, ITrustPolicy trust)
    {
        IniDocument doc;
        try { doc = IniDocument.Load(file, strict: true, opened => trust.CheckFile(file, opened)); }
        catch (IniException e)
        {
            throw new ConfigException($"Incorrect configuration file: {e.Message}", file, e.Line);
        }
        return FromIni(doc, pathVariable);
    }

    public static RootwrapConfig FromIni(IniDocument doc, string? pathVariable)
    {
        var file = doc.File;
        var d = doc.Defaults;
        var fp = d["filters_path"]
            ?? throw new ConfigException("Incorrect configuration file: no filters_path in [DEFAULT]", file);

        IReadOnlyList<string> execDirs = d["exec_dirs"] is { } ed
            ? ed.Value.Split(',')
            : pathVariable is null ? [] : pathVariable.Split(':');

        int facility = 5;
        if (d["syslog_log_facility"] is { } fac)
        {
            if (!FacilityNames.TryGetValue(fac.Value, out facility))
                throw Bad(fac, $"Unexpected syslog_log_facility: {fac.Value}");
        }
        int level = 40;
        if (d["syslog_log_level"] is { } lvl)
        {
            if (!LevelNames.TryGetValue(lvl.Value.ToUpperInvariant(), out level))
                throw Bad(lvl, $"Unexpected syslog_log_level: '{lvl.Value}'");
        }
        bool useSyslog = false;
        if (d["use_syslog"] is { } us)
        {
            useSyslog = us.Value.ToLowerInvariant() switch
            {
                "1" or "yes" or "true" or "on" => true,
                "0" or "no" or "false" or "off" => false,
                _ => throw Bad(us, $"Not a boolean: {us.Value}"),
            };
        }
        int daemonTimeout = d["daemon_timeout"] is { } dt ? Int(dt) : 600;
        int rlimit = d["rlimit_nofile"] is { } rl ? Int(rl) : 1024;

        var profiles = d["capability_profiles"] is { } cp
            ? cp.Value.Split(',').Select(s => s.Trim()).Where(s => s.Length > 0).ToArray()
            : [];
        // Like a relative exec dir, a relative profile would depend on the caller's working directory.
        if (profiles.FirstOrDefault(p => !p.StartsWith('/')) is { } rel)
            throw Bad(d["capability_profiles"]!, $"capability_profiles must be absolute paths, not '{rel}'");
        CapabilitySet? bound = null;
        if (d["capability_bound"] is { } cb)
        {
            if (!CapabilitySet.TryParse(cb.Value, out var b, out var bad))
                throw Bad(cb, $"unknown capability '{bad}' in capability_bound");
            bound = b;
        }
        var undeclared = UndeclaredCapabilities.Bound;
        if (d["undeclared_capabilities"] is { } uc)
        {
            undeclared = ParseUndeclared(uc.Value)
                ?? throw Bad(uc, $"undeclared_capabilities must be bound, none or deny, not '{uc.Value}'");
        }
        string? capUser = d["capability_user"] is { } cu && cu.Value.Trim().Length > 0 ? cu.Value.Trim() : null;
        int capUserLine = d["capability_user"]?.Line ?? 0;

        return new RootwrapConfig
        {
            File = file,
            FiltersPath = fp.Value.Split(','),
            ExecDirs = execDirs,
            ExecDirsConfigured = d["exec_dirs"] is not null,
            UseSyslog = useSyslog,
            SyslogFacility = facility,
            SyslogLevel = level,
            DaemonTimeout = daemonTimeout,
            RlimitNofile = rlimit,
            CapabilityProfiles = profiles,
            CapabilityBound = bound,
            Undeclared = undeclared,
            CapabilityUser = capUser,
            CapabilityUserLine = capUserLine,
        };

        ConfigException Bad(IniEntry e, string msg) => new($"Incorrect value: {msg}", file, e.Line);
        int Int(IniEntry e) => Filters.PyInt.TryParse(e.Value, out var v) && v >= int.MinValue && v <= int.MaxValue
            ? (int)v
            : throw Bad(e, $"invalid literal for int() with base 10: '{e.Value}'");
    }

    /// <summary>
    /// CONFIG as a call runs it (the helper, the daemon, <c>rootwrap-audit explain</c>): read
    /// with <paramref name="trust"/>, then the folders a command may come from checked by H5.
    /// A relative exec dir means "wherever the caller's working directory is": one written
    /// in CONFIG is refused when the trust is root's; relative PATH entries are just not
    /// searched. Each folder must pass the trust, and one that doesn't exist yet must not be
    /// creatable by the caller (Debian's /etc/neutron/kill_scripts, in a folder the service
    /// owns). Throws <see cref="ConfigException"/>.
    /// </summary>
    /// <summary>The exec dirs a command is looked for in: the absolute ones (a relative one is never searched).</summary>
    public static IEnumerable<string> Searched(IEnumerable<string> execDirs) => execDirs.Where(d => d.StartsWith('/'));

    public static RootwrapConfig LoadForCommands(string file, string? pathVariable, ITrustPolicy trust)
    {
        var config = Load(file, pathVariable, trust);
        if (trust is not TrustAnything && config.ExecDirsConfigured && config.ExecDirs.FirstOrDefault(d => !d.StartsWith('/')) is { } rel)
            throw new ConfigException($"untrusted exec_dirs entry '{rel}': a relative folder depends on the caller's working directory", file);
        config = config with { ExecDirs = Searched(config.ExecDirs).ToArray() };
        foreach (var d in config.ExecDirs)
        {
            if (Posix.PosixPath.Stat(d) is { IsDirectory: true } st) trust.CheckDirectory(d, st);
            else trust.CheckAbsent(d);
        }
        return config;
    }
}
