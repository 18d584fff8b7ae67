using System.Runtime.InteropServices;
using Rootwrap.Posix;
using Rootwrap.Text;
using Tmds.Linux;

namespace Rootwrap.Native.Linux;

/// <summary>
/// What <c>ip netns exec NAME</c> does before it execs (iproute2's netns_switch), done by the
/// launcher so that the command it runs needs none of ip's CAP_SYS_ADMIN:
///
/// 1. open /run/netns/NAME (no symlink as its last component; a namespace file, checked by
///    its filesystem's magic) and setns(CLONE_NEWNET);
/// 2. a mount namespace of this thread's own, every mount a slave of the outside (MS_SLAVE|MS_REC,
///    as ip does), /sys detached and a sysfs of the new network namespace mounted there,
///    read-only when /sys was.
///
/// ip also bind-mounts the files of /etc/netns/NAME over /etc: a namespace that has that
/// folder is refused instead (neutron makes none). Needs CAP_SYS_ADMIN: call it before the
/// capabilities are dropped and before the confinement, on the thread that execs.
/// </summary>
public static partial class NetNamespace
{
    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static partial int setns(int fd, int nstype);

    [LibraryImport("libc", EntryPoint = "umount2", SetLastError = true)]
    private static unsafe partial int umount2(byte* target, int flags);

    private const int CLONE_NEWNET = 0x40000000, MNT_DETACH = 2;
    private const int O_RDONLY = 0, O_NOFOLLOW = 0x20000, O_CLOEXEC = 0x80000;
    private const long NSFS_MAGIC = 0x6e736673, ST_RDONLY = 1;
    private const ulong MS_RDONLY = 1, MS_REC = 0x4000, MS_SLAVE = 0x80000;

    /// <summary>A namespace the launcher won't enter (exit 99, with the reason).</summary>
    public sealed class RefusedException(string message) : Exception(message);

    public static unsafe void Enter(string name)
    {
        // Decision already refused '/', "." and ".."; this is the launcher's own check.
        if (!Rootwrap.Filters.IpNetnsExecFilter.IsNamespaceName(name))
            throw new RefusedException($"'{name}' is no network namespace name");
        if (Directory.Exists("/etc/netns/" + name))
            throw new RefusedException($"network namespace '{name}' has /etc/netns/{name}, whose files ip netns exec would bind over /etc; this helper does not");
        var path = "/run/netns/" + name;
        int fd;
        fixed (byte* p = OsString.CString(OsString.Encode(path)))
            fd = PosixCalls.open(p, O_RDONLY | O_NOFOLLOW | O_CLOEXEC, 0);
        if (fd < 0) throw new SyscallException($"open({path})", Marshal.GetLastPInvokeError());
        try
        {
            LinuxCalls.StatFs st;
            if (LinuxCalls.fstatfs(fd, &st) != 0) throw new SyscallException($"fstatfs({path})", Marshal.GetLastPInvokeError());
            if (st.Type != NSFS_MAGIC) throw new RefusedException($"{path} is not a namespace file");
            if (setns(fd, CLONE_NEWNET) != 0) throw new SyscallException($"setns({path}, CLONE_NEWNET)", Marshal.GetLastPInvokeError());
        }
        finally
        {
            PosixCalls.close(fd);
        }

        SyscallException.CheckLibC(LibC.unshare(LibC.CLONE_NEWNS), "unshare(CLONE_NEWNS)");
        fixed (byte* root = "/\0"u8)
        fixed (byte* none = "none\0"u8)
            SyscallException.CheckLibC(LibC.mount(none, root, null, (ulong_t)(MS_SLAVE | MS_REC), null), "mount(/, MS_SLAVE|MS_REC)");
        fixed (byte* sys = "/sys\0"u8)
        fixed (byte* sysfs = "sysfs\0"u8)
        fixed (byte* src = OsString.CString(OsString.Encode(name)))
        {
            ulong flags = 0;
            LinuxCalls.StatFs st;
            if (LinuxCalls.statfs(sys, &st) == 0 && (st.Flags & ST_RDONLY) != 0) flags |= MS_RDONLY;
            // As ip: when nothing was mounted there, there is nothing to detach.
            umount2(sys, MNT_DETACH);
            SyscallException.CheckLibC(LibC.mount(src, sys, sysfs, (ulong_t)flags, null), "mount(sysfs, /sys)");
        }
    }
}
