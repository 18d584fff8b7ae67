using Rootwrap.Capabilities;
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
}
