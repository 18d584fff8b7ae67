using Rootwrap.Config;
using Rootwrap.Matching;
using Rootwrap.Native.Linux;

namespace Rootwrap.Native.Daemon;

/// <summary>
/// The reference daemon's logging: with use_syslog, INFO for every executed command (the
/// helper's line) and WARNING for refusals; without it, nothing (its stderr is closed once
/// the client has read the handshake). Thread-safe: one datagram per line.
/// </summary>
public sealed class DaemonLog(RootwrapConfig config, Syslog? syslog, string login, string user)
{
    public void Executing(ExecPlan plan)
    {
        if (syslog is not null && config.SyslogLevel <= 20)
            syslog.Log(6, $"({login} > {user}) Executing {plan.LogRepr()} (filter match = {plan.FilterName})");
    }

    public void Warning(string message)
    {
        if (syslog is not null && config.SyslogLevel <= 30) syslog.Log(4, message);
    }

    public void Info(string message)
    {
        if (syslog is not null && config.SyslogLevel <= 20) syslog.Log(6, message);
    }

    /// <summary>A message as bytes, its escaped non-UTF-8 bytes restored.</summary>
    public static byte[] Bytes(string text)
    {
        try { return Text.OsString.Encode(text); }
        catch (ArgumentException) { return System.Text.Encoding.UTF8.GetBytes(text); }
    }
}
