using System.Numerics;
using System.Text;

namespace Rootwrap.Capabilities;

/// <summary>
/// A set of Linux capabilities as the kernel's 64-bit mask. Parsed once from names
/// (case-insensitive, <c>CAP_</c> prefix optional); after that no capability is a string.
/// </summary>
public readonly record struct CapabilitySet(ulong Mask)
{
    /// <summary>Names by number, capabilities(7) as of Linux 5.9 (CAP_CHECKPOINT_RESTORE = 40).</summary>
    public static readonly string[] Names =
    [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID",
        "CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE",
        "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK",
        "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE",
        "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE", "CAP_SYS_RESOURCE",
        "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE", "CAP_AUDIT_WRITE",
        "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG",
        "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF",
        "CAP_CHECKPOINT_RESTORE",
    ];

    public const int LastKnown = 40;

    public static CapabilitySet Empty => new(0);
    public static CapabilitySet AllKnown => new((1UL << (LastKnown + 1)) - 1);

    public static CapabilitySet Of(params int[] caps)
    {
        ulong m = 0;
        foreach (var c in caps) m |= 1UL << c;
        return new(m);
    }

    public bool Contains(int cap) => (Mask & (1UL << cap)) != 0;
    public bool IsEmpty => Mask == 0;
    public int Count => BitOperations.PopCount(Mask);
    public bool IsSubsetOf(CapabilitySet other) => (Mask & ~other.Mask) == 0;
    public CapabilitySet Union(CapabilitySet o) => new(Mask | o.Mask);
    public CapabilitySet Intersect(CapabilitySet o) => new(Mask & o.Mask);
    public CapabilitySet Except(CapabilitySet o) => new(Mask & ~o.Mask);

    public IEnumerable<int> Numbers()
    {
        for (int i = 0; i < 64; i++) if (Contains(i)) yield return i;
    }

    /// <summary>One capability by name: <c>CAP_NET_ADMIN</c>, <c>net_admin</c>, <c>Cap_Kill</c>.</summary>
    public static bool TryParseName(string name, out int cap)
    {
        var n = name.Trim().ToUpperInvariant();
        if (!n.StartsWith("CAP_", StringComparison.Ordinal)) n = "CAP_" + n;
        cap = Array.IndexOf(Names, n);
        return cap >= 0;
    }

    /// <summary>A comma list of names; empty text is the empty set. Reports the first bad name.</summary>
    public static bool TryParse(string text, out CapabilitySet set, out string? badName)
    {
        set = Empty;
        badName = null;
        ulong m = 0;
        foreach (var part in text.Split(','))
        {
            var p = part.Trim();
            if (p.Length == 0) continue;
            if (!TryParseName(p, out int cap)) { badName = p; return false; }
            m |= 1UL << cap;
        }
        set = new(m);
        return true;
    }

    /// <summary>The mask as /proc/PID/status prints it (16 hex digits).</summary>
    public string ToHex() => Mask.ToString("x16");

    public override string ToString()
    {
        if (Mask == 0) return "(none)";
        var sb = new StringBuilder();
        foreach (var c in Numbers())
        {
            if (sb.Length > 0) sb.Append(", ");
            sb.Append(c < Names.Length ? Names[c] : "CAP_" + c);
        }
        return sb.ToString();
    }
}
