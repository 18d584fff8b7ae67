using BenchmarkDotNet.Attributes;
using Rootwrap.Filters;

namespace Rootwrap.Bench.InProcess;

/// <summary>
/// What a filter's pattern costs: its first match as a filter makes it (parse, then
/// SimplePattern where the shape allows, else the NFA built from the parsed tree and run),
/// and a match once it is built. The patterns are the corpus's and the auditor's suggested
/// fixes', one per kind.
/// </summary>
[BenchmarkCategory("regex"), MemoryDiagnoser]
public class RegexBenchmarks
{
    private static readonly Dictionary<string, string> Inputs = new()
    {
        [@"\d+"] = "600",
        [@"-c[0-3]"] = "-c3",
        [@"/etc/(?!\.\.).*"] = "/etc/nova/nova.conf",
        [@"^[/]*([^/\0]+(/+)?)*$"] = "/var/lib/cinder/mnt/1f2e3d4c5b6a",
        [@"org\.ganesha\.nfsd\.exportmgr\.(Add|Remove)Export"] = "org.ganesha.nfsd.exportmgr.AddExport",
        ["os_brick.privileged.default"] = "os_brick.privileged.default",
        [@"blkio:\S+"] = "blkio:cg1",
        [@"/var/lib/nova/[a-z0-9/-]+"] = "/var/lib/nova/instances/1f2e-3d4c/disk",
        [@"\d+[KMG]?"] = "10G",
        [@"[0-9.]+:/[a-z0-9/_-]+"] = "10.0.0.5:/exports/share_1",
        [@"echo '((.|\n)*)' > /.*"] = "echo 'x' > /etc/x",
    };

    public static IEnumerable<string> Patterns => Inputs.Keys;

    [ParamsSource(nameof(Patterns))]
    public string Pattern { get; set; } = @"\d+";

    private PyRegex _built = null!;
    private string _input = "";

    [GlobalSetup]
    public void Setup()
    {
        _input = Inputs[Pattern];
        _built = new PyRegex(Pattern);
        if (!_built.FullMatch(_input)) throw new InvalidOperationException($"{Pattern} does not match {_input}");
    }

    [Benchmark(Description = "first match, as a filter makes it")]
    public bool FirstMatch() => new PyRegex(Pattern).FullMatch(_input);

    [Benchmark(Description = "match, built")]
    public bool Match() => _built.FullMatch(_input);
}
