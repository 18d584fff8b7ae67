using System.Runtime.InteropServices;

namespace Rootwrap.Native.Linux;

/// <summary>execve and what must be true just before it.</summary>
public static class ProcessImage
{
    private const long SYS_close_range = 436;
    private const uint CLOSE_RANGE_CLOEXEC = 4;

    /// <summary>
    /// Marks every fd from 3 up close-on-exec, so the command starts with 0, 1 and 2 only
    /// whatever the caller or the runtime left open. Any thread, just before execve.
    /// </summary>
    public static void CloseFrom3OnExec()
    {
        if (LinuxCalls.syscall(SYS_close_range, 3, uint.MaxValue, CLOSE_RANGE_CLOEXEC, 0, 0) == 0) return;
        // Kernels before 5.11: walk /proc/self/fd.
        foreach (var entry in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
        {
            if (int.TryParse(Path.GetFileName(entry), out int fd) && fd > 2)
                Fcntl.SetCloexec(fd);
        }
    }

    /// <summary>
    /// Replaces the process image. Returns only on failure, with errno. Preconditions: the
    /// credentials, capabilities, rlimits, signals and fds are as the plan says; this is
    /// the thread whose capabilities were set (capabilities are per thread).
    /// </summary>
    public static unsafe int Replace(byte[] path, IReadOnlyList<byte[]> argv, IReadOnlyList<byte[]> envp)
    {
        var handles = new List<GCHandle>(argv.Count + envp.Count + 1);
        try
        {
            byte* Pin(byte[] zeroTerminated)
            {
                var h = GCHandle.Alloc(zeroTerminated, GCHandleType.Pinned);
                handles.Add(h);
                return (byte*)h.AddrOfPinnedObject();
            }
            var av = new nint[argv.Count + 1];
            for (int i = 0; i < argv.Count; i++) av[i] = (nint)Pin(argv[i]);
            var ev = new nint[envp.Count + 1];
            for (int i = 0; i < envp.Count; i++) ev[i] = (nint)Pin(envp[i]);
            fixed (nint* a = av) fixed (nint* e = ev)
            {
                byte* p = Pin(path);
                Tmds.Linux.LibC.execve(p, (byte**)a, (byte**)e);
                return Tmds.Linux.LibC.errno;
            }
        }
        finally
        {
            foreach (var h in handles) h.Free();
        }
    }
}

public static class Fcntl
{
    private const int F_GETFD = 1, F_SETFD = 2, FD_CLOEXEC = 1;

    public static void SetCloexec(int fd)
    {
        int flags = LinuxCalls.fcntl(fd, F_GETFD, 0);
        if (flags >= 0) LinuxCalls.fcntl(fd, F_SETFD, flags | FD_CLOEXEC);
    }
}
