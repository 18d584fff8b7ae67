using System.Runtime.InteropServices;
using Rootwrap.Capabilities;

namespace Rootwrap.Native.Linux;

/// <summary>
/// capabilities(7) through prctl and capset. Every call here acts on the calling thread
/// only (the kernel keeps these sets per task): call them all on the thread that will
/// execve, after any fork.
/// </summary>
public static partial class ThreadCapabilities
{
    [LibraryImport("libc", EntryPoint = "capset", SetLastError = true)]
    private static unsafe partial int capset(CapHeader* header, CapData* data);

    [LibraryImport("libc", EntryPoint = "capget", SetLastError = true)]
    private static unsafe partial int capget(CapHeader* header, CapData* data);

    [StructLayout(LayoutKind.Sequential)]
    private struct CapHeader { public uint Version; public int Pid; }

    [StructLayout(LayoutKind.Sequential)]
    private struct CapData { public uint Effective, Permitted, Inheritable; }

    // Version 3: two CapData words, capabilities 0-63.
    private const uint LINUX_CAPABILITY_VERSION_3 = 0x20080522;
    private const int PR_SET_KEEPCAPS = 8, PR_CAPBSET_READ = 23, PR_CAPBSET_DROP = 24,
        PR_SET_NO_NEW_PRIVS = 38, PR_GET_NO_NEW_PRIVS = 39, PR_CAP_AMBIENT = 47;
    private const ulong PR_CAP_AMBIENT_IS_SET = 1, PR_CAP_AMBIENT_RAISE = 2, PR_CAP_AMBIENT_CLEAR_ALL = 4;

    /// <summary>The three per-thread sets capget reports.</summary>
    public readonly record struct Sets(CapabilitySet Effective, CapabilitySet Permitted, CapabilitySet Inheritable);

    private static int _lastCap = -1;

    /// <summary>The highest capability this kernel knows (/proc/sys/kernel/cap_last_cap); read once per process.</summary>
    public static int LastCap()
    {
        if (_lastCap < 0) _lastCap = ReadLastCap();
        return _lastCap;
    }

    private static int ReadLastCap()
    {
        try { return int.Parse(File.ReadAllText("/proc/sys/kernel/cap_last_cap").Trim()); }
        catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
        {
            // No /proc: PR_CAPBSET_READ fails with EINVAL past the last capability.
            int c = 0;
            while (c < 63 && LinuxCalls.prctl(PR_CAPBSET_READ, (ulong)c + 1, 0, 0, 0) >= 0) c++;
            return c;
        }
    }

    /// <summary>Every capability this kernel knows, 0 to <paramref name="lastCap"/>.</summary>
    public static CapabilitySet AllOf(int lastCap) => new(lastCap >= 63 ? ulong.MaxValue : (1UL << (lastCap + 1)) - 1);

    /// <summary>
    /// No execve from here on can grant privileges (setuid bits, file capabilities). Needs
    /// nothing; irreversible; inherited by children and kept across execve.
    /// </summary>
    public static void SetNoNewPrivs() =>
        SyscallException.Check(LinuxCalls.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "prctl(PR_SET_NO_NEW_PRIVS)");

