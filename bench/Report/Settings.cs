using System.Globalization;
using System.Text;
using Rootwrap.Bench.Infra;

namespace Rootwrap.Bench.Report;

/// <summary>
/// <c>--settings</c>: what each NativeAOT and runtime setting does to the helper's start-up.
/// The helper is published once as shipped and once per variant, each variant changing one
/// setting of src/Rootwrap.Native/Rootwrap.Native.csproj (or Directory.Build.props), then
/// all of them run side by side with the corpus configuration.
/// </summary>
public static class Settings
{
    public sealed record Variant(string Name, string Change, string Why, params string[] Props);

    public static readonly Variant[] All =
    [
        new("icu", "InvariantGlobalization=false", "the SDK default: culture data from ICU, loaded at start-up",
            "-p:InvariantGlobalization=false"),
        new("resource-strings", "UseSystemResourceKeys=false", "the SDK default: exception messages as text",
            "-p:UseSystemResourceKeys=false"),
        new("stack-traces", "StackTraceSupport=true", "the SDK default: method names for stack traces",
            "-p:StackTraceSupport=true", "-p:IlcGenerateStackTraceData=true"),
        new("debugger", "DebuggerSupport=true", "the SDK default", "-p:DebuggerSupport=true"),
        new("event-source", "EventSourceSupport=true", "EventSource and EventPipe compiled in (off by default in NativeAOT)", "-p:EventSourceSupport=true"),
        new("blended", "OptimizationPreference unset", "the SDK default: blended size and speed", "-p:OptimizationPreference="),
        new("size", "OptimizationPreference=Size", "smaller code", "-p:OptimizationPreference=Size"),
        new("dehydrate", "IlcDehydrate=true", "the SDK default: type data compressed in the file and expanded at start-up",
            "-p:IlcDehydrate=true"),
        new("gc-non-concurrent", "ConcurrentGarbageCollection=false", "no background GC", "-p:ConcurrentGarbageCollection=false"),
        new("gc-server", "ServerGarbageCollection=true", "one heap and GC thread per core", "-p:ServerGarbageCollection=true"),
        new("no-pie", "PositionIndependentExecutable=false", "no relocations to apply, but no ASLR for the binary",
            "-p:PositionIndependentExecutable=false"),
        new("x86-64-v3", "IlcInstructionSet=x86-64-v3", "AVX2 code without run-time checks (not every x86-64 has it)",
            "-p:IlcInstructionSet=x86-64-v3"),
        new("defaults", "every setting above at the SDK default", "what the shipped settings save together",
            "-p:InvariantGlobalization=false", "-p:UseSystemResourceKeys=false", "-p:StackTraceSupport=true",
            "-p:IlcGenerateStackTraceData=true", "-p:DebuggerSupport=true", "-p:OptimizationPreference=",
            "-p:IlcDehydrate=true"),
        new("all-entries", "RootwrapEntries=all", "the daemon and the auditor in the helper's binary too (one multi-call binary)",
            "-p:RootwrapEntries=all"),
    ];

    private static readonly Variant Control = new("shipped-copy", "as shipped, a second copy",
        "the same file copied: the difference two identical helpers show here");

