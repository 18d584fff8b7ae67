using System.Diagnostics;
using Rootwrap.Bench.Infra;

namespace Rootwrap.Bench.Report;

/// <summary>
/// The start-up claim measured so that the noise of a shared machine can't favour one side:
/// rounds in which the hello-world, rootwrap-native and oslo-rootwrap each run once, in a
/// fresh random order, with the corpus configuration. BenchmarkDotNet runs one benchmark
/// after another, so a build starting on the other core between two rows shows up as a
/// difference between them; here it lands on all three alike.
/// </summary>
public static class SideBySide
{
    public sealed record Series(double Median, double Q1, double Q3);

    public sealed record Outcome(int Rounds, List<(string Label, Series Series)> Series, Series Hello, Series Native, Series Oslo)
    {
        public double NativeVsHello => Native.Median / Hello.Median;
        public double OsloVsNative => Oslo.Median / Native.Median;
    }

    public static Outcome? Run(Workspace ws, int rounds)
    {
        if (ws.Hello is null || ws.Helper is null || !ws.Configs.ContainsKey("corpus") || ws.Unavailable.ContainsKey("OsloCorpus"))
        {
            Console.WriteLine("// side by side: skipped (needs the hello-world, rootwrap-native, oslo-rootwrap and the corpus)");
            return null;
        }
        var commands = new (string Label, Spawn Spawn)[]
        {
            ("NativeAOT hello-world", new Spawn(ws.Hello)),
            ("rootwrap-native, corpus", new Spawn(ws.Helper, ws.Config("corpus"), "true")),
            ("oslo-rootwrap, corpus", new Spawn(Workspace.OsloRootwrap, ws.Config("corpus"), "true")),
        };
        foreach (var (_, s) in commands) s.Check();
        var times = commands.Select(_ => new List<double>(rounds)).ToArray();
        var rng = new Random(6);
        var order = Enumerable.Range(0, commands.Length).ToArray();
        Console.WriteLine($"// side by side: {rounds} rounds of {string.Join(", ", commands.Select(c => c.Label))}");
        for (int r = -10; r < rounds; r++)
        {
            rng.Shuffle(order);
            foreach (int i in order)
            {
                long t0 = Stopwatch.GetTimestamp();
                commands[i].Spawn.Run();
                double ms = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
                if (r >= 0) times[i].Add(ms); // the first ten rounds warm the page cache
            }
        }
        var series = commands.Select((c, i) => (c.Label, Describe(times[i]))).ToList();
        foreach (var (label, s) in series)
            Console.WriteLine($"//   {label,-26} median {s.Median:F3} ms  [{s.Q1:F3} .. {s.Q3:F3}]");
        var outcome = new Outcome(rounds, series, series[0].Item2, series[1].Item2, series[2].Item2);
        Console.WriteLine($"//   rootwrap-native / hello-world = {outcome.NativeVsHello:F2}   oslo-rootwrap / rootwrap-native = {outcome.OsloVsNative:F1}");
        return outcome;
    }

    public static Series Describe(List<double> xs)
    {
        var s = xs.Order().ToArray();
        return new Series(Quantile(s, 0.5), Quantile(s, 0.25), Quantile(s, 0.75));
    }

    private static double Quantile(double[] sorted, double q)
    {
        double pos = (sorted.Length - 1) * q;
        int lo = (int)Math.Floor(pos), hi = (int)Math.Ceiling(pos);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }
}
