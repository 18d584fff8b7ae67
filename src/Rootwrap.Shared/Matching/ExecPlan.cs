using System.Text;
using Rootwrap.Capabilities;

namespace Rootwrap.Matching;

/// <summary>A user to switch to: real, effective and saved ids, and the supplementary groups.</summary>
public sealed record UserSpec(string Name, uint Uid, uint Gid, IReadOnlyList<uint> Groups)
{
    public override string ToString() => $"{Name}({Uid}:{Gid}; groups {string.Join(',', Groups)})";
}

/// <summary>How the command's capabilities are set before execve (SPEC section 4).</summary>
public sealed record CapabilityPlan(
    /// <summary>Effective = permitted = bounding set.</summary>
    CapabilitySet Keep,
    /// <summary>Also inheritable and ambient: the command runs as a non-root user and keeps them.</summary>
    bool Ambient,
    /// <summary>
    /// False only for a root command a profile lists in [NoNewPrivs] (section 8): what it
    /// execs regains up to the bounding set instead of being capped at its own permitted set.
    /// </summary>
    bool NoNewPrivs = true);

/// <summary>
/// A KillFilter's call (H4): signal the process PID, which must still be running the
/// filter's <see cref="Target"/> when the launcher holds it, instead of running /bin/kill.
/// </summary>
public sealed record KillAction(
    /// <summary>The PID as the caller wrote it: kill(1)'s parsing and messages are kept.</summary>
    string PidArgument,
    /// <summary>0 (only check), or the signal kill(1) would send.</summary>
    int Signal,
    /// <summary>The filter's executable (absolute, or a basename looked up in <see cref="PathVariable"/>).</summary>
    string Target,
    string? PathVariable);

/// <summary>How the daemon starts a plan (<see cref="ExecPlan.Launch"/>), from the least machinery to the most.</summary>
public enum LaunchPath
{
    /// <summary>posix_spawn from any daemon thread, the daemon's own credentials: full root.</summary>
    Direct,
    /// <summary>posix_spawn from a fresh daemon thread that took the plan's per-thread state first.</summary>
    Thread,
    /// <summary>A pre-started launcher process applies the plan and execs.</summary>
    Launcher,
}

/// <summary>
/// Everything the launcher does, decided in advance: a plain value that tests build,
/// print and compare. No field is interpreted by the launcher beyond applying it.
/// </summary>
public sealed record ExecPlan
{
    public required string FilterName { get; init; }
    /// <summary>The path given to execve.</summary>
    public required string Executable { get; init; }
    /// <summary>argv, argv[0] being <see cref="Executable"/> as the reference passes it.</summary>
    public required IReadOnlyList<string> Argv { get; init; }
    /// <summary>Variables set on top of the inherited environment; null: the environment as inherited.</summary>
    public IReadOnlyList<KeyValuePair<string, string>>? EnvironmentChanges { get; init; }
    /// <summary>Null: stay root.</summary>
    public UserSpec? User { get; init; }
    /// <summary>Null: capabilities untouched (the reference's full root; NoNewPrivs stays 0).</summary>
    public CapabilityPlan? Capabilities { get; init; }
    /// <summary>Writable paths of a confined filter (SPEC 4b); null: not confined.</summary>
    public IReadOnlyList<string>? ReadWritePaths { get; init; }
    /// <summary>For a confined filter with <c>ro</c> entries: the only paths it may read besides the system's (SPEC 4b); null: reads unrestricted.</summary>
    public IReadOnlyList<string>? ReadOnlyPaths { get; init; }
    /// <summary>Non-null for a KillFilter: signal the process instead of executing <see cref="Executable"/>.</summary>
    public KillAction? Kill { get; init; }
    public int RlimitNofile { get; init; } = 1024;
    /// <summary>
    /// For an <c>ip netns exec NS</c> chain listed in [Namespaces] (docs/SPEC.md, section 8):
    /// the name under /run/netns that the launcher enters itself, as ip(8) does, before it
    /// execs the leaf's own command (<see cref="Argv"/>); null: the namespace is left alone.
    /// </summary>
    public string? NetworkNamespace { get; init; }

