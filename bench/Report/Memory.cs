using Rootwrap.Bench.Infra;
using Rootwrap.Bench.Calls;

namespace Rootwrap.Bench.Report;

/// <summary>
/// Peak RSS: of each per-call command, as GNU time reports it (the largest of the process
/// and what it exec'd), and of each daemon under 8-thread load (its VmHWM).
/// </summary>
public static class Memory
{
    public const string Time = "/usr/bin/time";

    /// <summary>Median peak RSS in KiB of each benchmark command, by benchmark name.</summary>
    public static Dictionary<string, long> PerCall(Workspace ws, int runs)
    {
        var result = new Dictionary<string, long>();
        if (!File.Exists(Time))
        {
            Console.WriteLine("// peak RSS: skipped (no /usr/bin/time; Debian package time)");
            return result;
        }
        var outFile = Path.Combine(ws.Dir, "time.out");
        foreach (var (name, argv, env) in StartupBenchmarks.Commands(ws))
        {
            // sudo's own RSS would be what is measured; the helper's is in the rows without it.
            if (name.StartsWith("Sudo")) continue;
            var kbs = new List<long>();
            using var s = new Spawn([Time, "-f", "%M", "-o", outFile, .. argv], env);
            for (int i = 0; i < runs; i++)
            {
                s.Run();
                kbs.Add(long.Parse(File.ReadAllText(outFile).Trim().Split('\n')[^1]));
            }
            kbs.Sort();
            result[name] = kbs[kbs.Count / 2];
        }
        File.Delete(outFile);
        return result;
    }

    public static List<(string Daemon, double PerSecond, long PeakRssKb)> Daemons(Workspace ws)
    {
        var result = new List<(string, double, long)>();
        foreach (var d in new[] { "oslo", "native" })
        {
            if (ws.Unavailable.TryGetValue($"Daemon={d}", out var why))
            {
                Console.WriteLine($"// daemon load: {d} skipped: {why}");
                continue;
            }
            using var c = new DaemonClient(ws, DaemonBenchmarks.Command(ws, d));
            c.Load(80, 8); // connections and threads up
            var (rate, kb) = c.Load(800, 8);
            Console.WriteLine($"// daemon load: {d}: {rate:F0} calls/s, peak RSS {kb} KiB");
            result.Add((d == "oslo" ? "oslo-rootwrap-daemon" : "rootwrap-native-daemon", rate, kb));
        }
        return result;
    }
}
