namespace Rootwrap.Filters;

/// <summary>
/// Why a filter refused a command line (<see cref="Filter.Mismatch"/>). <c>OtherCommand</c>:
/// the filter is for another command altogether, so it is no near miss.
/// </summary>
public sealed record FilterMiss(bool OtherCommand, string Reason);

/// <summary>Where a filter was defined: for messages and the auditor.</summary>
public sealed record FilterSource(string File, int Line);

/// <summary>
/// The reference's <c>CommandFilter</c> contract, which every filter class extends: a
/// <see cref="Match"/> over the user's arguments and a <see cref="GetCommand"/> that builds
/// what is executed. Matching never changes the machine; it may read it through
/// <see cref="ISystemView"/>.
/// </summary>
public abstract class Filter
{
    protected Filter(string className, string execPath, string runAs, IReadOnlyList<string> args)
    {
        ClassName = className;
        ExecPath = execPath;
        RunAs = runAs;
        Args = args;
    }

    public string Name { get; internal set; } = "";
    public string ClassName { get; }
    public string ExecPath { get; protected set; }
    public string RunAs { get; }
    public IReadOnlyList<string> Args { get; }
    public FilterSource? Source { get; internal set; }

    /// <summary>True for ChainingFilter and its subclasses: the rest of the command is matched again.</summary>
    public virtual bool IsChaining => false;

    /// <summary>
    /// Note: the list is the caller's and some filters (EnvFilter) remove a leading
    /// <c>env</c> from it, as the reference does; later filters then see the shortened list.
    /// </summary>
    public abstract bool Match(List<string> userargs, ISystemView sys);

    /// <summary>
    /// Why <see cref="Match"/> refuses <paramref name="userargs"/>, or null when it admits them;
    /// for <c>rootwrap-audit explain</c>. Reads the machine as Match does and never changes the
    /// list. Must agree with Match case for case (FilterMismatchTests guards it).
    /// </summary>
    public abstract FilterMiss? Mismatch(IReadOnlyList<string> userargs, ISystemView sys);

    /// <summary>The miss for a command line whose first word is not this filter's command.</summary>
    protected FilterMiss CommandMiss(IReadOnlyList<string> userargs) =>
        new(true, userargs.Count == 0 ? "no command given" : $"is for {ExecPath}, not {userargs[0]}");

    /// <summary>What a caller wrote, quoted as the reference's repr would.</summary>
    protected static string Q(string s) => Quote(s);

    /// <summary>A word or pattern in single quotes, control characters escaped (backslashes kept, so patterns read as written).</summary>
    public static string Quote(string s)
    {
        var sb = new System.Text.StringBuilder(s.Length + 2).Append('\'');
        foreach (var c in s)
        {
            if (c == '\n') sb.Append("\\n");
            else if (c == '\t') sb.Append("\\t");
            else if (c < 0x20 || c == 0x7f) sb.Append($"\\x{(int)c:x2}");
            else sb.Append(c);
        }
        return sb.Append('\'').ToString();
    }

    /// <summary>The executable this filter runs: <c>exec_path</c> if absolute and executable, else the first hit in exec_dirs.</summary>
    public string? GetExec(IReadOnlyList<string> execDirs, ISystemView sys)
    {
        if (ExecPath.StartsWith('/'))
            return sys.IsExecutable(ExecPath) ? ExecPath : null;
        foreach (var dir in execDirs)
        {
            var candidate = Posix.PosixPath.Join(dir, ExecPath);
            if (sys.IsExecutable(candidate)) return candidate;
        }
        return null;
    }

    public virtual List<string> GetCommand(List<string> userargs, string exec, ISystemView sys)
    {
        var cmd = new List<string>(userargs.Count) { exec };
        for (int i = 1; i < userargs.Count; i++) cmd.Add(userargs[i]);
        return cmd;
    }

    /// <summary>Variables to set on top of the inherited environment; null: inherit unchanged.</summary>
    public virtual List<KeyValuePair<string, string>>? GetEnvironment(List<string> userargs) => null;

    /// <summary>For chaining filters: the command that must match another filter.</summary>
    public virtual List<string> ExecArgs(List<string> userargs) => new();

    /// <summary>CommandFilter.match: the first argument is exec_path or its basename.</summary>
    protected bool CommandMatches(IReadOnlyList<string> userargs) =>
        userargs.Count > 0 && (ExecPath == userargs[0] || Posix.PosixPath.BaseName(ExecPath) == userargs[0]);
}
