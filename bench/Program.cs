using System.Runtime.InteropServices;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;
using Rootwrap.Bench.Infra;
using Rootwrap.Bench.Report;

namespace Rootwrap.Bench;

/// <summary>
/// <c>dotnet run -c Release --project bench -- --filter '*'</c>: every benchmark, then the
/// side-by-side start-up comparison, peak RSS, and the results (docs/benchmarks.md's table,
/// docs/bench-results.csv, docs/latency.svg). BenchmarkDotNet's own options pass through
/// (<c>--list flat</c>, <c>--job Dry</c>, ...). Ours:
///   --no-publish      use artifacts/bench as it is (or ROOTWRAP_BIN) instead of publishing
///   --rounds N        side-by-side rounds (default 200)
///   --side-by-side    only the side-by-side comparison of the claim's rows (and oslo-rootwrap without eventlet, and both through sudo)
///   --settings [A,B]  publish the helper with each NativeAOT/runtime setting changed (or only
///                     the named variants) and compare them side by side
///   --plot CSV SVG    only redraw the plot from a results CSV
/// </summary>
public static class Program
{
    public const string Command = "dotnet run -c Release --project bench -- --filter '*'";

    public static int Main(string[] argv)
    {
        var args = argv.ToList();
        if (Take(args, "--plot", 2) is { } plot)
        {
            File.WriteAllText(plot[1], LatencyPlot.Svg(Results.ReadCsv(plot[0]), PlotTitle));
            return 0;
        }
        bool build = Take(args, "--no-publish", 0) is null;
        bool sideOnly = Take(args, "--side-by-side", 0) is not null;
        string[]? settings = args.Contains("--settings")
            ? Take(args, "--settings", args.IndexOf("--settings") + 1 < args.Count && !args[args.IndexOf("--settings") + 1].StartsWith('-') ? 1 : 0)
            : null;
        int rounds = Take(args, "--rounds", 1) is { } r ? int.Parse(r[0]) : 200;
        bool listOnly = args.Any(a => a is "--list" or "--help" or "-h" or "--version");
        bool customJob = args.Any(a => a is "--job" or "-j" || a.StartsWith("--job="));

        var ws = Workspace.Current = Workspace.Prepare(build && !listOnly, probe: !listOnly);
        foreach (var (what, why) in ws.Unavailable)
            if (!listOnly) Console.WriteLine($"// bench: skipping {what}: needs {why}");
        if (sideOnly)
            return SideBySide.Claim(ws, rounds) is null ? 1 : 0;
        if (settings is not null)
            return Settings.Run(ws, settings.FirstOrDefault(), rounds);

        var config = ManualConfig.Create(DefaultConfig.Instance)
            .AddColumn(StatisticColumn.Median, StatisticColumn.Q1, StatisticColumn.Q3)
            .AddFilter(new SimpleFilter(b => listOnly || !IsUnavailable(ws, b)))
            .WithOptions(ConfigOptions.JoinSummary)
            .WithSummaryStyle(SummaryStyle.Default.WithMaxParameterColumnWidth(60));
        if (customJob)
        {
            // A job from the command line (--job Dry in CI): run it here, no generated project.
            if (!args.Contains("--inProcess") && !args.Contains("-i")) args.Add("--inProcess");
        }
        else
        {
            config.AddJob(Job.Default
                .WithToolchain(InProcessEmitToolchain.Instance)
                .WithWarmupCount(3).WithIterationCount(20)
                .WithIterationTime(TimeInterval.FromMilliseconds(200))
                .WithUnrollFactor(1)
                .WithId("bench"));
        }

        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args.ToArray(), config).ToList();
        // A benchmark that threw (a command that failed, a daemon that died) fails the run.
        var failed = summaries.SelectMany(s => s.Reports).Where(r => !r.Success).Select(r => r.BenchmarkCase.DisplayInfo).ToList();
        foreach (var f in failed) Console.Error.WriteLine($"bench: failed: {f}");
        int rc = failed.Count > 0 || summaries.Any(s => s.HasCriticalValidationErrors) ? 1 : 0;
        if (listOnly || customJob || summaries.Count == 0) return rc;

