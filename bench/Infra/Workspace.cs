using System.Diagnostics;

namespace Rootwrap.Bench.Infra;

/// <summary>
/// Everything the process benchmarks run, prepared once before BenchmarkDotNet starts:
/// the published helper, the NativeAOT hello-world, and three configurations whose only
/// matching filter (<c>true: CommandFilter, true, root</c>) sits in its own folder, last in
/// filters_path, so every filter before it is loaded and tried first. What could not be
/// prepared is recorded with its reason, and the benchmarks that need it are skipped.
/// </summary>
public sealed class Workspace
{
    public static Workspace Current { get; set; } = null!;

    public const string OsloRootwrap = "/usr/bin/oslo-rootwrap";
    public const string OsloDaemon = "/usr/bin/oslo-rootwrap-daemon";
    public const string Python = "/usr/bin/python3";
    public const string Sudo = "/usr/bin/sudo";
    public const string True = "/usr/bin/true";

    public required string Root { get; init; }
    public required string Dir { get; init; }
    public string? Helper { get; private set; }
    public string? Hello { get; private set; }
    public string? HelloExec { get; private set; }
    public string? DaemonDriver { get; private set; }
    public string? NativeDaemon { get; private set; }
    /// <summary>A folder whose <c>eventlet</c> package fails to import, for PYTHONPATH: oslo-rootwrap as on a node without eventlet.</summary>
    public string? NoEventlet { get; private set; }
    /// <summary>The installed eventlet's version, when the reference imports it (on a neutron node: python3-neutron needs it).</summary>
    public string? Eventlet { get; private set; }
    public Dictionary<string, string> Configs { get; } = new();
    public int CorpusFilters { get; private set; }
    public int CorpusFiles { get; private set; }
    /// <summary>Benchmark (method name, or "Daemon=value") to the reason it can't run here.</summary>
    public Dictionary<string, string> Unavailable { get; } = new();

    public string Config(string name) => Configs[name];

    public static Workspace Prepare(bool build, bool probe)
    {
        var root = FindRoot();
        var ws = new Workspace { Root = root, Dir = Path.Combine(root, "artifacts", "bench") };
        Directory.CreateDirectory(ws.Dir);
        bool quiet = !probe;
        ws.FindHelper(build, quiet);
        ws.FindHello(build, quiet);
        ws.WriteConfigs(quiet);
        if (probe) ws.CheckTools();
        return ws;
    }

