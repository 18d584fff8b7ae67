using System.Text.RegularExpressions;
using BenchmarkDotNet.Attributes;
using Rootwrap.Filters;

namespace Rootwrap.Bench.InProcess;

/// <summary>
/// What a filter's pattern costs: translating the Python syntax and building the .NET regex
/// (what a pattern outside SimplePattern's shapes costs at its first use), the first match
/// through PyRegex as a filter makes it (SimplePattern where the shape allows, else the
/// engine built then matched: the non-backtracking engine builds its automaton lazily), and
/// a match once the engine is built. The patterns are taken from the corpus.
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
        "os_brick.privileged.default",
    ];

    private static readonly Dictionary<string, string> Inputs = new()
    {
        [@"\d+"] = "600",
        [@"-c[0-3]"] = "-c3",
        [@"/etc/(?!\.\.).*"] = "/etc/nova/nova.conf",
        [@"^[/]*([^/\0]+(/+)?)*$"] = "/var/lib/cinder/mnt/1f2e3d4c5b6a",
        [@"org\.ganesha\.nfsd\.exportmgr\.(Add|Remove)Export"] = "org.ganesha.nfsd.exportmgr.AddExport",
        ["os_brick.privileged.default"] = "os_brick.privileged.default",
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

    [Benchmark(Description = "first match, as a filter makes it")]
    public bool FirstMatch() => new PyRegex(Pattern).FullMatch(_input);

    [Benchmark(Description = "match, built")]
    public bool Match() => _compiled.IsMatch(_input);
}
