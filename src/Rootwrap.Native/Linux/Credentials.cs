using System.Runtime.InteropServices;

namespace Rootwrap.Native.Linux;

/// <summary>
/// User and group switch. glibc applies set*id to every thread of the process (the
/// runtime has several), so these are process-wide; setgroups first, while still root.
/// </summary>
public static unsafe partial class Credentials
{
    [LibraryImport("libc", EntryPoint = "setgroups", SetLastError = true)]
    private static partial int setgroups(nint size, uint* list);

    [LibraryImport("libc", EntryPoint = "setresgid", SetLastError = true)]
    private static partial int setresgid(uint r, uint e, uint s);

    [LibraryImport("libc", EntryPoint = "setresuid", SetLastError = true)]
    private static partial int setresuid(uint r, uint e, uint s);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    public static partial uint GetEuid();

    [LibraryImport("libc", EntryPoint = "getuid")]
    public static partial uint GetUid();

    /// <summary>Supplementary groups, then real/effective/saved gid, then uid. Needs CAP_SETGID and CAP_SETUID.</summary>
    public static void SwitchTo(uint uid, uint gid, IReadOnlyList<uint> groups)
    {
        var g = groups.ToArray();
        fixed (uint* p = g) Errno.Check(setgroups(g.Length, p), "setgroups");
        Errno.Check(setresgid(gid, gid, gid), $"setresgid({gid})");
        Errno.Check(setresuid(uid, uid, uid), $"setresuid({uid})");
    }
}
