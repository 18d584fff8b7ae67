using System.Globalization;
using System.Text;

namespace Rootwrap.Bench.Report;

/// <summary>One measured row: a median with its quartiles, in nanoseconds.</summary>
public sealed record Row(string Group, string Key, string Label, double MedianNs, double Q1Ns, double Q3Ns, int N)
{
    public long? AllocatedBytes { get; init; }
    public long? PeakRssKb { get; init; }
    /// <summary>The same command measured side by side with all the others (per-call rows).</summary>
    public SideBySide.Series? Sbs { get; init; }

    /// <summary>The figure to quote: side by side where measured so, else BenchmarkDotNet's median.</summary>
    public double BestNs => Sbs is { } s ? s.Median * 1e6 : MedianNs;
    public double BestQ1Ns => Sbs is { } s ? s.Q1 * 1e6 : Q1Ns;
    public double BestQ3Ns => Sbs is { } s ? s.Q3 * 1e6 : Q3Ns;
    public double Ms => BestNs / 1e6;
}

/// <summary>The results of one run, as a CSV (what the plot is drawn from) and a Markdown section.</summary>
public sealed class Results
{
    public List<Row> Rows { get; } = new();
    public SideBySide.Outcome? Claim { get; set; }
    public List<(string Daemon, double PerSecond, long PeakRssKb)> DaemonLoad { get; } = new();

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public Row? Find(string key) => Rows.FirstOrDefault(r => r.Key == key);

    public void WriteCsv(string path)
    {
        // median/q1/q3: side by side for the per-call rows, BenchmarkDotNet's otherwise.
        var sb = new StringBuilder("group,key,label,median_ns,q1_ns,q3_ns,n,allocated_bytes,peak_rss_kb\n");
        foreach (var r in Rows)
            sb.Append(Inv, $"{r.Group},{r.Key},\"{r.Label}\",{r.BestNs:F1},{r.BestQ1Ns:F1},{r.BestQ3Ns:F1},{r.N},{r.AllocatedBytes},{r.PeakRssKb}\n");
        File.WriteAllText(path, sb.ToString());
    }

