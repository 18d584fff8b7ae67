using BenchmarkDotNet.Attributes;
using Rootwrap.Config;
using Rootwrap.Filters;
using Rootwrap.Matching;

namespace Rootwrap.Bench.InProcess;

/// <summary>
/// Matching throughput over the loaded corpus (its filters in match order, then
/// <c>true</c>): a command an early filter takes (the first one whose
/// executable exists here), one only the last takes, and one that
/// no filter takes, which is tried against every filter.
/// </summary>
[BenchmarkCategory("match"), MemoryDiagnoser]
public class MatchBenchmarks
{
    private RootwrapConfig _config = null!;
    private FilterSet _set = null!;
    private string[]? _first;

    /// <summary>Position of that filter in match order (0: the very first).</summary>
    public static int FirstIndex { get; private set; }

    [GlobalSetup]
    public void Setup()
    {
        _config = Fixtures.Config("corpus");
        _set = Fixtures.Filters(_config);
        // The first filter of the corpus that a plain command can match here: a
        // CommandFilter whose executable exists on this machine.
        for (int i = 0; i < _set.Filters.Count && _first is null; i++)
        {
            var f = _set.Filters[i];
            if (f is not CommandFilter) continue;
            string[] command = [Rootwrap.Posix.PosixPath.BaseName(f.ExecPath)];
            if (Match(command) is MatchResult.Matched { Filter: var m } && m == f)
            {
                _first = command;
                FirstIndex = i;
            }
        }
        if (_first is null) throw new InvalidOperationException("no CommandFilter of the corpus has its executable here");
        if (Match(["true"]) is not MatchResult.Matched)
            throw new InvalidOperationException("`true` matches no filter of the corpus configuration");
    }

    private MatchResult Match(IReadOnlyList<string> command) =>
        Matcher.Match(_set.Filters, new List<string>(command), _config.ExecDirs, Fixtures.System);

    [Benchmark(Description = "match first filter")]
    public MatchResult First() => Match(_first!);

    [Benchmark(Description = "match last filter")]
    public MatchResult Last() => Match(["true"]);

    [Benchmark(Description = "match none")]
    public MatchResult None() => Match(["no-such-command", "--flag", "value"]);
}
