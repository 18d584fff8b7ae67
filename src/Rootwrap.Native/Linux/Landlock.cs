using System.Runtime.InteropServices;

namespace Rootwrap.Native.Linux;

/// <summary>
/// Landlock (Linux 5.13+, ABI 2 since 5.19): path-based access rules the thread can never
/// lift. Restricting needs no_new_privs or CAP_SYS_ADMIN; it acts on the calling thread
/// and what it execs, so call it on the thread that will execve.
/// </summary>
public static partial class Landlock
{
    private const long SYS_landlock_create_ruleset = 444, SYS_landlock_add_rule = 445, SYS_landlock_restrict_self = 446;
    private const uint LANDLOCK_CREATE_RULESET_VERSION = 1;
    private const int LANDLOCK_RULE_PATH_BENEATH = 1;

    public const ulong Execute = 1 << 0, WriteFile = 1 << 1, ReadFile = 1 << 2, ReadDir = 1 << 3,
        RemoveDir = 1 << 4, RemoveFile = 1 << 5, MakeChar = 1 << 6, MakeDir = 1 << 7, MakeReg = 1 << 8,
        MakeSock = 1 << 9, MakeFifo = 1 << 10, MakeBlock = 1 << 11, MakeSym = 1 << 12,
        Refer = 1 << 13, Truncate = 1 << 14, IoctlDev = 1 << 15;

    /// <summary>The rights that apply to a file that is not a folder.</summary>
    public const ulong FileRights = Execute | WriteFile | ReadFile | Truncate | IoctlDev;

    [StructLayout(LayoutKind.Sequential)]
    private struct RulesetAttr { public ulong HandledAccessFs; }

    [StructLayout(LayoutKind.Sequential, Pack = 1)]
    private struct PathBeneathAttr { public ulong AllowedAccess; public int ParentFd; }

    /// <summary>The kernel's Landlock ABI version, or 0 when Landlock is absent or disabled.</summary>
    public static int AbiVersion()
    {
        long v = LinuxCalls.syscall(SYS_landlock_create_ruleset, 0, 0, LANDLOCK_CREATE_RULESET_VERSION, 0, 0);
        return v < 0 ? 0 : (int)v;
    }

    /// <summary>
    /// Every filesystem right this ABI knows (ABI 1: no Refer, so no cross-folder rename or
    /// link at all; ABI 3: Truncate; ABI 5: ioctl(2) on device files, which read-only mounts
    /// and the other rights leave open: LOOP_CLR_FD on a read-only open detaches a loop device).
    /// </summary>
    public static ulong FilesystemRights(int abi) =>
        (1UL << 13) - 1 | (abi >= 2 ? Refer : 0) | (abi >= 3 ? Truncate : 0) | (abi >= 5 ? IoctlDev : 0);

    public static unsafe int CreateRuleset(ulong handled)
    {
        var attr = new RulesetAttr { HandledAccessFs = handled };
        return (int)SyscallException.Check(LinuxCalls.syscall(SYS_landlock_create_ruleset, (long)&attr, sizeof(RulesetAttr), 0, 0, 0), "landlock_create_ruleset");
    }

    /// <summary>Allows <paramref name="access"/> beneath the file or folder <paramref name="fd"/> (an O_PATH fd is enough).</summary>
    public static unsafe void Allow(int ruleset, int fd, ulong access, string what)
    {
        var attr = new PathBeneathAttr { AllowedAccess = access, ParentFd = fd };
        SyscallException.Check(LinuxCalls.syscall(SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH, (long)&attr, 0, 0), $"landlock_add_rule({what})");
    }

    public static void RestrictSelf(int ruleset) =>
        SyscallException.Check(LinuxCalls.syscall(SYS_landlock_restrict_self, ruleset, 0, 0, 0, 0), "landlock_restrict_self");
}