        var results = new Results();
        foreach (var report in summaries.SelectMany(s => s.Reports))
        {
            if (report.ResultStatistics is not { } st) continue;
            var bc = report.BenchmarkCase;
            var method = bc.Descriptor.WorkloadMethod.Name;
            var category = bc.Descriptor.Categories.FirstOrDefault() ?? "";
            var pars = string.Join(",", bc.Parameters.Items.Select(p => $"{p.Name}={p.Value}"));
            var key = pars.Length == 0 ? method : $"{method}({pars})";
            var group = category is "process" or "daemon" ? category : "inprocess";
            var label = bc.Descriptor.WorkloadMethodDisplayInfo.Trim('\'');
            label = category switch
            {
                "daemon" => $"{(bc.Parameters["Daemon"] as string == "oslo" ? "oslo-rootwrap-daemon" : "rootwrap-native-daemon")}, per call",
                "process" => label,
                _ => pars.Length == 0 ? $"{category}: {label}" : $"{category}: {label} ({pars.Replace("Config=", "").Replace("Pattern=", "")})",
            };
            results.Rows.Add(new Row(group, key, label, st.Median, st.Q1, st.Q3, st.N)
            {
                AllocatedBytes = report.GcStats.GetBytesAllocatedPerOperation(bc) is long b && group == "inprocess" ? b : null,
            });
        }
        if (results.Rows.Any(r => r.Group == "process"))
        {
            var sbs = SideBySide.All(ws, rounds);
            results.Claim = SideBySide.Claim(sbs, rounds);
            var rss = Memory.PerCall(ws, runs: 10);
            for (int i = 0; i < results.Rows.Count; i++)
            {
                var row = results.Rows[i];
                results.Rows[i] = row with
                {
                    Sbs = sbs.GetValueOrDefault(row.Key),
                    PeakRssKb = rss.TryGetValue(row.Key, out var kb) ? kb : null,
                };
            }
        }
        // Per-call rows in the order of the benchmark class, then the daemons, then the rest.
        var order = Calls.StartupBenchmarks.Commands(ws).Select(c => c.Name).ToList();
        var sorted = results.Rows.OrderBy(r => r.Group switch { "process" => 0, "daemon" => 1, _ => 2 })
            .ThenBy(r => r.Group == "process" ? order.IndexOf(r.Key) : 0).ToList();
        results.Rows.Clear();
        results.Rows.AddRange(sorted);
        if (results.Rows.Any(r => r.Group == "daemon"))
            results.DaemonLoad.AddRange(Memory.Daemons(ws));

