using System.Runtime.InteropServices;
using Rootwrap.Posix;
using Tmds.Linux;
using Rootwrap.Text;

namespace Rootwrap.Native.Linux;

/// <summary>
/// SPEC 4b, "also through the descriptors it inherited": fds 0-2 come from the caller and
/// point into the caller's mount namespace, whose mounts are writable. A path through
/// <c>/proc/self/fd/N</c> follows the descriptor's own mount, not the confined view, and
/// Landlock has no right for chmod, chown, utimes, xattrs or FS_IOC_SETFLAGS: so
/// <c>chmod 4755 /proc/self/fd/0 &lt; /usr/bin/bash</c> would change the host's bash, and a
/// folder on fd 0 would open every path below it. Each of fds 0-2 is therefore replaced by
/// the same file opened again in the confined view (same inode, same access mode, same
/// offset), where the read-only mounts apply to it. Anonymous pipes and sockets lead to no
/// file and are kept; what can't be reopened as the same inode (a deleted file, an
/// anonymous inode, a file the confined view can't open for writing) is a refusal.
///
/// Call after the confined mount tree is in place and before Landlock (which would judge
/// the reopen as the command's own access), on the thread that execs.
/// </summary>
public static partial class StandardFds
{
    [StructLayout(LayoutKind.Sequential)]
    private struct OpenHow { public ulong Flags, Mode, Resolve; }

    private const long SYS_openat2 = 437;
    private const int AT_FDCWD = -100, F_GETFL = 3, F_SETFL = 4, SEEK_CUR = 1, SEEK_SET = 0;
    private const int O_ACCMODE = 3, O_NONBLOCK = 0x800, O_APPEND = 0x400, O_NOCTTY = 0x100, O_DIRECTORY = 0x10000,
        O_CLOEXEC = 0x80000, O_PATH = 0x200000, O_NOATIME = 0x40000, O_DIRECT = 0x4000, O_ASYNC = 0x2000;
    /// <summary>The status flags F_SETFL can set again on the reopened file.</summary>
    private const int SettableFlags = O_APPEND | O_NONBLOCK | O_NOATIME | O_DIRECT | O_ASYNC;
    private const ulong RESOLVE_NO_MAGICLINKS = 0x02, RESOLVE_NO_SYMLINKS = 0x04;
    private const uint S_IFMT = 0xF000, S_IFIFO = 0x1000, S_IFSOCK = 0xC000, S_IFREG = 0x8000, S_IFDIR = 0x4000;
    private const long PIPEFS_MAGIC = 0x50495045;

    /// <summary>Why fd N can't be given to the confined command (the caller maps it to a refusal).</summary>
    public sealed class UnsafeFdException(string message) : Exception(message);

    private static readonly string[] Names = ["stdin (fd 0)", "stdout (fd 1)", "stderr (fd 2)"];

    public static void ReopenInThisView()
    {
        for (int fd = 0; fd <= 2; fd++) Reopen(fd);
    }

    private static unsafe void Reopen(int fd)
    {
        var st = PathHandles.StatOf(fd);
        uint type = st.Mode & S_IFMT;
        // A socket inode can't be opened by path at all; an anonymous pipe lives on pipefs,
        // where no path leads. A named FIFO is a file on a filesystem: it is reopened.
        if (type == S_IFSOCK || (type == S_IFIFO && FilesystemType(fd) == PIPEFS_MAGIC)) return;

        int flags = LinuxCalls.fcntl(fd, F_GETFL, 0);
        if (flags < 0) throw new SyscallException($"fcntl({fd}, F_GETFL)", Marshal.GetLastPInvokeError());
        // The kernel's name for it in this namespace: absolute, symlinks resolved. Anything
        // else ("anon_inode:[eventfd]", "/memfd:x (deleted)") names no file of this view,
        // and the identity check below refuses what the name no longer leads to.
        string? path = PosixPath.ReadLink($"/proc/self/fd/{fd}");
        if (path is null || !path.StartsWith('/'))
            throw new UnsafeFdException($"{Names[fd]} is {path ?? "unnamed"}, which is no file the confined command's view holds; pass a pipe instead");

        ulong open = (ulong)(O_NOCTTY | O_CLOEXEC);
        open |= (flags & O_PATH) != 0 ? (ulong)O_PATH : (ulong)(flags & (O_ACCMODE | O_APPEND));
        if (type == S_IFDIR) open |= O_DIRECTORY;
        // A device or FIFO must not block the open (a FIFO without a writer, a modem line).
        if (type != S_IFREG && type != S_IFDIR) open |= O_NONBLOCK;
        // No symlink and no magic link on the way: the kernel's name was resolved already,
        // and anything that became a link since is someone else's doing.
        var how = new OpenHow { Flags = open, Resolve = RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS };
        int nfd;
        fixed (byte* p = OsString.CString(OsString.Encode(path)))
            nfd = (int)LinuxCalls.syscall(SYS_openat2, AT_FDCWD, (long)p, (long)&how, sizeof(OpenHow), 0);
        if (nfd < 0)
        {
            int e = Marshal.GetLastPInvokeError();
            throw new UnsafeFdException($"{Names[fd]} is {path}, which the confined command's view can't open{((flags & O_ACCMODE) != 0 ? " for writing" : "")} ({Errno.Describe(e)}); pass a pipe instead");
        }
        try
        {
            var again = PathHandles.StatOf(nfd);
            if (again.Dev != st.Dev || again.Ino != st.Ino)
                throw new UnsafeFdException($"{Names[fd]}: {path} is no longer the file it names; pass a pipe instead");
            if (type == S_IFREG && (flags & O_PATH) == 0)
            {
                long offset = LibC.lseek(fd, 0, SEEK_CUR);
                if (offset > 0 && LibC.lseek(nfd, offset, SEEK_SET) != offset)
                    throw new SyscallException($"lseek({path})", LibC.errno);
            }
            if ((flags & O_PATH) == 0 && LinuxCalls.fcntl(nfd, F_SETFL, flags & SettableFlags) < 0)
                throw new SyscallException($"fcntl({path}, F_SETFL)", Marshal.GetLastPInvokeError());
            if (LibC.dup3(nfd, fd, 0) < 0)
                throw new SyscallException($"dup3({path}, {fd})", LibC.errno);
        }
        finally
        {
            PosixCalls.close(nfd);
        }
    }

    private static unsafe long FilesystemType(int fd)
    {
        LinuxCalls.StatFs st;
        if (LinuxCalls.fstatfs(fd, &st) != 0) throw new SyscallException($"fstatfs({fd})", Marshal.GetLastPInvokeError());
        return st.Type;
    }
}
