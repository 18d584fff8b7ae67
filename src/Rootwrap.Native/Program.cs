using System.Diagnostics.CodeAnalysis;
using Rootwrap.Native;
using Rootwrap.Text;

// One program, several entry points, chosen by the name it is called by. Each installed
// binary holds only its own (EntryPoints below): the helper, started once per command,
// carries neither the daemon nor the auditor.
var raw = ProcessArgs.RawArgv();
var all = raw.Select(b => OsString.Decode(b)).ToList();
var execname = all.Count > 0 ? all[0] : "rootwrap-native";
var rest = all.Skip(1).ToList();
var basename = execname[(execname.LastIndexOf('/') + 1)..];

// A service's own daemon name (neutron-rootwrap-daemon, as its package installs it) is the
// daemon's, as every other service name is the helper's.
var daemonName = basename == "rootwrap-native-daemon" || basename.EndsWith("-rootwrap-daemon", StringComparison.Ordinal);

return basename switch
{
    _ when daemonName => EntryPoints.Daemon
        ? Rootwrap.Native.Daemon.DaemonHost.Run(execname, rest, ProcessArgs.RawEnviron())
        : EntryPoints.Missing(basename),
    // Internal: the daemon's pre-started launcher (it refuses anyone but its daemon).
    Rootwrap.Native.Daemon.LauncherPool.ProgramName => EntryPoints.Daemon
        ? Rootwrap.Native.Daemon.LauncherEntry.Run(rest, ProcessArgs.RawEnviron())
        : EntryPoints.Missing(basename),
#if ROOTWRAP_AUDIT
    "rootwrap-audit" => EntryPoints.Audit
        ? AuditCommand.Run(execname, rest, ProcessArgs.RawEnviron())
        : EntryPoints.Missing(basename),
#else
    "rootwrap-audit" => EntryPoints.Missing(basename),
#endif
    // Any other name is the helper's: distributions install it as nova-rootwrap and the like.
    _ => EntryPoints.Helper
        ? Helper.Run(execname, rest, ProcessArgs.RawEnviron())
        : EntryPoints.Missing(basename),
};

/// <summary>
/// The entry points this build holds. Each is a feature switch that the NativeAOT compiler
/// folds to a constant (property <c>RootwrapEntries</c> of Rootwrap.Native.csproj), so an
/// absent entry point's code is not in the binary at all.
/// </summary>
internal static class EntryPoints
{
    [FeatureSwitchDefinition("Rootwrap.Native.Entry.Helper")]
    internal static bool Helper => Enabled("Rootwrap.Native.Entry.Helper");

    [FeatureSwitchDefinition("Rootwrap.Native.Entry.Daemon")]
    internal static bool Daemon => Enabled("Rootwrap.Native.Entry.Daemon");

    [FeatureSwitchDefinition("Rootwrap.Native.Entry.Audit")]
    internal static bool Audit => Enabled("Rootwrap.Native.Entry.Audit");

    private static bool Enabled(string name) => !AppContext.TryGetSwitch(name, out bool on) || on;

    /// <summary>Called by the name of an entry point this binary does not hold: nothing runs (97).</summary>
    internal static int Missing(string basename)
    {
        var held = Helper ? "rootwrap-native (the helper)" : Daemon ? "rootwrap-native-daemon" : "rootwrap-audit";
        var wanted = basename switch
        {
            "rootwrap-native-daemon" or Rootwrap.Native.Daemon.LauncherPool.ProgramName => "rootwrap-native-daemon",
            _ when basename.EndsWith("-rootwrap-daemon", StringComparison.Ordinal) => "rootwrap-native-daemon",
            "rootwrap-audit" => "rootwrap-audit",
            _ => "the helper (rootwrap-native)",
        };
        Rootwrap.Native.Linux.Stdio.Error($"{basename}: this binary is {held} only, not {wanted}; nothing was executed");
        return 97;
    }
}