    public static bool GetNoNewPrivs() =>
        SyscallException.Check(LinuxCalls.prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0), "prctl(PR_GET_NO_NEW_PRIVS)") == 1;

    /// <summary>
    /// Keep the permitted set across the coming uid change away from 0 (the effective set is
    /// cleared regardless). Cleared again by execve.
    /// </summary>
    public static void SetKeepCaps(bool on) =>
        SyscallException.Check(LinuxCalls.prctl(PR_SET_KEEPCAPS, on ? 1UL : 0UL, 0, 0, 0), "prctl(PR_SET_KEEPCAPS)");

    /// <summary>
    /// Drops from the bounding set every capability outside <paramref name="keep"/>. Needs
    /// CAP_SETPCAP in the effective set, so it comes before capset lowers that.
    /// </summary>
    public static void LimitBoundingSet(CapabilitySet keep, int lastCap)
    {
        for (int c = 0; c <= lastCap; c++)
        {
            if (keep.Contains(c)) continue;
            if (LinuxCalls.prctl(PR_CAPBSET_DROP, (ulong)c, 0, 0, 0) == -1) Fail($"prctl(PR_CAPBSET_DROP, {CapName(c)})");
        }
    }

    public static CapabilitySet ReadBoundingSet(int lastCap)
    {
        ulong m = 0;
        for (int c = 0; c <= lastCap; c++)
            switch (LinuxCalls.prctl(PR_CAPBSET_READ, (ulong)c, 0, 0, 0))
            {
                case 1: m |= 1UL << c; break;
                case -1: Fail($"prctl(PR_CAPBSET_READ, {CapName(c)})"); break;
            }
        return new(m);
    }

    public static unsafe Sets Get()
    {
        var h = new CapHeader { Version = LINUX_CAPABILITY_VERSION_3, Pid = 0 };
        var d = stackalloc CapData[2];
        SyscallException.Check(capget(&h, d), "capget");
        return new Sets(
            new(d[0].Effective | ((ulong)d[1].Effective << 32)),
            new(d[0].Permitted | ((ulong)d[1].Permitted << 32)),
            new(d[0].Inheritable | ((ulong)d[1].Inheritable << 32)));
    }

    /// <summary>
    /// Sets effective = permitted = <paramref name="keep"/> and the inheritable set. The
    /// kernel refuses (EPERM) to raise a permitted capability, or an inheritable one
    /// outside permitted or outside the bounding set.
    /// </summary>
    public static unsafe void Set(CapabilitySet keep, CapabilitySet inheritable)
    {
        var h = new CapHeader { Version = LINUX_CAPABILITY_VERSION_3, Pid = 0 };
        var d = stackalloc CapData[2];
        d[0] = new CapData { Effective = (uint)keep.Mask, Permitted = (uint)keep.Mask, Inheritable = (uint)inheritable.Mask };
        d[1] = new CapData { Effective = (uint)(keep.Mask >> 32), Permitted = (uint)(keep.Mask >> 32), Inheritable = (uint)(inheritable.Mask >> 32) };
        SyscallException.Check(capset(&h, d), $"capset(permitted {keep}; inheritable {inheritable})");
    }

    /// <summary>
    /// Makes the ambient set exactly <paramref name="caps"/>: clears it, then raises each
    /// (each must already be permitted and inheritable). Ambient capabilities survive the
    /// execve of a non-root, non-setuid, capability-less program: how a command that runs
    /// as a user keeps any.
    /// </summary>
    public static void SetAmbient(CapabilitySet caps)
    {
        SyscallException.Check(LinuxCalls.prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0), "prctl(PR_CAP_AMBIENT_CLEAR_ALL)");
        foreach (var c in caps.Numbers())
            SyscallException.Check(LinuxCalls.prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, (ulong)c, 0, 0), $"prctl(PR_CAP_AMBIENT_RAISE, {CapName(c)})");
    }

    public static CapabilitySet ReadAmbient(int lastCap)
    {
        ulong m = 0;
        for (int c = 0; c <= lastCap; c++)
            switch (LinuxCalls.prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, (ulong)c, 0, 0))
            {
                case 1: m |= 1UL << c; break;
                case -1: Fail($"prctl(PR_CAP_AMBIENT_IS_SET, {CapName(c)})"); break;
            }
        return new(m);
    }

    /// <summary>The errno of the call just failed, named only then: these loops run once per capability.</summary>
    private static void Fail(string call) => throw new SyscallException(call, Marshal.GetLastPInvokeError());

    private static string CapName(int c) => c < CapabilitySet.Names.Length ? CapabilitySet.Names[c] : $"cap {c}";
}
