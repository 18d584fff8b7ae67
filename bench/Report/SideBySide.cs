using System.Diagnostics;
using Rootwrap.Bench.Infra;

namespace Rootwrap.Bench.Report;

/// <summary>
/// Commands compared so that the noise of a shared machine can't favour one of them:
/// rounds in which each command runs once, in a fresh random order. BenchmarkDotNet runs
/// one benchmark after another, so a build starting on the other core between two rows
/// shows up as a difference between them; here it lands on all of them alike. Each run
/// also gives the kernel's count of the command's own CPU time and minor page faults,
/// which move much less than wall time when other work competes for the cores.
/// </summary>
public static class SideBySide
{
    public sealed record Series(double Median, double Q1, double Q3, double CpuMedian, double FaultsMedian);

    public sealed record Outcome(int Rounds, List<(string Label, Series Series)> Series, Series Hello, Series Native, Series Oslo)
    {
        public double NativeVsHello => Native.Median / Hello.Median;
        public double OsloVsNative => Oslo.Median / Native.Median;
        public double NativeVsHelloCpu => Native.CpuMedian / Hello.CpuMedian;
        public double OsloVsNativeCpu => Oslo.CpuMedian / Native.CpuMedian;
    }

    /// <summary>Issue 2's claim: the hello-world, rootwrap-native and oslo-rootwrap with the corpus.</summary>
    public static Outcome? Claim(Workspace ws, int rounds)
    {
        if (ws.Hello is null || ws.Helper is null || !ws.Configs.ContainsKey("corpus") || ws.Unavailable.ContainsKey("OsloCorpus"))
        {
            Console.WriteLine("// side by side: skipped (needs the hello-world, rootwrap-native, oslo-rootwrap and the corpus)");
            return null;
        }
        var series = Interleave(
        [
            ("NativeAOT hello-world", new Spawn(ws.Hello)),
            ("rootwrap-native, corpus", new Spawn(ws.Helper, ws.Config("corpus"), "true")),
            ("oslo-rootwrap, corpus", new Spawn(Workspace.OsloRootwrap, ws.Config("corpus"), "true")),
        ], rounds);
        var outcome = new Outcome(rounds, series, series[0].Series, series[1].Series, series[2].Series);
        Console.WriteLine($"//   rootwrap-native / hello-world = {outcome.NativeVsHello:F2} (CPU {outcome.NativeVsHelloCpu:F2})   " +
                          $"oslo-rootwrap / rootwrap-native = {outcome.OsloVsNative:F1} (CPU {outcome.OsloVsNativeCpu:F1})");
        return outcome;
    }

    public static List<(string Label, Series Series)> Interleave(IReadOnlyList<(string Label, Spawn Spawn)> commands, int rounds)
    {
        foreach (var (_, s) in commands) s.Check();
        var wall = commands.Select(_ => new List<double>(rounds)).ToArray();
        var cpu = commands.Select(_ => new List<double>(rounds)).ToArray();
        var faults = commands.Select(_ => new List<double>(rounds)).ToArray();
        var rng = new Random(6);
        var order = Enumerable.Range(0, commands.Count).ToArray();
        Console.WriteLine($"// side by side: {rounds} rounds of {string.Join(", ", commands.Select(c => c.Label))}");
        for (int r = -10; r < rounds; r++)
        {
            rng.Shuffle(order);
            foreach (int i in order)
            {
                long t0 = Stopwatch.GetTimestamp();
                var u = commands[i].Spawn.RunMeasured();
                double ms = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
                if (r < 0) continue; // the first ten rounds warm the page cache
                wall[i].Add(ms);
                cpu[i].Add(u.CpuMs);
                faults[i].Add(u.MinorFaults);
            }
        }
        var result = new List<(string, Series)>();
        for (int i = 0; i < commands.Count; i++)
        {
            var w = Sorted(wall[i]);
            var s = new Series(Quantile(w, 0.5), Quantile(w, 0.25), Quantile(w, 0.75), Quantile(Sorted(cpu[i]), 0.5), Quantile(Sorted(faults[i]), 0.5));
            Console.WriteLine($"//   {commands[i].Label,-34} wall {s.Median:F3} ms [{s.Q1:F3} .. {s.Q3:F3}]  CPU {s.CpuMedian:F3} ms  faults {s.FaultsMedian:F0}");
            result.Add((commands[i].Label, s));
        }
        return result;
    }

    private static double[] Sorted(List<double> xs) => xs.Order().ToArray();

    private static double Quantile(double[] sorted, double q)
    {
        double pos = (sorted.Length - 1) * q;
        int lo = (int)Math.Floor(pos), hi = (int)Math.Ceiling(pos);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }
}
