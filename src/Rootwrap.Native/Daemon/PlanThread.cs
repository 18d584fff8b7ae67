using System.Runtime.ExceptionServices;
using Rootwrap.Capabilities;
using Rootwrap.Matching;
using Rootwrap.Native.Linux;

namespace Rootwrap.Native.Daemon;

/// <summary>
/// The daemon's launch path for a plan whose every field is per-thread kernel state
/// (<see cref="LaunchPath.Thread"/>: a user and groups, capability sets, the bounding set,
/// no_new_privs; for [Paths] a mount namespace with CLONE_FS, a Landlock domain, a seccomp
/// filter; for [Namespaces] a network namespace and a mount namespace with its /sys). The kernel keeps all of these per task, and a child takes its creator's: so a
/// fresh OS thread of the daemon takes the plan, posix_spawns the command and exits. No
/// second program starts, and no child runs managed code.
///
/// What makes it sound:
/// <list type="bullet">
/// <item>The thread is a dedicated <c>new Thread</c>: the runtime runs nothing on it but
/// its delegate, and it exits after the spawn; a thread whose credentials changed is never
/// reused, and no other thread's state is touched.</item>
/// <item>Credentials change through the raw system calls
/// (<see cref="Credentials.SwitchThisThread"/>): glibc's set*id wrappers would broadcast
/// the change to every thread. Capabilities, the bounding set, keep-caps, the ambient set
/// and no_new_privs are per-thread in the kernel anyway; unshare, Landlock (no TSYNC) and
/// seccomp (no TSYNC) too.</item>
/// <item>posix_spawn runs its child with clone(CLONE_VM|CLONE_VFORK), which copies the
/// calling thread's credentials; the child runs only glibc's spawn code (signal
/// dispositions, setpgid, dup2, closefrom) and execve. POSIX_SPAWN_RESETIDS, glibc's only
/// set*id in that path, is never asked for.</item>
/// <item>While the thread (and the vfork child, which shares the daemon's memory until
/// execve) runs as another uid, that uid must not reach the daemon's memory: the kernel
/// sets the process's dumpable flag to fs.suid_dumpable when a task's uid changes, and
/// ptrace or /proc/PID/mem need CAP_SYS_PTRACE unless it is 1. So the daemon starts
/// non-dumpable, a user switch takes this path only while fs.suid_dumpable is not 1, and
/// the flag is checked again after the switch (fail closed) and cleared after the spawn.</item>
/// <item>Signals: the thread blocks every signal but the runtime's activation signal, so
/// one sent to it alone by the uid it now has (tgkill) stays pending and dies with it.</item>
/// <item>What the kernel says, not what the calls meant: the thread's own
/// /proc/thread-self/status (through a descriptor opened first, which Landlock can't hide)
/// is compared with the plan, field by field, before the spawn; any mismatch executes
/// nothing.</item>
/// </list>
/// Per-process state (resource limits, umask, personality) is the daemon's own, which it
/// normalized at start as the launcher would (<see cref="Inherited.Normalize"/>).
/// </summary>
public static class PlanThread
{
    /// <summary>
    /// Why this machine can't take <paramref name="plan"/> on a plan thread now (the caller then
    /// uses a launcher); null if it can.
    /// </summary>
    public static string? WhyNot(ExecPlan plan)
    {
        if (plan.Launch != LaunchPath.Thread) return $"the plan needs {plan.Launch}";
        if (plan.User is not null && !Credentials.CanSwitchThisThread) return "no per-thread user switch on this architecture";
        if (plan.User is not null && OwnThread.SuidDumpable() is not (0 or 2))
            return "fs.suid_dumpable is not 0 or 2: another uid in the daemon's process could be traced";
        return null;
    }

    /// <summary>
    /// Applies the plan on a fresh thread, spawns the command from there with
    /// <see cref="Spawn.Start"/> and returns its pid. Throws what the launcher would fail
    /// with (<see cref="Launcher.LaunchException"/>: 97; <see cref="CannotEnforceException"/>:
    /// 99; a posix_spawn <see cref="SyscallException"/>: the execve's errno, 126); then
    /// nothing ran.
    /// </summary>
    public static int Start(ExecPlan plan, byte[] path, CStringArray argv, CStringArray envp, int[] fds) =>
        OnFreshThread(() => ApplyAndSpawn(plan, path, argv, envp, fds));

    /// <summary>
    /// A kill plan (H4) on a fresh thread: the process is held through a pidfd while the
    /// thread is still root (reading /proc/PID/exe needs it), then the thread takes the plan's
    /// user and capabilities, and the signal goes through the pidfd with those credentials
    /// (the kernel checks the signalling thread's). Returns what kill(1) would have ended
    /// with. Throws as <see cref="Start"/> does; then nothing was signalled.
    /// </summary>
    public static KillOutcome Kill(ExecPlan plan) => OnFreshThread(() =>
    {
        OwnThread.BlockSignalsButActivation();
        using var held = HeldProcess.Hold(plan, out var failed);
        return held is null ? failed : Apply(plan, held.Signal);
    });

