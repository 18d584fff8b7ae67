using System.Runtime.InteropServices;
using Rootwrap.Capabilities;

namespace Rootwrap.Native.Linux;

/// <summary>
/// capabilities(7) through prctl and capset. Every call here acts on the calling thread
/// only: call them all on the thread that will execve.
/// </summary>
public static unsafe partial class Capabilities
{
    [LibraryImport("libc", EntryPoint = "prctl", SetLastError = true)]
    private static partial int prctl(int option, ulong a2, ulong a3, ulong a4, ulong a5);

    [LibraryImport("libc", EntryPoint = "capset", SetLastError = true)]
    private static partial int capset(CapHeader* header, CapData* data);

    [LibraryImport("libc", EntryPoint = "capget", SetLastError = true)]
    private static partial int capget(CapHeader* header, CapData* data);

    [StructLayout(LayoutKind.Sequential)]
    private struct CapHeader { public uint Version; public int Pid; }

    [StructLayout(LayoutKind.Sequential)]
    private struct CapData { public uint Effective, Permitted, Inheritable; }

    private const uint LINUX_CAPABILITY_VERSION_3 = 0x20080522;
    private const int PR_SET_KEEPCAPS = 8, PR_CAPBSET_READ = 23, PR_CAPBSET_DROP = 24,
        PR_SET_NO_NEW_PRIVS = 38, PR_CAP_AMBIENT = 47;
    private const ulong PR_CAP_AMBIENT_RAISE = 2, PR_CAP_AMBIENT_CLEAR_ALL = 4;

    /// <summary>The highest capability this kernel knows (/proc/sys/kernel/cap_last_cap).</summary>
    public static int LastCap()
    {
        try { return int.Parse(File.ReadAllText("/proc/sys/kernel/cap_last_cap").Trim()); }
        catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
        {
            // Probe: PR_CAPBSET_READ fails with EINVAL past the last capability.
            int c = 0;
            while (c < 63 && prctl(PR_CAPBSET_READ, (ulong)c + 1, 0, 0, 0) >= 0) c++;
            return c;
        }
    }

    public static void SetNoNewPrivs() =>
        Errno.Check(prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "prctl(PR_SET_NO_NEW_PRIVS)");

    /// <summary>Keep the permitted set across the coming setresuid (cleared again by execve).</summary>
    public static void SetKeepCaps(bool on) =>
        Errno.Check(prctl(PR_SET_KEEPCAPS, on ? 1UL : 0UL, 0, 0, 0), "prctl(PR_SET_KEEPCAPS)");

    /// <summary>Drops from the bounding set every capability outside <paramref name="keep"/>. Needs CAP_SETPCAP.</summary>
    public static void LimitBoundingSet(CapabilitySet keep, int lastCap)
    {
        for (int c = 0; c <= lastCap; c++)
        {
            if (keep.Contains(c)) continue;
            Errno.Check(prctl(PR_CAPBSET_DROP, (ulong)c, 0, 0, 0), $"prctl(PR_CAPBSET_DROP, {CapName(c)})");
        }
    }

    /// <summary>Sets effective = permitted = <paramref name="keep"/>, and inheritable to <paramref name="inheritable"/>.</summary>
    public static void Set(CapabilitySet keep, CapabilitySet inheritable)
    {
        var h = new CapHeader { Version = LINUX_CAPABILITY_VERSION_3, Pid = 0 };
        var d = stackalloc CapData[2];
        d[0] = new CapData { Effective = (uint)keep.Mask, Permitted = (uint)keep.Mask, Inheritable = (uint)inheritable.Mask };
        d[1] = new CapData { Effective = (uint)(keep.Mask >> 32), Permitted = (uint)(keep.Mask >> 32), Inheritable = (uint)(inheritable.Mask >> 32) };
        Errno.Check(capset(&h, d), $"capset({keep})");
    }

    /// <summary>Raises each capability in the ambient set (each must be permitted and inheritable).</summary>
    public static void SetAmbient(CapabilitySet caps)
    {
        Errno.Check(prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0), "prctl(PR_CAP_AMBIENT_CLEAR_ALL)");
        foreach (var c in caps.Numbers())
            Errno.Check(prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, (ulong)c, 0, 0), $"prctl(PR_CAP_AMBIENT_RAISE, {CapName(c)})");
    }

    private static string CapName(int c) => c < CapabilitySet.Names.Length ? CapabilitySet.Names[c] : $"cap {c}";
}
