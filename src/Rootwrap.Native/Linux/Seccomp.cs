using System.Runtime.InteropServices;
using Rootwrap.Posix;

namespace Rootwrap.Native.Linux;

/// <summary>
/// SPEC 4b's "no setuid or setgid file, not even inside its rw paths", as systemd's
/// <c>RestrictSUIDSGID=</c> builds it: a seccomp filter that fails with EPERM every call
/// that would give a file the set-user-ID or set-group-ID bit. A confined root command
/// holding CAP_CHOWN next to a blank chmod could otherwise make <c>cp bash rw/sh; chown root
/// rw/sh; chmod 4755 rw/sh</c>, a root shell for whoever runs it.
///
/// Covered: chmod, fchmod, fchmodat, fchmodat2 (the mode), mkdir, mkdirat, mknod, mknodat
/// (the mode), creat, and open and openat when they create (O_CREAT or O_TMPFILE, then the
/// mode). openat2 and io_uring carry their mode where a filter can't read it: they fail
/// with ENOSYS, which callers take as "use openat" (glibc never uses either for open).
/// chown needs nothing: the kernel clears both bits on a file whose owner changes. A system
/// call of another ABI (i386, x32) fails with EPERM: no rule here would see its numbers.
///
/// Install on the thread that execs, while it still holds CAP_SYS_ADMIN or after
/// no_new_privs; it applies to that thread and everything it execs, and can't be removed.
/// </summary>
public static partial class Seccomp
{
    [StructLayout(LayoutKind.Sequential)]
    private struct SockFilter { public ushort Code; public byte Jt, Jf; public uint K; }

    [StructLayout(LayoutKind.Sequential)]
    private unsafe struct SockFprog { public ushort Len; public SockFilter* Filter; }

    private const long SYS_seccomp = 317;
    private const uint SECCOMP_SET_MODE_FILTER = 1;
    private const uint AUDIT_ARCH_X86_64 = 0xC000003E, X32_SYSCALL_BIT = 0x40000000;
    private const uint RET_ALLOW = 0x7FFF0000, RET_ERRNO = 0x00050000;
    private const ushort LD_W_ABS = 0x20, JEQ_K = 0x15, JGE_K = 0x35, JSET_K = 0x45, RET_K = 0x06;
    private const uint ModeBits = 0xC00; // S_ISUID | S_ISGID
    private const uint CreatingFlags = 0x40 | 0x400000; // O_CREAT | __O_TMPFILE
    private const uint OffNr = 0, OffArch = 4;
    private static uint OffArg(int i) => 16 + 8 * (uint)i; // the low 32 bits, little-endian

    // x86_64 system call numbers.
    private const uint NrOpen = 2, NrMkdir = 83, NrCreat = 85, NrChmod = 90, NrFchmod = 91, NrMknod = 133,
        NrOpenat = 257, NrMkdirat = 258, NrMknodat = 259, NrFchmodat = 268,
        NrIoUringSetup = 425, NrIoUringEnter = 426, NrIoUringRegister = 427, NrOpenat2 = 437, NrFchmodat2 = 452;

    public static unsafe void RestrictSuidSgid()
    {
        // The numbers and the arch check below are x86_64's: elsewhere, refuse (the caller
        // maps it to 99) rather than confine without the filter.
        if (RuntimeInformation.ProcessArchitecture != Architecture.X64)
            throw new SyscallException("seccomp (no filter for this architecture)", Errno.ENOSYS);
        var prog = Build();
        var filters = new SockFilter[prog.Count];
        for (int i = 0; i < prog.Count; i++)
            filters[i] = new SockFilter { Code = prog[i].Code, Jt = prog[i].Jt, Jf = prog[i].Jf, K = prog[i].K };
        fixed (SockFilter* f = filters)
        {
            var fprog = new SockFprog { Len = (ushort)filters.Length, Filter = f };
            if (LinuxCalls.syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, (long)&fprog, 0, 0) != 0)
                throw new SyscallException("seccomp(SECCOMP_SET_MODE_FILTER)", Marshal.GetLastPInvokeError());
        }
    }

    /// <summary>
    /// Classic BPF, laid out as blocks: a dispatch on the call number jumps to "check the mode
    /// in argument N" (for open and openat: first "does it create"), which ends in allow or EPERM.
    /// </summary>
    private static List<(ushort Code, byte Jt, byte Jf, uint K)> Build()
    {
        var p = new List<(ushort, byte, byte, uint)>();
        var fixups = new List<(int At, string Label, bool True)>();
        var labels = new Dictionary<string, int>();

        void Op(ushort code, uint k) => p.Add((code, 0, 0, k));
        void Jump(ushort code, uint k, string? ifTrue, string? ifFalse)
        {
            if (ifTrue is not null) fixups.Add((p.Count, ifTrue, true));
            if (ifFalse is not null) fixups.Add((p.Count, ifFalse, false));
            p.Add((code, 0, 0, k));
        }
        void Label(string name) => labels[name] = p.Count;

        Op(LD_W_ABS, OffArch);
        Jump(JEQ_K, AUDIT_ARCH_X86_64, null, "eperm");
        Op(LD_W_ABS, OffNr);
        Jump(JGE_K, X32_SYSCALL_BIT, "eperm", null);
        foreach (var (nr, label) in new[]
        {
            (NrChmod, "mode1"), (NrFchmod, "mode1"), (NrFchmodat, "mode2"), (NrFchmodat2, "mode2"),
            (NrMkdir, "mode1"), (NrMkdirat, "mode2"), (NrMknod, "mode1"), (NrMknodat, "mode2"),
            (NrCreat, "mode1"), (NrOpen, "open"), (NrOpenat, "openat"),
            (NrOpenat2, "enosys"), (NrIoUringSetup, "enosys"), (NrIoUringEnter, "enosys"), (NrIoUringRegister, "enosys"),
        })
            Jump(JEQ_K, nr, label, null);
        Op(RET_K, RET_ALLOW);

        Label("open");
        Op(LD_W_ABS, OffArg(1));
        Jump(JSET_K, CreatingFlags, "mode2", "allow");
        Label("openat");
        Op(LD_W_ABS, OffArg(2));
        Jump(JSET_K, CreatingFlags, "mode3", "allow");
        foreach (var n in new[] { 1, 2, 3 })
        {
            Label($"mode{n}");
            Op(LD_W_ABS, OffArg(n));
            Jump(JSET_K, ModeBits, "eperm", "allow");
        }
        Label("allow");
        Op(RET_K, RET_ALLOW);
        Label("eperm");
        Op(RET_K, RET_ERRNO | Errno.EPERM);
        Label("enosys");
        Op(RET_K, RET_ERRNO | Errno.ENOSYS);

        foreach (var (at, label, isTrue) in fixups)
        {
            int offset = labels[label] - at - 1;
            if (offset is < 0 or > 255) throw new InvalidOperationException($"seccomp jump to {label} out of range");
            var (code, jt, jf, k) = p[at];
            p[at] = isTrue ? (code, (byte)offset, jf, k) : (code, jt, (byte)offset, k);
        }
        return p;
    }
}