    private static string FindRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var d = new DirectoryInfo(start); d is not null; d = d.Parent)
                if (File.Exists(Path.Combine(d.FullName, "Rootwrap.sln"))) return d.FullName;
        }
        throw new InvalidOperationException("cannot find the repository (Rootwrap.sln) above the working directory");
    }

    private void FindHelper(bool build, bool quiet)
    {
        var given = Environment.GetEnvironmentVariable("ROOTWRAP_BIN");
        if (!string.IsNullOrEmpty(given))
        {
            Helper = Path.GetFullPath(given);
        }
        else if (build)
        {
            Log(quiet, "publishing rootwrap-native (./build.sh artifacts/bench/bin)");
            var (rc, output) = Run(Path.Combine(Root, "build.sh"), [Path.Combine(Dir, "bin")]);
            if (rc == 0) Helper = output.Trim().Split('\n')[^1];
            else Console.Error.WriteLine($"bench: ./build.sh failed:\n{output}");
        }
        else
        {
            var p = Path.Combine(Dir, "bin", "rootwrap-native");
            if (File.Exists(p)) Helper = p;
        }
        if (Helper is null || !File.Exists(Helper))
        {
            Helper = null;
            Skip("the published rootwrap-native (set ROOTWRAP_BIN, or let the bench run ./build.sh)",
                 "NativeEmpty", "NativeSmall", "NativeCorpus", "SudoNative");
            return;
        }
        // The daemon entry point sits beside the helper (a link to the same binary).
        var d = Path.Combine(Path.GetDirectoryName(Helper)!, "rootwrap-native-daemon");
        if (File.Exists(d)) NativeDaemon = d;
    }

    private void FindHello(bool build, bool quiet)
    {
        Hello = PublishSmall("hello", "Hello.csproj", "hello", build, quiet);
        if (Hello is null) Skip("the NativeAOT hello-world (bench/hello, published unless --no-publish)", "HelloWorld");
        HelloExec = PublishSmall("hello-exec", "HelloExec.csproj", "hello-exec", build, quiet);
        if (HelloExec is null) Skip("the NativeAOT exec floor (bench/hello-exec, published unless --no-publish)", "HelloExec");
    }

    /// <summary>Publishes one of the small NativeAOT projects under bench/ when its sources changed.</summary>
    private string? PublishSmall(string folder, string project, string exeName, bool build, bool quiet)
    {
        var source = Path.Combine(Root, "bench", folder);
        var outDir = Path.Combine(Dir, folder);
        var exe = Path.Combine(outDir, exeName);
        var newest = Directory.EnumerateFiles(source).Where(f => f.EndsWith(".cs") || f.EndsWith(".csproj"))
            .Max(f => File.GetLastWriteTimeUtc(f));
        bool fresh = File.Exists(exe) && File.GetLastWriteTimeUtc(exe) >= newest;
        if (!fresh && build)
        {
            Log(quiet, $"publishing bench/{folder} (NativeAOT)");
            var (rc, output) = Run("dotnet", ["publish", Path.Combine(source, project), "-c", "Release",
                "-r", "linux-x64", "-o", outDir, "-nologo"]);
            if (rc != 0) Console.Error.WriteLine($"bench: publishing bench/{folder} failed:\n{output}");
            else File.SetLastWriteTimeUtc(exe, DateTime.UtcNow);
        }
        return File.Exists(exe) ? exe : null;
    }

    private void WriteConfigs(bool quiet)
    {
        var conf = Path.Combine(Dir, "conf");
        if (Directory.Exists(conf)) Directory.Delete(conf, recursive: true);
        Directory.CreateDirectory(conf);

        var trueDir = MakeDir(conf, "true.d");
        File.WriteAllText(Path.Combine(trueDir, "true.filters"),
            "# The one filter every benchmarked call matches, in the last folder of filters_path.\n" +
            "[Filters]\ntrue: CommandFilter, true, root\n");

        var empty = MakeDir(conf, "empty.d");
        Configs["empty"] = WriteConf(conf, "empty", [empty, trueDir]);

        var small = MakeDir(conf, "small.d");
        foreach (var f in Directory.EnumerateFiles(Path.Combine(Root, "examples", "filters.d")))
            File.Copy(f, Path.Combine(small, Path.GetFileName(f)));
        Configs["small"] = WriteConf(conf, "small", [small, trueDir]);

        var corpus = FindCorpus(quiet);
        if (corpus is null)
        {
            Skip("the Debian filter corpus (tests/corpus/fetch.sh, or set ROOTWRAP_CORPUS)",
                 "NativeCorpus", "OsloCorpus", "OsloCorpusBare", "SudoNative", "SudoOslo");
        }
        else
        {
            var dirs = new List<string>();
            foreach (var svc in Directory.EnumerateDirectories(corpus).Order(StringComparer.Ordinal))
            {
                var src = Path.Combine(svc, "rootwrap.d");
                if (!Directory.Exists(src)) continue;
                var dst = MakeDir(conf, Path.Combine("corpus", Path.GetFileName(svc)));
                foreach (var f in Directory.EnumerateFiles(src).Order(StringComparer.Ordinal))
                {
                    File.Copy(f, Path.Combine(dst, Path.GetFileName(f)));
                    CorpusFiles++;
                    CorpusFilters += CountFilters(f);
                }
                dirs.Add(dst);
            }
            dirs.Add(trueDir);
            Configs["corpus"] = WriteConf(conf, "corpus", dirs);
        }
        // H5: as root the helper reads only files that no one else can write.
        Run("chmod", ["-R", "go-w", conf]);
    }

    private static string MakeDir(string parent, string name)
    {
        var d = Path.Combine(parent, name);
        Directory.CreateDirectory(d);
        return d;
    }

    private static string WriteConf(string dir, string name, IEnumerable<string> filtersPath)
    {
        var path = Path.Combine(dir, name + ".conf");
        File.WriteAllText(path,
            "[DEFAULT]\n" +
            $"filters_path={string.Join(',', filtersPath)}\n" +
            "exec_dirs=/sbin,/usr/sbin,/bin,/usr/bin,/usr/local/bin,/usr/local/sbin\n" +
            "use_syslog=False\n");
        return path;
    }

    /// <summary>Filter lines of a file: option lines of its [Filters] section (a rough count for the report).</summary>
    private static int CountFilters(string file)
    {
        int n = 0;
        bool inFilters = false;
        foreach (var line in File.ReadLines(file))
        {
            var t = line.Trim();
            if (t.StartsWith('[')) { inFilters = t == "[Filters]"; continue; }
            if (inFilters && t.Length > 0 && !t.StartsWith('#') && !t.StartsWith(';') && !char.IsWhiteSpace(line[0]) && t.IndexOfAny([':', '=']) > 0) n++;
        }
        return n;
    }

    private string? FindCorpus(bool quiet)
    {
        var given = Environment.GetEnvironmentVariable("ROOTWRAP_CORPUS");
        if (!string.IsNullOrEmpty(given) && Directory.Exists(given)) return given;
        var cached = Path.Combine(Root, ".cache", "corpus");
        if (Directory.Exists(cached) && Directory.EnumerateDirectories(cached).Any()) return cached;
        Log(quiet, "fetching the Debian filter corpus (tests/corpus/fetch.sh)");
        var (rc, output) = Run(Path.Combine(Root, "tests", "corpus", "fetch.sh"), []);
        return rc == 0 ? output.Trim().Split('\n')[^1] : null;
    }

    private void CheckTools()
    {
        if (!File.Exists(OsloRootwrap))
            Skip("oslo-rootwrap (Debian package python3-oslo.rootwrap)", "OsloEmpty", "OsloSmall", "OsloCorpus", "OsloCorpusBare", "SudoOslo");
        else
            HideEventlet();
        if (!File.Exists(Sudo) || Run(Sudo, ["-n", True]).Rc != 0)
            Skip("password-less sudo (run the bench as root)", "SudoTrue", "SudoNative", "SudoOslo");
        var driver = Path.Combine(Root, "bench", "daemon_driver.py");
        if (File.Exists(driver) && File.Exists(Python)) DaemonDriver = driver;
        if (DaemonDriver is null || !File.Exists(OsloDaemon) || !Configs.ContainsKey("corpus"))
            Skip("oslo-rootwrap-daemon and the Python client (python3-oslo.rootwrap)", "Daemon=oslo");
        var why = NativeDaemon is null ? "no rootwrap-native-daemon beside the helper"
            : DaemonDriver is null || !Configs.ContainsKey("corpus") ? "no driver or corpus"
            : DaemonClient.Probe(this, NativeDaemon);
        if (why is not null)
        {
            NativeDaemon = null;
            Skip($"rootwrap-native-daemon does not answer the Python client ({why})", "Daemon=native");
        }
    }

    /// <summary>
    /// oslo_rootwrap/__init__.py imports eventlet when it can, and a neutron node has it (a
    /// call through neutron-rootwrap pays for the import). Where it is installed, the
    /// oslo-rootwrap rows are that node's, and one more row hides it, for a node without
    /// eventlet; the check proves the reference then really runs without it.
    /// </summary>
    private void HideEventlet()
    {
        const string probe = "import sys, oslo_rootwrap; print('eventlet' in sys.modules)";
        if (Run(Python, ["-c", "import eventlet; print(eventlet.__version__)"]) is not (0, var version))
        {
            Skip("eventlet installed (without it the oslo-rootwrap rows are already bare)", "OsloCorpusBare");
            return;
        }
        var dir = Path.Combine(Dir, "no-eventlet");
        Directory.CreateDirectory(Path.Combine(dir, "eventlet"));
        File.WriteAllText(Path.Combine(dir, "eventlet", "__init__.py"),
            "raise ImportError('hidden by the bench: oslo-rootwrap as on a node without eventlet')\n");
        var psi = new ProcessStartInfo(Python) { RedirectStandardOutput = true, UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(probe);
        psi.Environment["PYTHONPATH"] = dir;
        using var p = Process.Start(psi)!;
        var hidden = p.StandardOutput.ReadToEnd().Trim();
        p.WaitForExit();
        if (Run(Python, ["-c", probe]).Output.Trim() != "True" || hidden != "False")
        {
            Skip($"eventlet hidden from oslo_rootwrap by PYTHONPATH (imported as installed: {Run(Python, ["-c", probe]).Output.Trim()}, hidden: {hidden})", "OsloCorpusBare");
            return;
        }
        Eventlet = version.Trim();
        NoEventlet = dir;
    }

    private void Skip(string what, params string[] benchmarks)
    {
        foreach (var b in benchmarks) Unavailable.TryAdd(b, what);
    }

    private static void Log(bool quiet, string message)
    {
        if (!quiet) Console.WriteLine($"// bench: {message}");
    }

    public static (int Rc, string Output) Run(string file, IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        try
        {
            using var p = Process.Start(psi)!;
            var err = p.StandardError.ReadToEndAsync();
            var output = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            return (p.ExitCode, output + err.Result);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (127, e.Message);
        }
    }
}
