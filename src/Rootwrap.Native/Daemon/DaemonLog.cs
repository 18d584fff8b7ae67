using Rootwrap.Config;
using Rootwrap.Matching;
using Rootwrap.Native.Linux;

namespace Rootwrap.Native.Daemon;

/// <summary>
/// The reference daemon's messages, through the one root logger (<see cref="RootLog"/>):
/// INFO for every executed command (the helper's line), WARNING for refusals.
/// </summary>
public sealed class DaemonLog(RootLog log, string login, string user)
{
    public void Executing(ExecPlan plan)
    {
        if (log.InfoEnabled)
            log.LogInfo($"({login} > {user}) Executing {plan.LogRepr()} (filter match = {plan.FilterName})");
    }

    public void Warning(string message) => log.LogWarning(message);

    public void Info(string message) => log.LogInfo(message);

    /// <summary>A message as bytes, its escaped non-UTF-8 bytes restored.</summary>
    public static byte[] Bytes(string text)
    {
        try { return Text.OsString.Encode(text); }
        catch (ArgumentException) { return System.Text.Encoding.UTF8.GetBytes(text); }
    }
}
