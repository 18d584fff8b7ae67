using System.Text.RegularExpressions;
using BenchmarkDotNet.Attributes;
using Rootwrap.Filters;

namespace Rootwrap.Bench.InProcess;

/// <summary>
/// What a filter's regexp costs: translating the Python syntax and building the .NET
/// regex (the first use of a RegExpFilter), the first match (the non-backtracking engine
/// builds its automaton lazily), and a match once built. The patterns are taken from the
/// corpus.
/// </summary>
[BenchmarkCategory("regex"), MemoryDiagnoser]
public class RegexBenchmarks
{
    public static IEnumerable<string> Patterns =>
    [
        @"\d+",
        @"-c[0-3]",
        @"/etc/(?!\.\.).*",
        @"^[/]*([^/\0]+(/+)?)*$",
        @"org\.ganesha\.nfsd\.exportmgr\.(Add|Remove)Export",
    ];

    private static readonly Dictionary<string, string> Inputs = new()
    {
        [@"\d+"] = "600",
        [@"-c[0-3]"] = "-c3",
        [@"/etc/(?!\.\.).*"] = "/etc/nova/nova.conf",
        [@"^[/]*([^/\0]+(/+)?)*$"] = "/var/lib/cinder/mnt/1f2e3d4c5b6a",
        [@"org\.ganesha\.nfsd\.exportmgr\.(Add|Remove)Export"] = "org.ganesha.nfsd.exportmgr.AddExport",
    };

    [ParamsSource(nameof(Patterns))]
    public string Pattern { get; set; } = @"\d+";

    private Regex _compiled = null!;
    private string _input = "";

    [GlobalSetup]
    public void Setup()
    {
        _input = Inputs[Pattern];
        _compiled = PyRegex.Compile(Pattern) ?? throw new InvalidOperationException($"{Pattern} does not compile");
        if (!_compiled.IsMatch(_input)) throw new InvalidOperationException($"{Pattern} does not match {_input}");
    }

    [Benchmark(Description = "translate + build")]
    public Regex? Build() => PyRegex.Compile(Pattern);

    [Benchmark(Description = "build + first match")]
    public bool FirstMatch() => new PyRegex(Pattern).FullMatch(_input);

    [Benchmark(Description = "match, built")]
    public bool Match() => _compiled.IsMatch(_input);
}