    /// <summary>
    /// How the daemon may start this plan, the least machinery that applies all of it:
    /// <list type="bullet">
    /// <item><see cref="LaunchPath.Direct"/>: nothing beyond posix_spawn's own attributes and
    /// the daemon's own state (its normalized limits, umask and personality).</item>
    /// <item><see cref="LaunchPath.Thread"/>: also per-thread kernel state (credentials,
    /// capability sets, bounding set, no_new_privs; a mount namespace, Landlock and seccomp
    /// for [Paths]; a network namespace entered, with its /sys), applied on a fresh thread of
    /// the daemon that spawns and exits; a kill (held through a pidfd, signalled with the
    /// thread's credentials) too.</item>
    /// <item><see cref="LaunchPath.Launcher"/>: a launcher process of its own. No field needs
    /// it now; the daemon falls back to it for a Thread plan this machine can't take on a
    /// thread (PlanThread.WhyNot), and a new field may be classified here.</item>
    /// </list>
    /// Each field of the plan is classified here, and ExecPlanCodecTests fails for one that isn't,
    /// so a new field can't be spawned with more privilege than planned.
    /// </summary>
    public LaunchPath Launch =>
        NetworkNamespace is not null || Kill is not null || User is not null || Capabilities is not null
            || ReadWritePaths is not null || ReadOnlyPaths is not null ? LaunchPath.Thread
        : LaunchPath.Direct;

    /// <summary>The command as the log line names it: <see cref="ArgvRepr"/>, and the namespace the launcher enters.</summary>
    public string LogRepr() => NetworkNamespace is null ? ArgvRepr() : $"{ArgvRepr()} in network namespace {NetworkNamespace}";

    /// <summary>The reference's syslog rendering of the command: Python's list repr.</summary>
    public string ArgvRepr()
    {
        var sb = new StringBuilder("[");
        for (int i = 0; i < Argv.Count; i++)
        {
            if (i > 0) sb.Append(", ");
            sb.Append(PyRepr(Argv[i]));
        }
        return sb.Append(']').ToString();
    }

    internal static string PyRepr(string s)
    {
        char q = s.Contains('\'') && !s.Contains('"') ? '"' : '\'';
        var sb = new StringBuilder().Append(q);
        foreach (var c in s)
        {
            if (c == q || c == '\\') sb.Append('\\').Append(c);
            else if (c == '\n') sb.Append("\\n");
            else if (c == '\r') sb.Append("\\r");
            else if (c == '\t') sb.Append("\\t");
            else if (c < 0x20 || c == 0x7f) sb.Append($"\\x{(int)c:x2}");
            else if (char.IsSurrogate(c)) sb.Append($"\\u{(int)c:x4}");
            else sb.Append(c);
        }
        return sb.Append(q).ToString();
    }

    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append("filter ").Append(FilterName).Append(": ");
        if (NetworkNamespace is not null) sb.Append("in netns ").Append(NetworkNamespace).Append(' ');
        sb.Append(ArgvRepr());
        if (User is not null) sb.Append(" as ").Append(User);
        if (Capabilities is not null) sb.Append(" caps ").Append(Capabilities.Keep).Append(Capabilities.Ambient ? " (ambient)" : "").Append(Capabilities.NoNewPrivs ? "" : " (no_new_privs off)");
        if (EnvironmentChanges is not null) sb.Append(" env ").Append(string.Join(' ', EnvironmentChanges.Select(kv => kv.Key + "=" + kv.Value)));
        if (ReadWritePaths is not null) sb.Append(" rw ").Append(ReadWritePaths.Count == 0 ? "(none)" : string.Join(',', ReadWritePaths));
        if (ReadOnlyPaths is not null) sb.Append(" ro ").Append(string.Join(',', ReadOnlyPaths));
        if (Kill is not null) sb.Append(" kill ").Append(Kill.Signal).Append(' ').Append(Kill.PidArgument).Append(" if ").Append(Kill.Target);
        return sb.ToString();
    }
}
