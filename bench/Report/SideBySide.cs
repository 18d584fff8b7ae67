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

    /// <summary>Issue 2's claim: rootwrap-native with the corpus against the hello-world and oslo-rootwrap.</summary>
    public sealed record Outcome(int Rounds, Series Hello, Series? ExecFloor, Series Native, Series Oslo)
    {
        public double NativeVsHello => Native.Median / Hello.Median;
        public double OsloVsNative => Oslo.Median / Native.Median;
        public double NativeVsHelloCpu => Native.CpuMedian / Hello.CpuMedian;
        public double OsloVsNativeCpu => Oslo.CpuMedian / Native.CpuMedian;
        public double? NativeVsFloor => ExecFloor is null ? null : Native.Median / ExecFloor.Median;
    }

    /// <summary>Every per-call command of the start-up benchmarks, side by side; by benchmark name.</summary>
    public static Dictionary<string, Series> All(Workspace ws, int rounds)
    {
        var commands = Calls.StartupBenchmarks.Commands(ws).Select(c => (c.Name, new Spawn(c.Argv, c.Env))).ToList();
        return Interleave(commands, rounds).ToDictionary(x => x.Label, x => x.Series);
    }

    public static Outcome? Claim(IReadOnlyDictionary<string, Series> s, int rounds) =>
        s.TryGetValue("HelloWorld", out var h) && s.TryGetValue("NativeCorpus", out var n) && s.TryGetValue("OsloCorpus", out var o)
            ? new Outcome(rounds, h, s.GetValueOrDefault("HelloExec"), n, o)
            : null;

    /// <summary><c>--side-by-side</c>: only the commands of the claim, and the reference without eventlet and through sudo.</summary>
    public static Outcome? Claim(Workspace ws, int rounds)
    {
        // The claim's rows, and the reference on a node without eventlet and both through sudo.
        var wanted = new[] { "HelloWorld", "HelloExec", "NativeCorpus", "OsloCorpus", "OsloCorpusBare", "SudoNative", "SudoOslo" };
        var commands = Calls.StartupBenchmarks.Commands(ws).Where(c => wanted.Contains(c.Name))
            .Select(c => (c.Name, new Spawn(c.Argv, c.Env))).ToList();
        var outcome = Claim(Interleave(commands, rounds).ToDictionary(x => x.Label, x => x.Series), rounds);
        if (outcome is null)
            Console.WriteLine("// side by side: skipped (needs the hello-world, rootwrap-native, oslo-rootwrap and the corpus)");
        else
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
        Console.WriteLine($"// side by side: {rounds} rounds of {commands.Count} commands: {string.Join(", ", commands.Select(c => c.Label))}");
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
