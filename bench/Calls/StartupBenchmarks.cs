using BenchmarkDotNet.Attributes;
using Rootwrap.Bench.Infra;

namespace Rootwrap.Bench.Calls;

/// <summary>
/// Per-call start-up: one whole process per operation, started with posix_spawn and
/// waited for, its output to /dev/null. Every rootwrap row runs <c>CONFIG true</c>, whose
/// only matching filter comes last, so each one loads and tries every filter first.
/// </summary>
[BenchmarkCategory("process")]
public class StartupBenchmarks
{
    // Prepared and checked once for the whole run (every benchmark gets a fresh instance).
    private static Dictionary<string, Spawn>? _spawns;

    [GlobalSetup]
    public void Setup()
    {
        if (_spawns is not null) return;
        var spawns = new Dictionary<string, Spawn>();
        foreach (var (name, argv, env) in Commands(Workspace.Current))
        {
            var s = new Spawn(argv, env);
            s.Check();
            spawns[name] = s;
        }
        _spawns = spawns;
    }

    /// <summary>The command of each benchmark (and what it adds to the environment), for the ones this machine can run.</summary>
    public static IEnumerable<(string Name, string[] Argv, string[] Env)> Commands(Workspace ws)
    {
        var all = new List<(string, Func<string[]>)>
        {
            (nameof(True), () => [Workspace.True]),
            (nameof(HelloWorld), () => [ws.Hello!]),
            (nameof(HelloExec), () => [ws.HelloExec!]),
            (nameof(NativeEmpty), () => [ws.Helper!, ws.Config("empty"), "true"]),
            (nameof(NativeSmall), () => [ws.Helper!, ws.Config("small"), "true"]),
            (nameof(NativeCorpus), () => [ws.Helper!, ws.Config("corpus"), "true"]),
            (nameof(OsloEmpty), () => [Workspace.OsloRootwrap, ws.Config("empty"), "true"]),
            (nameof(OsloSmall), () => [Workspace.OsloRootwrap, ws.Config("small"), "true"]),
            (nameof(OsloCorpus), () => [Workspace.OsloRootwrap, ws.Config("corpus"), "true"]),
            (nameof(OsloCorpusBare), () => [Workspace.OsloRootwrap, ws.Config("corpus"), "true"]),
            (nameof(SudoTrue), () => [Workspace.Sudo, Workspace.True]),
            (nameof(SudoNative), () => [Workspace.Sudo, ws.Helper!, ws.Config("corpus"), "true"]),
            (nameof(SudoOslo), () => [Workspace.Sudo, Workspace.OsloRootwrap, ws.Config("corpus"), "true"]),
        };
        foreach (var (name, argv) in all)
            if (!ws.Unavailable.ContainsKey(name))
                yield return (name, argv(), name == nameof(OsloCorpusBare) ? [$"PYTHONPATH={ws.NoEventlet}"] : []);
    }

    private static int Run(string name) => _spawns![name].Run();

    [Benchmark(Description = "/usr/bin/true")] public int True() => Run(nameof(True));
    [Benchmark(Description = "NativeAOT hello-world")] public int HelloWorld() => Run(nameof(HelloWorld));
    [Benchmark(Description = "NativeAOT exec of true")] public int HelloExec() => Run(nameof(HelloExec));
    [Benchmark(Description = "rootwrap-native, empty")] public int NativeEmpty() => Run(nameof(NativeEmpty));
    [Benchmark(Description = "rootwrap-native, small")] public int NativeSmall() => Run(nameof(NativeSmall));
    [Benchmark(Description = "rootwrap-native, corpus")] public int NativeCorpus() => Run(nameof(NativeCorpus));
    [Benchmark(Description = "oslo-rootwrap, empty")] public int OsloEmpty() => Run(nameof(OsloEmpty));
    [Benchmark(Description = "oslo-rootwrap, small")] public int OsloSmall() => Run(nameof(OsloSmall));
    [Benchmark(Description = "oslo-rootwrap, corpus")] public int OsloCorpus() => Run(nameof(OsloCorpus));
    [Benchmark(Description = "oslo-rootwrap, corpus, eventlet hidden")] public int OsloCorpusBare() => Run(nameof(OsloCorpusBare));
    [Benchmark(Description = "sudo true")] public int SudoTrue() => Run(nameof(SudoTrue));
    [Benchmark(Description = "sudo rootwrap-native, corpus")] public int SudoNative() => Run(nameof(SudoNative));
    [Benchmark(Description = "sudo oslo-rootwrap, corpus")] public int SudoOslo() => Run(nameof(SudoOslo));
}
