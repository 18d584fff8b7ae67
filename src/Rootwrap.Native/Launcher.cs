using Rootwrap.Capabilities;
using Rootwrap.Matching;
using Rootwrap.Native.Linux;
using Rootwrap.Text;

namespace Rootwrap.Native;

/// <summary>
/// The only code that changes credentials, capabilities, signals and fds, and then
/// execs. It applies an <see cref="ExecPlan"/> and decides nothing. Runs on the main
/// thread, which is the one that execs: capability calls act per thread.
/// </summary>
public static class Launcher
{
    public sealed class LaunchException(string message) : Exception(message);

    /// <summary>
    /// Replaces this process with the planned command (for a KillFilter: signals the held
    /// process and exits as kill(1)). Returns only on failure: a <see cref="LaunchException"/>
    /// (the process is not fit to exec; exit 97), a <see cref="CannotEnforceException"/>
    /// (the kernel can't confine or hold; exit 99) or an execve errno (exit 126).
    /// </summary>
    public static int Exec(ExecPlan plan, List<byte[]> environ)
    {
        // Everything that allocates or can fail on bad input comes first, while nothing is changed.
        var path = OsString.CString(OsString.Encode(plan.Executable));
        var argv = plan.Argv.Select(a => OsString.CString(OsString.Encode(a))).ToList();
        var envp = ExecEnvironment.Build(environ, plan.EnvironmentChanges);

        // Beyond capabilities (SECURITY.md): all of it needs root's capabilities, so it comes
        // before they are dropped. Confinement throws CannotEnforceException (exit 99).
        HeldProcess? kill;
        try
        {
            Inherited.Normalize(plan.RlimitNofile);
            // Held before the confinement, whose Landlock rules may hide /proc.
            kill = plan.Kill is not null ? HeldProcess.HoldOrExit(plan) : null;
            // ip netns exec's work, before the confinement (whose Landlock forbids mounts).
            if (plan.NetworkNamespace is { } ns) NetNamespace.Enter(ns);
            if (plan.ReadWritePaths is not null)
            {
                plan = Confinement.KeepReachable(plan);
                Confinement.Enter(plan);
            }
        }
        catch (SyscallException e)
        {
            throw new LaunchException($"cannot set up the process for '{plan.FilterName}': {e.Message}");
        }
        catch (NetNamespace.RefusedException e)
        {
            throw new CannotEnforceException($"'{plan.FilterName}': {e.Message}");
        }

        ApplyCredentials(plan, thisThreadOnly: false);

        Signals.ResetAll();
        ProcessImage.CloseFrom3OnExec();
        kill?.SignalAndExit(plan.Argv[0]);
        return ProcessImage.Replace(path, argv, envp);
    }

    /// <summary>
    /// The plan's user, groups and capabilities (SPEC section 4), read back from the kernel;
    /// throws <see cref="LaunchException"/> on any failure or mismatch. Everything it sets is
    /// the calling thread's own kernel state except the user switch, which is process-wide
    /// through glibc, or with <paramref name="thisThreadOnly"/> the calling thread's alone
    /// (the daemon's plan thread: <see cref="Daemon.PlanThread"/>).
    /// </summary>
    public static void ApplyCredentials(ExecPlan plan, bool thisThreadOnly)
    {
        Action<uint, uint, IReadOnlyList<uint>> switchTo = thisThreadOnly ? Credentials.SwitchThisThread : Credentials.SwitchTo;
        try
        {
            if (plan.Capabilities is { } caps) ApplyCapabilities(caps, plan.User, switchTo);
            else if (plan.User is { } u) SwitchUser(u, switchTo);
        }
        catch (Exception e) when (e is SyscallException or LaunchException)
        {
            throw new LaunchException($"cannot set up the process for '{plan.FilterName}': {e.Message}; nothing was executed");
        }
    }

