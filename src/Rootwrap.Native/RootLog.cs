using Rootwrap.Config;
using Rootwrap.Native.Linux;

namespace Rootwrap.Native;

/// <summary>
/// Python logging's root logger as the reference configures it, for the helper and the
/// daemon alike. With <c>use_syslog</c>, <c>setup_syslog</c> gives the root logger a
/// SysLogHandler at <c>syslog_log_level</c>: a message below that level is dropped, one at or
/// above it goes to syslog, and none goes to stderr, also when /dev/log is missing (Python
/// 3.11's handler opens without it and fails at each message, printing "--- Logging
/// error ---"; we say once that syslog is unavailable instead, docs/compatibility.md).
/// Without <c>use_syslog</c> the root logger has no handler: <c>logging.warning()</c> prints
/// "WARNING:root:..." on stderr (basicConfig), and errors and infos are not logged (the
/// reference logs them only with use_syslog). The daemon's stderr is /dev/null once the
/// client has read the handshake, as the reference closes it. Thread-safe: one datagram a
/// message.
/// </summary>
public sealed class RootLog
{
    private const int Error = 40, Warning = 30, Info = 20;
    private readonly RootwrapConfig _config;
    private readonly Syslog? _syslog;

    private RootLog(RootwrapConfig config, Syslog? syslog) { _config = config; _syslog = syslog; }

    /// <summary>The logger CONFIG asks for; with use_syslog, /dev/log opened under the program's name.</summary>
    public static RootLog Open(RootwrapConfig config, string execname)
    {
        Syslog? syslog = null;
        if (config.UseSyslog)
        {
            syslog = Syslog.Open(execname[(execname.LastIndexOf('/') + 1)..], config.SyslogFacility);
            if (syslog is null)
                Stdio.Error("WARNING:root:Unable to setup syslog, maybe /dev/log socket needs to be restarted. Ignoring syslog configuration options.");
        }
        return new RootLog(config, syslog);
    }

    /// <summary>An INFO message would be written: the caller may skip building it (NSS lookups for the names).</summary>
    public bool InfoEnabled => _syslog is not null && _config.SyslogLevel <= Info;

    public void LogInfo(string message) { if (InfoEnabled) _syslog!.Log(6, message); }

    public void LogError(string message) { if (_syslog is not null && _config.SyslogLevel <= Error) _syslog.Log(3, message); }

    public void LogWarning(string message)
    {
        if (!_config.UseSyslog) Stdio.Error($"WARNING:root:{message}");
        else if (_syslog is not null && _config.SyslogLevel <= Warning) _syslog.Log(4, message);
    }
}
