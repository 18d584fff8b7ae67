using Rootwrap.Posix;

namespace Rootwrap.Filters;

/// <summary>
/// <c>kill [-SIG] PID</c> where PID's executable is the configured one (absolute, or a
/// basename found in a PATH directory) and the signal, if any, is in the list. Runs
/// /bin/kill. The executable is read from /proc; see the launcher for the race (H4).
/// </summary>
public sealed class KillFilter(string runAs, IReadOnlyList<string> args)
    : Filter("KillFilter", "/bin/kill", runAs, args)
{
    public override bool Match(List<string> userargs, ISystemView sys)
    {
        if (userargs.Count == 0 || userargs[0] != "kill") return false;
        // The reference's constructor needs run_as; the target is args[0]. A KillFilter with
        // no target raises IndexError in the reference on a matching call; here it refuses.
        if (Args.Count == 0) return false;
        string pidArg;
        if (userargs.Count == 3)
        {
            var signal = userargs[1];
            bool allowed = false;
            for (int i = 1; i < Args.Count; i++) if (Args[i] == signal) { allowed = true; break; }
            if (!allowed) return false;
            pidArg = userargs[2];
        }
        else
        {
            if (userargs.Count != 2) return false;
            if (Args.Count > 1) return false;
            pidArg = userargs[1];
        }
        var command = ProgramOf(pidArg, sys);
        if (string.IsNullOrEmpty(command)) return false;
        var killCommand = Args[0];
        if (PosixPath.IsAbs(killCommand)) return killCommand == command;
        return PosixPath.IsAbs(command)
            && killCommand == PosixPath.BaseName(command)
            && (sys.PathVariable ?? "").Split(':').Contains(PosixPath.DirName(command));
    }

    /// <summary>The reference's <c>_program(pid)</c>: /proc/PID/exe, cleaned, or argv[0] when the file was replaced.</summary>
    public static string? ProgramOf(string pidArg, ISystemView sys)
    {
        if (!PyInt.TryParse(pidArg, out var pid) || pid < int.MinValue || pid > int.MaxValue) return null;
        var command = sys.ProcExe((int)pid);
        if (command is null) return null;
        int nul = command.IndexOf('\0');
        if (nul >= 0) command = command[..nul];
        const string deleted = " (deleted)";
        if (command.EndsWith(deleted, StringComparison.Ordinal)) command = command[..^deleted.Length];
        if (sys.IsFile(command)) return command;
        var cmdline = sys.ProcCmdlineArg0((int)pid);
        if (cmdline is null) return null;
        var resolved = Which(cmdline, sys);
        if (resolved is not null && sys.IsFile(resolved)) command = resolved;
        return command;
    }

    /// <summary><c>shutil.which</c>: a name with a slash is checked as is, else searched in PATH.</summary>
    internal static string? Which(string cmd, ISystemView sys)
    {
        if (cmd.Contains('/'))
            return sys.IsExecutable(cmd) && !PosixPath.IsDir(cmd) ? cmd : null;
        var path = sys.PathVariable ?? "/bin:/usr/bin";
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var dir in path.Split(':'))
        {
            if (!seen.Add(dir)) continue;
            var name = PosixPath.Join(dir, cmd);
            if (sys.IsExecutable(name) && !PosixPath.IsDir(name)) return name;
        }
        return null;
    }
}