    private static T OnFreshThread<T>(Func<T> body)
    {
        T result = default!;
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try { result = body(); }
            catch (Exception e) { failure = ExceptionDispatchInfo.Capture(e); }
        }, 256 * 1024) { IsBackground = true, Name = "rootwrap plan" };
        thread.Start();
        thread.Join();
        failure?.Throw();
        return result;
    }

    private static unsafe int ApplyAndSpawn(ExecPlan plan, byte[] path, CStringArray argv, CStringArray envp, int[] fds)
    {
        OwnThread.BlockSignalsButActivation();
        return Apply(plan, () =>
        {
            fixed (byte* p = path) return Spawn.Start(p, argv.Pointer, envp.Pointer, fds);
        });
    }

    /// <summary>
    /// Gives this thread the plan's confinement, user and capabilities, checks its status
    /// against the plan, runs <paramref name="act"/> (the spawn, or the signal), and leaves the
    /// daemon non-dumpable again.
    /// </summary>
    private static T Apply<T>(ExecPlan plan, Func<T> act)
    {
        int status = OwnThread.OpenOwnStatus();
        try
        {
            var before = OwnThread.ReadStatus(status);
            // ip netns exec's work, as the launcher does it and before the confinement (whose
            // Landlock forbids mounts): setns(CLONE_NEWNET) and unshare(CLONE_NEWNS) change this
            // thread's namespaces alone (the latter unshares its fs_struct too), and the spawned
            // command takes the thread's.
            if (plan.NetworkNamespace is { } ns)
            {
                try { NetNamespace.Enter(ns); }
                catch (SyscallException e) { throw new Launcher.LaunchException($"cannot set up the process for '{plan.FilterName}': {e.Message}"); }
                catch (NetNamespace.RefusedException e) { throw new CannotEnforceException($"'{plan.FilterName}': {e.Message}"); }
            }
            if (plan.ReadWritePaths is not null)
            {
                try
                {
                    plan = Confinement.KeepReachable(plan);
                    // fds 0-2 of the command are the daemon's own anonymous pipes: nothing to reopen.
                    Confinement.Enter(plan, reopenStandardFds: false);
                }
                catch (SyscallException e)
                {
                    throw new Launcher.LaunchException($"cannot set up the process for '{plan.FilterName}': {e.Message}");
                }
            }
            try
            {
                Launcher.ApplyCredentials(plan, thisThreadOnly: true);
                if (plan.User is not null && OwnThread.GetDumpable() == 1)
                    throw new Launcher.LaunchException("the daemon became dumpable with another uid (fs.suid_dumpable changed to 1?)");
                Expect(plan, before, OwnThread.ReadStatus(status));
                return act();
            }
            finally
            {
                if (plan.User is not null) OwnThread.ClearDumpable();
            }
        }
        finally
        {
            PathHandles.Close(status);
        }
    }

    /// <summary>
    /// The thread's status after the plan, against what the plan asks and what it leaves as
    /// it was (<paramref name="before"/>). The launcher's own read-back
    /// (<see cref="Launcher.ApplyCredentials"/>) already compared the syscalls' view.
    /// </summary>
    private static void Expect(ExecPlan plan, Dictionary<string, string> before, Dictionary<string, string> now)
    {
        void Field(string name, string want)
        {
            if (!now.TryGetValue(name, out var got) || got != want)
                throw new Launcher.LaunchException($"the plan thread's {name} is '{got}', not '{want}' as planned for '{plan.FilterName}'; nothing was executed");
        }
        string Hex(CapabilitySet c) => c.Mask.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
        string Four(uint id) => string.Join('\t', id, id, id, id);
        const string none = "0000000000000000";

        if (plan.User is { } u)
        {
            Field("Uid", Four(u.Uid));
            Field("Gid", Four(u.Gid));
            var groups = now.GetValueOrDefault("Groups", "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Order().ToList();
            var want = u.Groups.Distinct().Order().Select(g => g.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
            if (!groups.SequenceEqual(want))
                throw new Launcher.LaunchException($"the plan thread's groups are '{string.Join(' ', groups)}', not '{string.Join(' ', want)}' as planned for '{plan.FilterName}'; nothing was executed");
        }
        else
        {
            foreach (var f in (string[])["Uid", "Gid", "Groups"]) Field(f, before.GetValueOrDefault(f, "?"));
        }

        if (plan.Capabilities is { } caps)
        {
            var keep = Hex(caps.Keep);
            Field("CapEff", keep);
            Field("CapPrm", keep);
            Field("CapBnd", keep);
            Field("CapInh", caps.Ambient ? keep : none);
            Field("CapAmb", caps.Ambient ? keep : none);
            Field("NoNewPrivs", caps.NoNewPrivs ? "1" : before.GetValueOrDefault("NoNewPrivs", "?"));
        }
        else if (plan.User is not null)
        {
            // The reference's run_as: a uid change away from 0 empties these sets.
            Field("CapEff", none);
            Field("CapPrm", none);
            Field("CapAmb", none);
            foreach (var f in (string[])["CapBnd", "CapInh", "NoNewPrivs"]) Field(f, before.GetValueOrDefault(f, "?"));
        }
        else
        {
            foreach (var f in (string[])["CapEff", "CapPrm", "CapBnd", "CapInh", "CapAmb", "NoNewPrivs"]) Field(f, before.GetValueOrDefault(f, "?"));
        }
        // Confinement's seccomp filter is mode 2; nothing else on this path installs one.
        Field("Seccomp", plan.ReadWritePaths is not null ? "2" : before.GetValueOrDefault("Seccomp", "?"));
        Field("Umask", Convert.ToString(Inherited.Umask, 8).PadLeft(4, '0'));
    }
}
