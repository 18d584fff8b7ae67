using Rootwrap.Capabilities;
using Rootwrap.Matching;
using Rootwrap.Posix;

namespace Rootwrap.Config;

/// <summary>
/// The fixed parts of SPEC 4b: which capabilities undo a confined view of the filesystem,
/// which paths stay read-only whatever is declared, and what a read-restricted command may
/// still read to start at all. Pure data, shared by the decision, the launcher and the auditor.
/// </summary>
public static class ConfinementRules
{
    public const int CapDacReadSearch = 2, CapSysModule = 16, CapSysRawio = 17, CapSysPtrace = 19,
        CapSysAdmin = 21, CapSysBoot = 22, CapMknod = 27, CapSetfcap = 31, CapBpf = 39;

    /// <summary>
    /// A command holding any of these can get out of its mount view, so a confined filter
    /// never keeps them unless it declares them (and then the auditor reports the
    /// confinement as void):
    /// CAP_SYS_ADMIN remounts, unmounts and setns()es; CAP_SYS_PTRACE reaches other
    /// processes' views through ptrace and /proc/PID/root; CAP_DAC_READ_SEARCH opens any
    /// inode by handle through a writable mount of the same filesystem (open_by_handle_at);
    /// CAP_MKNOD makes a disk's device node in a writable path; CAP_SYS_RAWIO writes disks
    /// and memory behind the filesystem; CAP_SYS_MODULE, CAP_BPF and CAP_SYS_BOOT change the
    /// kernel itself; CAP_SETFCAP gives a file in an rw path capabilities that whoever runs
    /// it gains (the file-capability twin of a setuid bit, which the seccomp filter refuses).
    /// </summary>
    public static readonly CapabilitySet VoidingCapabilities = CapabilitySet.Of(
        CapSysAdmin, CapSysPtrace, CapDacReadSearch, CapMknod, CapSysRawio, CapSysModule, CapBpf, CapSysBoot, CapSetfcap);

    /// <summary>The capabilities of <paramref name="declared"/> that void a confinement (empty: it holds).</summary>
    public static CapabilitySet Voiding(CapabilitySet declared) => declared.Intersect(VoidingCapabilities);

    /// <summary>Read-only even under a listed path: a path may be inside them, never above them.</summary>
    public static readonly string[] AlwaysReadOnly = ["/proc/sys", "/sys"];

    /// <summary>
    /// Character devices a confined command may still open for writing (Landlock; the
    /// read-only mounts don't cover device nodes): the ones every tool writes to.
    /// </summary>
    public static readonly string[] WritableDevices = ["/dev/null", "/dev/zero", "/dev/full", "/dev/tty", "/dev/ptmx", "/dev/pts"];

    /// <summary>
    /// What a command whose reads are restricted (<c>ro</c> entries) may still read: its
    /// programs and libraries, the loader's cache, and the world-readable files that name
    /// users, groups and the time zone.
    /// </summary>
    public static readonly string[] SystemReadable =
    [
        "/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32",
        "/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/localtime",
        "/etc/passwd", "/etc/group", "/etc/nsswitch.conf",
        "/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom", "/dev/tty", "/dev/pts",
    ];

    /// <summary>
    /// Why a path can't be listed in [Paths], or null. Paths are compared as strings
    /// afterwards, so they must be absolute and normal; a writable path may not contain
    /// /proc/sys or /sys, which stay read-only.
    /// </summary>
    public static string? CheckDeclaredPath(string path, bool writable)
    {
        if (!PosixPath.IsAbs(path)) return "is not absolute";
        foreach (var comp in path.Split('/'))
            if (comp is "." or "..") return "has '.' or '..' components";
        if (writable)
        {
            var p = Normal(path);
            foreach (var ro in AlwaysReadOnly)
                if (IsUnder(ro, p)) return $"contains {ro}, which stays read-only";
        }
        return null;
    }

    /// <summary>The declared form of a path: no doubled or trailing slashes.</summary>
    public static string Normal(string path)
    {
        var n = PosixPath.NormPath(path);
        return n.StartsWith("//", StringComparison.Ordinal) ? n[1..] : n;
    }

    /// <summary>By path components: /a/b is under /a and under itself; /a/bc is not under /a/b.</summary>
    public static bool IsUnder(string path, string dir) =>
        dir == "/" || path == dir || (path.StartsWith(dir, StringComparison.Ordinal) && path.Length > dir.Length && path[dir.Length] == '/');

    /// <summary>
    /// How a confined plan is set up on a kernel with Landlock ABI <paramref name="landlockAbi"/>
    /// (0: none): whether a Landlock domain is part of it, or why it can't be enforced at all.
    /// Without Landlock the read-only view has ways around it (device nodes, /proc/PID/root of
    /// an outside process), so it is required, except for a filter that keeps CAP_SYS_ADMIN,
    /// whose confinement is void anyway and whose mounts Landlock would forbid. Such a filter
    /// can't have <c>ro</c> entries: only Landlock restricts reads.
    /// </summary>
    public static (bool Landlock, string? Refusal) SetupFor(ExecPlan plan, int landlockAbi)
    {
        bool keepsSysAdmin = plan.Capabilities is not { } caps || caps.Keep.Contains(CapSysAdmin);
        bool landlock = !keepsSysAdmin;
        if (landlock && landlockAbi < 2)
            return (landlock, "filesystem confinement needs Landlock ABI 2 (Linux 5.19 with Landlock enabled), which this kernel does not offer");
        if (plan.ReadOnlyPaths is not null && !landlock)
            return (landlock, "filesystem confinement: 'ro' paths can't be enforced for a filter that keeps CAP_SYS_ADMIN");
        return (landlock, null);
    }

    /// <summary>
    /// A confined plan's capabilities within <paramref name="held"/>, the permitted set of the
    /// process that applies it: the default for a confined filter is "all but the voiding
    /// ones", and a helper in a container whose bounding set lacks some (CAP_SYS_RESOURCE,
    /// often) can't keep what it doesn't have.
    /// </summary>
    public static ExecPlan KeepReachable(ExecPlan plan, CapabilitySet held) =>
        plan.Capabilities is { } caps ? plan with { Capabilities = caps with { Keep = caps.Keep.Intersect(held) } } : plan;
}