        Write(ws, results);
        return rc;
    }

    private const string PlotTitle = "Per-call latency: rootwrap-native, oslo-rootwrap and their floors";

    private static void Write(Workspace ws, Results results)
    {
        var outDir = Path.Combine(ws.Dir, "results");
        Directory.CreateDirectory(outDir);
        var md = results.Markdown(Machine.Describe(ws), Command);
        results.WriteCsv(Path.Combine(outDir, "bench-results.csv"));
        File.WriteAllText(Path.Combine(outDir, "latency.svg"), LatencyPlot.Svg(results.Rows, PlotTitle));
        File.WriteAllText(Path.Combine(outDir, "results.md"), md);
        Console.WriteLine($"// results: {outDir}");

        // A run that measured every start-up row updates the committed results.
        bool complete = Calls.StartupBenchmarks.Commands(ws).All(c => results.Find(c.Name) is not null) && results.Claim is not null;
        if (!complete) return;
        var docs = Path.Combine(ws.Root, "docs");
        File.Copy(Path.Combine(outDir, "bench-results.csv"), Path.Combine(docs, "bench-results.csv"), overwrite: true);
        File.Copy(Path.Combine(outDir, "latency.svg"), Path.Combine(docs, "latency.svg"), overwrite: true);
        UpdateDoc(ws, "results", md);
        Console.WriteLine("// results: updated docs/bench-results.csv and docs/latency.svg");
    }

    /// <summary>Replaces one generated part of docs/benchmarks.md (between its two marker lines).</summary>
    public static void UpdateDoc(Workspace ws, string part, string md)
    {
        var doc = Path.Combine(ws.Root, "docs", "benchmarks.md");
        if (!File.Exists(doc)) return;
        string start = $"<!-- {part}: written by the bench, do not edit -->", end = $"<!-- end of {part} -->";
        var text = File.ReadAllText(doc);
        int a = text.IndexOf(start, StringComparison.Ordinal), b = text.IndexOf(end, StringComparison.Ordinal);
        if (a < 0 || b < a) return;
        File.WriteAllText(doc, text[..(a + start.Length)] + "\n" + md + text[b..]);
        Console.WriteLine($"// results: updated the {part} of {doc}");
    }

    private static bool IsUnavailable(Workspace ws, BenchmarkDotNet.Running.BenchmarkCase b)
    {
        if (ws.Unavailable.ContainsKey(b.Descriptor.WorkloadMethod.Name)) return true;
        foreach (var p in b.Parameters.Items)
            if (ws.Unavailable.ContainsKey($"{p.Name}={p.Value}")) return true;
        // The in-process benchmarks read the configurations too.
        foreach (var p in b.Parameters.Items)
            if (p.Name == "Config" && !ws.Configs.ContainsKey((string)p.Value)) return true;
        return !ws.Configs.ContainsKey("corpus") && b.Descriptor.Type.Namespace!.EndsWith("InProcess") &&
               b.Descriptor.Type.Name is "MatchBenchmarks";
    }

    /// <summary>Removes an option and its <paramref name="values"/> values from the arguments; null when absent.</summary>
    private static string[]? Take(List<string> args, string option, int values)
    {
        int i = args.IndexOf(option);
        if (i < 0) return null;
        if (i + values >= args.Count) throw new ArgumentException($"{option} needs {values} value(s)");
        var v = args.GetRange(i + 1, values).ToArray();
        args.RemoveRange(i, values + 1);
        return v;
    }
}

/// <summary>The machine the numbers come from, as the report states it.</summary>
public static class Machine
{
    public static string Describe(Workspace ws)
    {
        string cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name"))?.Split(':', 2)[1].Trim() ?? "?";
        string kernel = File.ReadAllText("/proc/sys/kernel/osrelease").Trim();
        string os = File.Exists("/etc/debian_version") ? "Debian " + File.ReadAllText("/etc/debian_version").Trim() : RuntimeInformation.OSDescription;
        string load = File.ReadAllText("/proc/loadavg").Split(' ')[..3] is var l ? string.Join(' ', l) : "?";
        string oslo = Workspace.Run("dpkg-query", ["-W", "-f=${Version}", "python3-oslo.rootwrap"]) is (0, var v) ? v.Trim() : "?";
        string py = Workspace.Run(Workspace.Python, ["--version"]).Output.Trim();
        return $"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores of an {cpu}, " +
               $"{os}, kernel {kernel}, .NET {Environment.Version}, oslo.rootwrap {oslo} on {py}" +
               (ws.Eventlet is { } ev ? $" with eventlet {ev}, which oslo_rootwrap imports (as on a neutron node; the \"eventlet hidden\" row is a node without it)" : " without eventlet") +
               $"; load average {load} at the end " +
               $"(the machine is shared with other jobs' builds and tests). Corpus: {ws.CorpusFilters} filters in {ws.CorpusFiles} files " +
               "of Debian's OpenStack packages, then the `true` filter in a folder of its own, last.\n";
    }
}
