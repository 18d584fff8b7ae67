using BenchmarkDotNet.Attributes;
using Rootwrap.Config;
using Rootwrap.Matching;

namespace Rootwrap.Bench.InProcess;

/// <summary>
/// ExecPlan construction: the decision for <c>true</c> against the small configuration,
/// where matching is a handful of comparisons and the rest is finding the executable in
/// exec_dirs and building the plan.
/// </summary>
[BenchmarkCategory("plan"), MemoryDiagnoser]
public class PlanBenchmarks
{
    private RootwrapConfig _config = null!;
    private FilterSet _set = null!;

    [GlobalSetup]
    public void Setup()
    {
        _config = Fixtures.Config("small");
        _set = Fixtures.Filters(_config);
        if (Make() is not Decision.Run) throw new InvalidOperationException("`true` is not allowed by the small configuration");
    }

    [Benchmark(Description = "decision + ExecPlan")]
    public Decision Make() => Decision.Make(_config, _set, ["true"], Fixtures.System, new Fixtures.NoUsers());
}
