using Rootwrap.Capabilities;
using Xunit;

namespace Rootwrap.Tests.EndToEnd;

/// <summary>The credential lines of /proc/PID/status, as the kernel printed them.</summary>
public sealed class ProcStatus
{
    private readonly Dictionary<string, string> _fields = new(StringComparer.Ordinal);

    public ProcStatus(string text)
    {
        Text = text;
        foreach (var line in text.Split('\n'))
        {
            int colon = line.IndexOf(':');
            if (colon > 0) _fields[line[..colon]] = line[(colon + 1)..].Trim();
        }
    }

    public string Text { get; }

    public string this[string key] =>
        _fields.TryGetValue(key, out var v) ? v : throw new KeyNotFoundException($"no '{key}:' line in\n{Text}");

    /// <summary>"Uid:" as four numbers: real, effective, saved, filesystem.</summary>
    public uint[] Ids(string key) => this[key].Split('\t', ' ').Where(s => s.Length > 0).Select(uint.Parse).ToArray();

    public uint[] Groups => _fields.TryGetValue("Groups", out var g)
        ? g.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(uint.Parse).ToArray()
        : [];

    public CapabilitySet Cap(string key) => new(Convert.ToUInt64(this[key], 16));

    public bool NoNewPrivs => this["NoNewPrivs"] == "1";

    /// <summary>The test process's own: the caller's bounding set is "all" on this machine.</summary>
    public static ProcStatus Self() => new(File.ReadAllText("/proc/self/status"));

    /// <summary>Asserts one SPEC section 4 row: uid, the five capability sets and NoNewPrivs.</summary>
    public void AssertRow(uint uid, CapabilitySet effPrm, CapabilitySet bnd, CapabilitySet amb, CapabilitySet inh, bool nnp)
    {
        var want = $"Uid {uid} x4, CapEff=CapPrm {effPrm.ToHex()}, CapBnd {bnd.ToHex()}, CapAmb {amb.ToHex()}, CapInh {inh.ToHex()}, NoNewPrivs {(nnp ? 1 : 0)}";
        var got = $"Uid {this["Uid"]}, CapEff {this["CapEff"]}, CapPrm {this["CapPrm"]}, CapBnd {this["CapBnd"]}, CapAmb {this["CapAmb"]}, CapInh {this["CapInh"]}, NoNewPrivs {this["NoNewPrivs"]}";
        bool ok = Ids("Uid").All(u => u == uid) && Ids("Uid").Length == 4
            && Cap("CapEff") == effPrm && Cap("CapPrm") == effPrm && Cap("CapBnd") == bnd
            && Cap("CapAmb") == amb && Cap("CapInh") == inh && NoNewPrivs == nnp;
        Assert.True(ok, $"want {want}\n got {got}");
    }
}
