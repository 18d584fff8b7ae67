using Rootwrap.Posix;

namespace Rootwrap.Filters;

/// <summary>
/// <c>kill [-SIG] PID</c> where PID's executable is the configured one (absolute, or a
/// basename found in a PATH directory) and the signal, if any, is in the list. The
/// reference runs /bin/kill PID after reading /proc/PID/exe, and the PID can be reused in
/// between; here the plan carries a <see cref="Matching.KillAction"/> instead, and the launcher
/// holds the process by a pidfd, checks it again and signals that very process (H4).
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
        return IsTarget(ProgramOf(pidArg, sys), Args[0], sys.PathVariable);
    }

    public override FilterMiss? Mismatch(IReadOnlyList<string> userargs, ISystemView sys)
    {
        if (userargs.Count == 0 || userargs[0] != "kill") return new(true, userargs.Count == 0 ? "no command given" : $"is for kill, not {userargs[0]}");
        if (Args.Count == 0) return new(false, "names no target executable, so it admits nothing");
        string pidArg;
        var signals = Args.Skip(1).ToList();
        if (userargs.Count == 3)
        {
            if (!signals.Contains(userargs[1]))
                return new(false, signals.Count == 0
                    ? $"admits no signal, got {Q(userargs[1])}"
                    : $"signal {Q(userargs[1])} is not one of {string.Join(", ", signals)}");
            pidArg = userargs[2];
        }
        else if (userargs.Count == 2)
        {
            if (signals.Count > 0) return new(false, $"needs a signal, one of {string.Join(", ", signals)}");
            pidArg = userargs[1];
        }
        else return new(false, $"takes [SIGNAL] PID, got {userargs.Count - 1} argument(s)");
        var program = ProgramOf(pidArg, sys);
        if (IsTarget(program, Args[0], sys.PathVariable)) return null;
        if (!PyInt.TryParse(pidArg, out _)) return new(false, $"{Q(pidArg)} is not a PID");
        if (string.IsNullOrEmpty(program)) return new(false, $"process {pidArg}: no such process, or its executable can't be read");
        return new(false, PosixPath.IsAbs(Args[0]) || !PosixPath.IsAbs(program) || Args[0] != PosixPath.BaseName(program)
            ? $"process {pidArg} runs {program}, not {Args[0]}"
            : $"process {pidArg} runs {program}, whose folder is not in PATH");
    }

    /// <summary>
    /// Whether a process running <paramref name="command"/> (as <see cref="ProgramOf"/> reads it)
    /// is the filter's <paramref name="target"/>: the same absolute path, or a basename whose
    /// folder is in PATH. The launcher asks again once it holds the process (H4).
    /// </summary>
    public static bool IsTarget(string? command, string target, string? pathVariable)
    {
        if (string.IsNullOrEmpty(command)) return false;
        if (PosixPath.IsAbs(target)) return target == command;
        return PosixPath.IsAbs(command)
            && target == PosixPath.BaseName(command)
            && (pathVariable ?? "").Split(':').Contains(PosixPath.DirName(command));
    }

    /// <summary>
    /// The launcher's second look (H4), once it holds the process: does the PID still run
    /// the target? Read after the process is held, so a PID reused since the match shows
    /// the newcomer's executable.
    /// </summary>
    public static bool StillTarget(Matching.KillAction kill, ISystemView sys) =>
        IsTarget(ProgramOf(kill.PidArgument, sys), kill.Target, kill.PathVariable);

    /// <summary>The target of this filter (its first argument), for the launcher's second look.</summary>
    public string? Target => Args.Count > 0 ? Args[0] : null;

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
