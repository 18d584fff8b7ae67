using System.Runtime.InteropServices;
using Tmds.Linux;

namespace Rootwrap.Native.Linux;

/// <summary>
/// User and group switch. glibc applies set*id to every thread of the process (the
/// runtime has several), so these are process-wide; setgroups first, while still root.
/// </summary>
public static unsafe partial class Credentials
{
    [LibraryImport("libc", EntryPoint = "geteuid")]
    public static partial uint GetEuid();

    [LibraryImport("libc", EntryPoint = "getuid")]
    public static partial uint GetUid();

    private static void Check(int r, string call)
    {
        if (r == -1) throw new SyscallException(call, LibC.errno);
    }

    /// <summary>Supplementary groups, then real/effective/saved gid, then uid. Needs CAP_SETGID and CAP_SETUID.</summary>
    public static void SwitchTo(uint uid, uint gid, IReadOnlyList<uint> groups)
    {
        // Bound through Tmds.LibC, which already declares these three.
        var g = groups.Select(x => (gid_t)x).ToArray();
        fixed (gid_t* p = g) Check(LibC.setgroups((size_t)g.Length, p), "setgroups");
        Check(LibC.setresgid(gid, gid, gid), $"setresgid({gid})");
        Check(LibC.setresuid(uid, uid, uid), $"setresuid({uid})");
    }
}