    public static List<Row> ReadCsv(string path)
    {
        var rows = new List<Row>();
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            // The label is the only quoted field and holds no quote.
            int q1 = line.IndexOf('"'), q2 = line.IndexOf('"', q1 + 1);
            var head = line[..q1].Split(',');
            var tail = line[(q2 + 2)..].Split(',');
            rows.Add(new Row(head[0], head[1], line[(q1 + 1)..q2],
                double.Parse(tail[0], Inv), double.Parse(tail[1], Inv), double.Parse(tail[2], Inv), int.Parse(tail[3], Inv))
            {
                AllocatedBytes = tail[4].Length > 0 ? long.Parse(tail[4], Inv) : null,
                PeakRssKb = tail[5].Length > 0 ? long.Parse(tail[5], Inv) : null,
            });
        }
        return rows;
    }

    /// <summary>Which row each rootwrap row is compared with: the reference on the same configuration.</summary>
    public static readonly Dictionary<string, string> Reference = new()
    {
        ["NativeEmpty"] = "OsloEmpty", ["NativeSmall"] = "OsloSmall", ["NativeCorpus"] = "OsloCorpus",
        ["SudoNative"] = "SudoOslo", ["PerCall(Daemon=native)"] = "PerCall(Daemon=oslo)",
    };

    public string Markdown(string machine, string command)
    {
        var sb = new StringBuilder();
        sb.Append(machine).Append('\n');
        sb.Append("Reproduce: `").Append(command).Append("` (as root; about ten minutes).\n\n");

        if (Claim is { } c)
        {
            sb.Append(Inv, $"**Issue 2's claim** (side by side, see Noise): rootwrap-native with the whole corpus takes **{c.NativeVsHello:F2}×** the hello-world's wall time ({c.NativeVsHelloCpu:F2}× its CPU time; target ≤ 1.2×: {(c.NativeVsHello <= 1.2 ? "met" : "not met")}) and **{c.OsloVsNative:F1}× less** than oslo-rootwrap ({c.OsloVsNativeCpu:F1}× less CPU; target ≥ 25×: {(c.OsloVsNative >= 25 ? "met" : "not met")})");
            if (c.NativeVsFloor is { } f)
                sb.Append(Inv, $"; against a NativeAOT program that only execs `true`, the least any such helper can cost, it takes {f:F2}×");
            sb.Append(".\n\n");
        }

        var hello = Find("HelloWorld");
        var floor = Find("HelloExec");
        var perCall = Rows.Where(r => r.Group == "process").ToList();
        if (perCall.Count > 0)
        {
            sb.Append($"**Per call**: {Claim?.Rounds} rounds in which every command below runs once, in a shuffled order; medians and middle half of the wall time, ");
            sb.Append("the CPU time and minor page faults the kernel accounts to the process, BenchmarkDotNet's median of the same command (run one row after the other) as a cross-check, and peak RSS from GNU time.\n\n");
            sb.Append("| method | wall, median | middle half | × hello-world | × exec floor | oslo-rootwrap ÷ this | CPU | page faults | BenchmarkDotNet | peak RSS |\n");
            sb.Append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            foreach (var r in perCall)
            {
                string x(Row? b) => b is null ? "" : (r.BestNs / b.BestNs).ToString("F2", Inv) + "×";
                string vsRef = Reference.TryGetValue(r.Key, out var rk) && Find(rk) is { } rr ? (rr.BestNs / r.BestNs).ToString("F1", Inv) + "×" : "";
                string cpu = r.Sbs is { } s1 ? s1.CpuMedian.ToString("F2", Inv) + " ms" : "";
                string faults = r.Sbs is { } s2 ? s2.FaultsMedian.ToString("F0", Inv) : "";
                string rss = r.PeakRssKb is { } kb ? (kb / 1024.0).ToString("F1", Inv) + " MiB" : "";
                sb.Append(Inv, $"| {r.Label} | {Time(r.BestNs)} | {Time(r.BestQ1Ns)}–{Time(r.BestQ3Ns)} | {x(hello)} | {x(floor)} | {vsRef} | {cpu} | {faults} | {Time(r.MedianNs)} | {rss} |\n");
            }
            sb.Append('\n');
            if (Find("NativeCorpus") is { } nc && Find("OsloCorpus") is { } oc && Find("OsloCorpusBare") is { } ob)
                sb.Append(Inv, $"With the corpus, oslo-rootwrap as installed here (importing eventlet, as on a neutron node) takes **{oc.BestNs / nc.BestNs:F1}×** rootwrap-native's time, and with eventlet hidden (a node without it) **{ob.BestNs / nc.BestNs:F1}×**.\n\n");
        }
        var daemons = Rows.Where(r => r.Group == "daemon").ToList();
        if (daemons.Count > 0)
        {
            sb.Append("**Per call through a daemon** (BenchmarkDotNet; `client.execute([\"true\"])` with the corpus configuration):\n\n");
            sb.Append("| daemon | median | middle half | oslo-rootwrap-daemon ÷ this |\n|---|---:|---:|---:|\n");
            foreach (var r in daemons)
            {
                string vsRef = Reference.TryGetValue(r.Key, out var rk) && Find(rk) is { } rr ? (rr.BestNs / r.BestNs).ToString("F1", Inv) + "×" : "1.0×";
                sb.Append(Inv, $"| {r.Label} | {Time(r.MedianNs)} | {Time(r.Q1Ns)}–{Time(r.Q3Ns)} | {vsRef} |\n");
            }
            sb.Append('\n');
        }
        if (DaemonLoad.Count > 0)
        {
            sb.Append("**Daemons under load** (8 client threads, each with its own connection, 800 calls of `true`):\n\n");
            sb.Append("| daemon | calls/s | daemon peak RSS |\n|---|---:|---:|\n");
            foreach (var (d, rate, kb) in DaemonLoad)
                sb.Append(Inv, $"| {d} | {rate:F0} | {kb / 1024.0:F1} MiB |\n");
            sb.Append('\n');
        }
        var inproc = Rows.Where(r => r.Group == "inprocess").ToList();
        if (inproc.Count > 0)
        {
            sb.Append("**In process** (JIT-compiled and warm: the steady-state cost of each step; the helper pays them once, cold, which the per-call rows include):\n\n");
            sb.Append("| step | median | allocated |\n|---|---:|---:|\n");
            foreach (var r in inproc)
                sb.Append(Inv, $"| {r.Label} | {Time(r.MedianNs)} | {(r.AllocatedBytes is { } b ? Bytes(b) : "")} |\n");
            sb.Append('\n');
        }
        return sb.ToString();
    }

    public static string Time(double ns) => ns switch
    {
        >= 1e6 => (ns / 1e6).ToString(ns >= 1e8 ? "F0" : ns >= 1e7 ? "F1" : "F2", Inv) + " ms",
        >= 1e3 => (ns / 1e3).ToString(ns >= 1e5 ? "F0" : "F1", Inv) + " µs",
        _ => ns.ToString("F0", Inv) + " ns",
    };

    private static string Bytes(long b) => b switch
    {
        >= 1 << 20 => (b / 1048576.0).ToString("F1", Inv) + " MiB",
        >= 1 << 10 => (b / 1024.0).ToString("F1", Inv) + " KiB",
        _ => b + " B",
    };
}
