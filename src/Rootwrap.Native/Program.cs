using Rootwrap.Native;
using Rootwrap.Text;

// One binary, several entry points, chosen by the name it is called by.
var raw = ProcessArgs.RawArgv();
var all = raw.Select(b => OsString.Decode(b)).ToList();
var execname = all.Count > 0 ? all[0] : "rootwrap-native";
var rest = all.Skip(1).ToList();
var basename = execname[(execname.LastIndexOf('/') + 1)..];

return basename switch
{
    "rootwrap-native-daemon" => Rootwrap.Native.Daemon.DaemonHost.Run(execname, rest, ProcessArgs.RawEnviron()),
    // Internal: the daemon's pre-started launcher (it refuses anyone but its daemon).
    Rootwrap.Native.Daemon.LauncherPool.ProgramName => Rootwrap.Native.Daemon.LauncherEntry.Run(rest, ProcessArgs.RawEnviron()),
    "rootwrap-audit" => AuditCommand.Run(execname, rest, ProcessArgs.RawEnviron()),
    _ => Helper.Run(execname, rest, ProcessArgs.RawEnviron()),
};
