using System.Runtime.InteropServices;
using Tmds.Linux;
using Rootwrap.Posix;

namespace Rootwrap.Native.Linux;

/// <summary>
/// User and group switch. glibc applies set*id and setgroups to every thread of the
/// process (the runtime has several), so these are process-wide; the calling thread's
/// capability state (keep-caps) decides what it keeps. Order: groups, gid, uid, while
/// CAP_SETGID and CAP_SETUID are still effective.
/// </summary>
public static partial class Credentials
{
    [LibraryImport("libc", EntryPoint = "geteuid")]
    public static partial uint GetEuid();

    [LibraryImport("libc", EntryPoint = "getuid")]
    public static partial uint GetUid();

    [LibraryImport("libc", EntryPoint = "getresuid", SetLastError = true)]
    private static unsafe partial int getresuid(uint* r, uint* e, uint* s);

    [LibraryImport("libc", EntryPoint = "getresgid", SetLastError = true)]
    private static unsafe partial int getresgid(uint* r, uint* e, uint* s);

    [LibraryImport("libc", EntryPoint = "getgroups", SetLastError = true)]
    private static unsafe partial int getgroups(int size, uint* list);

    /// <summary>x86_64 numbers; <see cref="CanSwitchThisThread"/> is false elsewhere.</summary>
    private const long SYS_setresuid = 117, SYS_setresgid = 119, SYS_setgroups = 116;

    /// <summary>Whether <see cref="SwitchThisThread"/> knows this architecture's system call numbers.</summary>
    public static bool CanSwitchThisThread => RuntimeInformation.ProcessArchitecture == Architecture.X64;


    /// <summary>Supplementary groups, then real/effective/saved gid, then uid. Needs CAP_SETGID and CAP_SETUID.</summary>
    public static unsafe void SwitchTo(uint uid, uint gid, IReadOnlyList<uint> groups)
    {
        // Bound through Tmds.LibC, which already declares these three.
        var g = groups.Select(x => (gid_t)x).ToArray();
        fixed (gid_t* p = g) SyscallException.CheckLibC(LibC.setgroups((size_t)g.Length, p), $"setgroups({string.Join(',', groups)})");
        SyscallException.CheckLibC(LibC.setresgid(gid, gid, gid), $"setresgid({gid})");
        SyscallException.CheckLibC(LibC.setresuid(uid, uid, uid), $"setresuid({uid})");
    }

    /// <summary>
    /// <see cref="SwitchTo"/> for the calling thread alone: the raw system calls, which the
    /// kernel applies to the calling task's credentials only. glibc's wrappers would broadcast
    /// the change to every thread of the process (its setxid signal), the daemon's included.
    /// Needs CAP_SETGID and CAP_SETUID on this thread.
    /// </summary>
    public static unsafe void SwitchThisThread(uint uid, uint gid, IReadOnlyList<uint> groups)
    {
        if (!CanSwitchThisThread) throw new SyscallException("setresuid (no system call numbers for this architecture)", Errno.ENOSYS);
        var g = groups.ToArray();
        // SAFETY: the kernel reads g.Length gid_t (uint) values from p, which stays pinned.
        fixed (uint* p = g) SyscallException.Check(LinuxCalls.syscall(SYS_setgroups, g.Length, (long)p, 0, 0, 0), $"setgroups({string.Join(',', groups)})");
        SyscallException.Check(LinuxCalls.syscall(SYS_setresgid, gid, gid, gid, 0, 0), $"setresgid({gid})");
        SyscallException.Check(LinuxCalls.syscall(SYS_setresuid, uid, uid, uid, 0, 0), $"setresuid({uid})");
    }

    public static unsafe (uint Real, uint Effective, uint Saved) GetResUid()
    {
        uint r, e, s;
        SyscallException.Check(getresuid(&r, &e, &s), "getresuid");
        return (r, e, s);
    }

    public static unsafe (uint Real, uint Effective, uint Saved) GetResGid()
    {
        uint r, e, s;
        SyscallException.Check(getresgid(&r, &e, &s), "getresgid");
        return (r, e, s);
    }

    public static unsafe uint[] GetGroups()
    {
        int n = SyscallException.Check(getgroups(0, null), "getgroups");
        var list = new uint[n];
        fixed (uint* p = list) n = SyscallException.Check(getgroups(n, p), "getgroups");
        return list[..n];
    }
}
