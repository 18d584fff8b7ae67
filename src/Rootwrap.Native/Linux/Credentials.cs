using System.Runtime.InteropServices;
using Tmds.Linux;

namespace Rootwrap.Native.Linux;

/// <summary>
/// User and group switch. glibc applies set*id and setgroups to every thread of the
/// process (the runtime has several), so these are process-wide; the calling thread's
/// capability state (keep-caps) decides what it keeps. Order: groups, gid, uid, while
/// CAP_SETGID and CAP_SETUID are still effective.
/// </summary>
public static unsafe partial class Credentials
{
    [LibraryImport("libc", EntryPoint = "geteuid")]
    public static partial uint GetEuid();

    [LibraryImport("libc", EntryPoint = "getuid")]
    public static partial uint GetUid();

    [LibraryImport("libc", EntryPoint = "getresuid", SetLastError = true)]
    private static partial int getresuid(uint* r, uint* e, uint* s);

    [LibraryImport("libc", EntryPoint = "getresgid", SetLastError = true)]
    private static partial int getresgid(uint* r, uint* e, uint* s);

    [LibraryImport("libc", EntryPoint = "getgroups", SetLastError = true)]
    private static partial int getgroups(int size, uint* list);

    private static void Check(int r, string call)
    {
        if (r == -1) throw new SyscallException(call, LibC.errno);
    }

    /// <summary>Supplementary groups, then real/effective/saved gid, then uid. Needs CAP_SETGID and CAP_SETUID.</summary>
    public static void SwitchTo(uint uid, uint gid, IReadOnlyList<uint> groups)
    {
        // Bound through Tmds.LibC, which already declares these three.
        var g = groups.Select(x => (gid_t)x).ToArray();
        fixed (gid_t* p = g) Check(LibC.setgroups((size_t)g.Length, p), $"setgroups({string.Join(',', groups)})");
        Check(LibC.setresgid(gid, gid, gid), $"setresgid({gid})");
        Check(LibC.setresuid(uid, uid, uid), $"setresuid({uid})");
    }

    public static (uint Real, uint Effective, uint Saved) GetResUid()
    {
        uint r, e, s;
        Errno.Check(getresuid(&r, &e, &s), "getresuid");
        return (r, e, s);
    }

    public static (uint Real, uint Effective, uint Saved) GetResGid()
    {
        uint r, e, s;
        Errno.Check(getresgid(&r, &e, &s), "getresgid");
        return (r, e, s);
    }

    public static uint[] GetGroups()
    {
        int n = Errno.Check(getgroups(0, null), "getgroups");
        var list = new uint[n];
        fixed (uint* p = list) n = Errno.Check(getgroups(n, p), "getgroups");
        return list[..n];
    }
}
