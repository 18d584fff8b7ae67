using Rootwrap.Capabilities;
using Rootwrap.Config;
using Rootwrap.Matching;

namespace Rootwrap.Native.Linux;

/// <summary>
/// SPEC 4b: a confined filter's own view of the filesystem, as systemd's
/// <c>ProtectSystem=strict</c> with <c>ReadWritePaths=</c> builds it for a service.
///
/// 1. A private mount namespace (unshare(CLONE_NEWNS), everything MS_PRIVATE): mounts made
///    inside don't leak out, mounts made outside don't come in.
/// 2. Each rw path held by an O_PATH handle (symlinks trusted only in root's folders) and
///    copied with open_tree(OPEN_TREE_CLONE|AT_RECURSIVE): the copy keeps each submount's
///    own flags, so a read-only mount under an rw path stays read-only.
/// 3. mount_setattr(/, AT_RECURSIVE, MOUNT_ATTR_RDONLY): every mount read-only in one call,
///    with no path walk to race and no nosuid/nodev/noexec flag lost (a remount would reset them).
/// 4. The copies attached back over their paths (move_mount), and fds 0-2 opened again in
///    this view (<see cref="StandardFds"/>): as inherited, they lead into the caller's mounts.
/// 5. A Landlock domain (ABI 2+, required unless the filter keeps CAP_SYS_ADMIN, whose mounts
///    Landlock forbids and whose confinement is void anyway): writes only beneath the rw paths and to the usual character devices, which
///    read-only mounts don't cover (open(2) of a device node ignores the mount's flag); no
///    ptrace or /proc/PID/root into processes outside the domain, which would reach their
///    writable view; and, for a filter with <c>ro</c> entries, reads only there and in the
///    system's programs and libraries.
/// 6. A seccomp filter: no call that sets a setuid or setgid bit (<see cref="Seccomp"/>).
///
/// Needs CAP_SYS_ADMIN: call it before the capabilities are dropped, on the thread that execs.
/// Throws <see cref="CannotEnforceException"/> when any step fails: never an unconfined run.
/// </summary>
public static class Confinement
{
    /// <summary>
    /// The plan's capabilities within what this thread holds (<see cref="ConfinementRules.KeepReachable"/>).
    /// </summary>
    public static ExecPlan KeepReachable(ExecPlan plan)
    {
        if (plan.Capabilities is null) return plan;
        ulong held = 0;
        foreach (var line in File.ReadLines("/proc/thread-self/status"))
            if (line.StartsWith("CapPrm:", StringComparison.Ordinal))
                held = Convert.ToUInt64(line[7..].Trim(), 16);
        return ConfinementRules.KeepReachable(plan, new CapabilitySet(held));
    }

    /// <param name="reopenStandardFds">
    /// False only where fds 0-2 of what will exec are not this process's but anonymous pipes
    /// it creates itself (the daemon's plan thread: posix_spawn puts them there), which the
    /// reopen would keep as they are anyway.
    /// </param>
    public static void Enter(ExecPlan plan, bool reopenStandardFds = true)
    {
        var rw = plan.ReadWritePaths ?? throw new ArgumentException("not a confined plan", nameof(plan));
        int abi = Landlock.AbiVersion();
        var (landlock, refusal) = ConfinementRules.SetupFor(plan, abi);
        if (refusal is not null) throw new CannotEnforceException(refusal);

        var held = new List<int>();
        try
        {
            Mounts.UnshareMountNamespace();
            Mounts.MakeAllPrivate();

            // Held after the unshare: the mount API only works on mounts of this namespace.
            var writable = new List<(int Fd, string Path)>();
            foreach (var p in rw)
            {
                int fd = PathHandles.OpenTrusted(p);
                held.Add(fd);
                writable.Add((fd, PathHandles.PathOf(fd)));
            }
            // A path under another listed one is writable through that one's copy.
            var tops = writable.Where(w => !writable.Any(o => o.Path != w.Path && ConfinementRules.IsUnder(w.Path, o.Path)))
                .DistinctBy(w => w.Path).ToList();
            var trees = new List<int>();
            foreach (var t in tops)
            {
                int tree = Mounts.CloneTree(t.Fd);
                held.Add(tree);
                trees.Add(tree);
            }
            Mounts.MakeAllReadOnly();
            for (int i = 0; i < tops.Count; i++) Mounts.Attach(trees[i], tops[i].Fd);
            // The caller's fds 0-2 still lead into its writable mounts (/proc/self/fd/N).
            if (reopenStandardFds) StandardFds.ReopenInThisView();

            if (landlock) RestrictWithLandlock(abi, plan, writable.Select(w => w.Fd), held);
            // No setuid or setgid file, not even in the rw paths (needs CAP_SYS_ADMIN, still held).
            Seccomp.RestrictSuidSgid();
        }
        catch (SyscallException e)
        {
            throw new CannotEnforceException($"filesystem confinement failed: {e.Message}");
        }
        catch (StandardFds.UnsafeFdException e)
        {
            throw new CannotEnforceException($"filesystem confinement refused: {e.Message}");
        }
        catch (PathHandles.UntrustedPathException e)
        {
            throw new CannotEnforceException($"filesystem confinement refused: {e.Message}");
        }
        finally
        {
            foreach (var fd in held) PathHandles.Close(fd);
        }
    }

    private static void RestrictWithLandlock(int abi, ExecPlan plan, IEnumerable<int> writable, List<int> held)
    {
        ulong all = Landlock.FilesystemRights(abi);
        const ulong read = Landlock.ReadFile | Landlock.ReadDir | Landlock.Execute;
        // Terminals need their ioctls (TCGETS...); other devices get them only when listed rw.
        const ulong device = Landlock.ReadFile | Landlock.WriteFile | Landlock.Truncate | Landlock.ReadDir | Landlock.IoctlDev;

        int ruleset = Landlock.CreateRuleset(all);
        held.Add(ruleset);

        void Allow(int fd, ulong access, string what) =>
            Landlock.Allow(ruleset, fd, PathHandles.IsDirectory(fd) ? access & all : access & all & Landlock.FileRights, what);

        int OpenIfPresent(string path)
        {
            if (Posix.PosixPath.Stat(path) is null) return -1;
            int fd = PathHandles.Open(path);
            held.Add(fd);
            return fd;
        }

        if (plan.ReadOnlyPaths is null)
        {
            Allow(OpenIfPresent("/"), read, "/");
        }
        else
        {
            foreach (var p in ConfinementRules.SystemReadable)
                if (OpenIfPresent(p) is var fd and >= 0) Allow(fd, read, p);
            foreach (var p in plan.ReadOnlyPaths)
            {
                int fd = PathHandles.OpenTrusted(p);
                held.Add(fd);
                Allow(fd, read, p);
            }
            Allow(OpenIfPresent(plan.Executable), read, plan.Executable);
        }
        foreach (var p in ConfinementRules.WritableDevices)
            if (OpenIfPresent(p) is var fd and >= 0) Allow(fd, device, p);
        foreach (var fd in writable) Allow(fd, all, PathHandles.PathOf(fd));

        Landlock.RestrictSelf(ruleset);
    }
}
