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
    "rootwrap-native-daemon" => NotBuilt(execname),
    "rootwrap-audit" => AuditCommand.Run(execname, rest, ProcessArgs.RawEnviron()),
    _ => Helper.Run(execname, rest, ProcessArgs.RawEnviron()),
};

static int NotBuilt(string name)
{
    Rootwrap.Native.Linux.Stdio.Error($"{name}: this entry point is not part of this build yet");
    return 2;
}