    public static int Run(Workspace ws, string? only, int rounds)
    {
        if (ws.Hello is null || !ws.Configs.ContainsKey("corpus"))
        {
            Console.Error.WriteLine("bench: --settings needs the hello-world and the corpus");
            return 1;
        }
        var chosen = only is null ? All : All.Where(v => only.Split(',').Contains(v.Name)).ToArray();
        var dir = Path.Combine(ws.Dir, "variants");
        var built = new List<(string Label, Variant? V, string Exe)>();
        foreach (var v in chosen.Prepend(null))
        {
            var name = v?.Name ?? "shipped";
            Console.WriteLine($"// settings: publishing {name}");
            var exe = Publish(ws, Path.Combine(dir, name), v?.Props ?? []);
            if (exe is null) return 1;
            built.Add((v?.Change ?? "as shipped", v, exe));
            if (v is null)
            {
                // The same binary in another file: how far two identical helpers differ here
                // (page cache and memory placement), the noise every other row is read against.
                var copy = Path.Combine(dir, "shipped-copy", "rootwrap-native");
                Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
                File.Copy(exe, copy, overwrite: true);
                built.Add(("as shipped, a second copy", Control, copy));
            }
        }
        var commands = new List<(string, Spawn)> { ("NativeAOT hello-world", new Spawn(ws.Hello)) };
        commands.AddRange(built.Select(b => (b.Label, new Spawn(b.Exe, ws.Config("corpus"), "true"))));
        var series = SideBySide.Interleave(commands, rounds);

        var inv = CultureInfo.InvariantCulture;
        var shipped = series[1].Series;
        var sb = new StringBuilder();
        sb.Append($"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {rounds} shuffled rounds, `rootwrap-native CORPUS true`; each row changes one setting of the shipped helper. ");
        sb.Append("Reproduce: `dotnet run -c Release --project bench -- --settings`.\n\n");
        sb.Append("| helper | what it means | binary | wall, median | Δ wall | CPU, median | Δ CPU | page faults |\n|---|---|---:|---:|---:|---:|---:|---:|\n");
        for (int i = 0; i < series.Count; i++)
        {
            var (label, s) = series[i];
            var v = i >= 2 ? built[i - 1].V : null;
            string size = i == 0 ? Size(ws.Hello) : Size(built[i - 1].Exe);
            string what = i == 0 ? "the runtime floor" : v?.Why ?? "src/Rootwrap.Native/Rootwrap.Native.csproj as committed";
            string dWall = i < 2 ? "" : Delta(s.Median, shipped.Median, inv);
            string dCpu = i < 2 ? "" : Delta(s.CpuMedian, shipped.CpuMedian, inv);
            sb.Append(inv, $"| {label} | {what} | {size} | {s.Median:F2} ms | {dWall} | {s.CpuMedian:F2} ms | {dCpu} | {s.FaultsMedian:F0} |\n");
        }
        var md = sb.ToString();
        Directory.CreateDirectory(Path.Combine(ws.Dir, "results"));
        File.WriteAllText(Path.Combine(ws.Dir, "results", "settings.md"), md);
        Console.WriteLine(md);
        if (only is null) Program.UpdateDoc(ws, "settings", md);
        return 0;
    }

    private static string Delta(double x, double baseline, IFormatProvider inv)
    {
        double ms = Math.Round(x - baseline, 2);
        int pct = (int)Math.Round((x / baseline - 1) * 100);
        string Signed(double v, string f) => v == 0 ? "±" + 0.ToString(f, inv) : (v > 0 ? "+" : "−") + Math.Abs(v).ToString(f, inv);
        return $"{Signed(ms, "F2")} ms ({Signed(pct, "F0")}%)";
    }

    private static string Size(string exe) =>
        (new FileInfo(exe).Length / 1048576.0).ToString("F2", CultureInfo.InvariantCulture) + " MiB";

    private static string? Publish(Workspace ws, string outDir, string[] props)
    {
        // A variant published after the last change to the sources is reused.
        var exe = Path.Combine(outDir, "rootwrap-native");
        var sources = new[] { "src/Rootwrap.Native", "src/Rootwrap.Shared" }
            .SelectMany(d => Directory.EnumerateFiles(Path.Combine(ws.Root, d), "*", SearchOption.AllDirectories))
            .Where(f => (f.EndsWith(".cs") || f.EndsWith(".csproj")) && !f.Contains("/obj/") && !f.Contains("/bin/"))
            .Append(Path.Combine(ws.Root, "Directory.Build.props"));
        if (File.Exists(exe) && File.GetLastWriteTimeUtc(exe) > sources.Max(File.GetLastWriteTimeUtc))
            return exe;
        // A linker-only change (PIE) would otherwise reuse the last link.
        var native = Path.Combine(ws.Root, "src", "Rootwrap.Native", "bin", "Release", "net10.0", "linux-x64", "native");
        if (Directory.Exists(native)) Directory.Delete(native, recursive: true);
        var (rc, output) = Workspace.Run("dotnet",
        [
            "publish", Path.Combine(ws.Root, "src", "Rootwrap.Native", "Rootwrap.Native.csproj"),
            // The installed helper's build (build.sh); a variant's own properties come after and win.
            "-c", "Release", "-r", "linux-x64", "-o", outDir, "-nologo", "-p:RootwrapEntries=helper", .. props,
        ]);
        if (rc == 0) return exe;
        Console.Error.WriteLine($"bench: publishing with {string.Join(' ', props)} failed:\n{output}");
        return null;
    }
}