    /// <summary>
    /// SPEC section 4, in the only order the kernel allows: no-new-privs; the bounding set
    /// (needs CAP_SETPCAP, still effective); for a user switch keep-caps, then groups, gid
    /// and uid (need CAP_SETGID/CAP_SETUID, still effective; the uid change empties the
    /// effective and ambient sets but keep-caps saves the permitted one); capset; the
    /// ambient set (needs each capability permitted and inheritable). Then the result is
    /// read back from the kernel and compared with the plan. Any failure throws, and the
    /// caller execs nothing.
    /// </summary>
    private static void ApplyCapabilities(CapabilityPlan caps, UserSpec? user, Action<uint, uint, IReadOnlyList<uint>> switchTo)
    {
        int lastCap = ThreadCapabilities.LastCap();
        var keep = caps.Keep;
        var inheritable = caps.Ambient ? keep : CapabilitySet.Empty;
        var unknown = keep.Except(ThreadCapabilities.AllOf(lastCap));
        if (!unknown.IsEmpty)
            throw new LaunchException($"{unknown} unknown to this kernel (cap_last_cap {lastCap})");
        var missing = keep.Except(ThreadCapabilities.Get().Permitted);
        if (!missing.IsEmpty)
            throw new LaunchException($"cannot keep {missing}: this process does not hold it (is the helper running as root, through sudo?)");

        // The bounding set bounds a root command's execs either way; no_new_privs also caps
        // them at its permitted set, which a [NoNewPrivs] entry lifts (section 8).
        if (caps.NoNewPrivs) ThreadCapabilities.SetNoNewPrivs();
        ThreadCapabilities.LimitBoundingSet(keep, lastCap);
        if (user is not null)
        {
            ThreadCapabilities.SetKeepCaps(true);
            switchTo(user.Uid, user.Gid, user.Groups);
        }
        ThreadCapabilities.Set(keep, inheritable);
        // Also when nothing is to be ambient: a caller's ambient set must not reach the command.
        ThreadCapabilities.SetAmbient(caps.Ambient ? keep : CapabilitySet.Empty);
        if (user is not null) ThreadCapabilities.SetKeepCaps(false);

        // What the kernel says now, not what the calls above meant.
        var sets = ThreadCapabilities.Get();
        Expect("effective capabilities", keep, sets.Effective);
        Expect("permitted capabilities", keep, sets.Permitted);
        Expect("inheritable capabilities", inheritable, sets.Inheritable);
        Expect("bounding set", keep, ThreadCapabilities.ReadBoundingSet(lastCap));
        Expect("ambient capabilities", caps.Ambient ? keep : CapabilitySet.Empty, ThreadCapabilities.ReadAmbient(lastCap));
        if (caps.NoNewPrivs && !ThreadCapabilities.GetNoNewPrivs())
            throw new LaunchException("no_new_privs is not set after prctl");
        if (user is not null) ExpectUser(user);
    }

    /// <summary>The reference's run_as: a plain switch, which leaves the command no capabilities.</summary>
    private static void SwitchUser(UserSpec user, Action<uint, uint, IReadOnlyList<uint>> switchTo)
    {
        switchTo(user.Uid, user.Gid, user.Groups);
        ExpectUser(user);
    }

    private static void ExpectUser(UserSpec user)
    {
        var uid = Credentials.GetResUid();
        var gid = Credentials.GetResGid();
        if (uid != (user.Uid, user.Uid, user.Uid) || gid != (user.Gid, user.Gid, user.Gid))
            throw new LaunchException($"after switching to {user}: uids {uid}, gids {gid}");
        var groups = Credentials.GetGroups();
        if (!groups.Distinct().Order().SequenceEqual(user.Groups.Distinct().Order()))
            throw new LaunchException($"after switching to {user}: groups {string.Join(',', groups)}");
    }

    private static void Expect(string what, CapabilitySet want, CapabilitySet got)
    {
        if (want != got)
            throw new LaunchException($"{what} are {got.ToHex()} ({got}), not {want.ToHex()} ({want}) as planned");
    }
}
