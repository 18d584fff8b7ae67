using BenchmarkDotNet.Attributes;
using Rootwrap.Config;
using Rootwrap.Matching;

namespace Rootwrap.Bench.InProcess;

/// <summary>
/// Configuration load, in this (JIT-compiled, warm) process: rootwrap.conf, then every
/// filter file, then the whole decision for <c>true</c>. The per-call helper does this once,
/// cold; the process benchmarks measure that.
/// </summary>
[BenchmarkCategory("load"), MemoryDiagnoser]
public class LoadBenchmarks
{
    [Params("empty", "small", "corpus")]
    public string Config { get; set; } = "corpus";

    private RootwrapConfig _config = null!;

    [GlobalSetup]
    public void Setup() => _config = Fixtures.Config(Config);

    [Benchmark(Description = "rootwrap.conf")]
    public RootwrapConfig ConfigFile() => Fixtures.Config(Config);

    [Benchmark(Description = "filter files")]
    public FilterSet FilterFiles() => Fixtures.Filters(_config);

    [Benchmark(Description = "conf + filters + decision")]
    public Decision LoadAndDecide()
    {
        var config = Fixtures.Config(Config);
        var set = Fixtures.Filters(config);
        return Decision.Make(config, set, ["true"], Fixtures.System, new Fixtures.NoUsers());
    }
}
