using System.Runtime.InteropServices;
using Tmds.Linux;

namespace Rootwrap.Native.Linux;

/// <summary>
/// Mount namespaces and the new mount API (open_tree, move_mount: Linux 5.2; mount_setattr:
/// 5.12). Every call needs CAP_SYS_ADMIN and acts on the calling thread's mount namespace:
/// call them on the thread that will execve.
/// </summary>
public static partial class Mounts
{
    private const long SYS_open_tree = 428, SYS_move_mount = 429, SYS_mount_setattr = 442;
    private const int AT_FDCWD = -100, AT_EMPTY_PATH = 0x1000, AT_RECURSIVE = 0x8000, O_CLOEXEC = 0x80000;
    private const uint OPEN_TREE_CLONE = 1, MOVE_MOUNT_F_EMPTY_PATH = 0x4, MOVE_MOUNT_T_EMPTY_PATH = 0x40;
    private const ulong MOUNT_ATTR_RDONLY = 0x1;

    [StructLayout(LayoutKind.Sequential)]
    private struct MountAttr { public ulong AttrSet, AttrClr, Propagation, UsernsFd; }

    private static readonly byte[] Empty = [0];
    private static readonly byte[] Root = "/\0"u8.ToArray();

    /// <summary>
    /// A mount namespace of this thread's own. unshare(CLONE_NEWNS) also unshares the
    /// filesystem attributes (CLONE_FS) that the runtime's threads share, which the kernel
    /// allows in a multi-threaded process: only this thread moves, and it is the one that execs.
    /// </summary>
    public static void UnshareMountNamespace() =>
        SyscallException.CheckLibC(LibC.unshare(LibC.CLONE_NEWNS), "unshare(CLONE_NEWNS)");

    /// <summary>Nothing mounted here propagates out, and nothing mounted outside comes in.</summary>
    public static unsafe void MakeAllPrivate()
    {
        fixed (byte* root = Root)
            SyscallException.CheckLibC(LibC.mount(null, root, null, (ulong_t)(ulong)(LibC.MS_REC | LibC.MS_PRIVATE), null), "mount(/, MS_REC|MS_PRIVATE)");
    }

    /// <summary>A detached copy of the mount tree at <paramref name="fd"/>, each mount keeping its own flags.</summary>
    public static unsafe int CloneTree(int fd)
    {
        fixed (byte* e = Empty)
            return (int)SyscallException.Check(LinuxCalls.syscall(SYS_open_tree, fd, (long)e, OPEN_TREE_CLONE | AT_RECURSIVE | AT_EMPTY_PATH | O_CLOEXEC, 0, 0), "open_tree(OPEN_TREE_CLONE|AT_RECURSIVE)");
    }

    /// <summary>Every mount of this namespace read-only (the mount flag: superblocks are untouched).</summary>
    public static unsafe void MakeAllReadOnly()
    {
        var attr = new MountAttr { AttrSet = MOUNT_ATTR_RDONLY };
        fixed (byte* root = Root)
            SyscallException.Check(LinuxCalls.syscall(SYS_mount_setattr, AT_FDCWD, (long)root, AT_RECURSIVE, (long)&attr, sizeof(MountAttr)), "mount_setattr(/, AT_RECURSIVE, MOUNT_ATTR_RDONLY)");
    }

    /// <summary>Attaches a detached tree on top of the file or folder <paramref name="targetFd"/>.</summary>
    public static unsafe void Attach(int treeFd, int targetFd)
    {
        fixed (byte* e = Empty)
            SyscallException.Check(LinuxCalls.syscall(SYS_move_mount, treeFd, (long)e, targetFd, (long)e, MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH), "move_mount");
    }
}
