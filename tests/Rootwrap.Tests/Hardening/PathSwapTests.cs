using Xunit;

namespace Rootwrap.Tests.Hardening;

/// <summary>
/// H7 through sudo, as an attacker races it: a 300-link symlink chain in the service's own
/// folder ends in a link that a loop keeps exchanging (renameat2 RENAME_EXCHANGE) between a
/// file inside the PathFilter's base and a root-only file outside. A filter that resolves
/// the path once to check it and once more to build the command line runs cat on the
/// outside file whenever the swap falls between the two.
/// </summary>
public sealed class PathSwapTests : IDisposable
{
    private readonly HardeningHarness _h = new("path-swap");
    private readonly string _links;

    private const string Swapper = """
        import ctypes, os, sys
        libc = ctypes.CDLL(None, use_errno=True)
        a, b = (os.fsencode(p) for p in sys.argv[1:3])
        AT_FDCWD, RENAME_EXCHANGE = -100, 2
        while True:
            libc.syscall(316, AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE)
        """;

    public PathSwapTests()
    {
        var images = _h.Folder("images");
        File.WriteAllText($"{images}/good", "good\n");
        var secret = Path.Combine(_h.Folder("secret"), "key");
        File.WriteAllText(secret, "root-only-canary\n");
        HardeningHarness.Sh($"chmod 0600 {secret}");
        _links = _h.Folder("links");
        HardeningHarness.Sh($"chown {HardeningHarness.ServiceUser} {_links}");
        var chain = $"cd {_links} && for i in $(seq 0 298); do ln -s l$((i+1)) l$i; done && ln -s {images}/good l299 && ln -s {secret} alt";
        Assert.Equal(0, HardeningHarness.Run("runuser", ["-u", HardeningHarness.ServiceUser, "--", "bash", "-c", chain]).ExitCode);
        _h.Configure($"[Filters]\ncat: PathFilter, /bin/cat, root, {images}\n");
    }

    public void Dispose() => _h.Dispose();

    /// <summary>Up to <paramref name="tries"/> calls while the swap runs: (leaks, good reads, refusals).</summary>
    private (int Leaks, int Good, int Refused) Race(string program, int tries, bool stopAtLeak)
    {
        var script = $$"""
            python3 -c '{{Swapper.Replace("'", "'\\''")}}' {{_links}}/l299 {{_links}}/alt &
            S=$!
            leaks=0; good=0; refused=0
            for i in $(seq {{tries}}); do
                out="$(sudo -n {{program}} {{_h.Config}} cat {{_links}}/l0 2>/dev/null)"
                case "$out" in
                    *root-only-canary*) leaks=$((leaks+1)); {{(stopAtLeak ? "break" : ":")}} ;;
                    good) good=$((good+1)) ;;
                    *) refused=$((refused+1)) ;;
                esac
            done
            kill $S
            echo "$leaks $good $refused"
            """;
        var r = HardeningHarness.Run("runuser", ["-u", HardeningHarness.ServiceUser, "--", "bash", "-c", script], timeoutMs: 300_000);
        var f = r.Stdout.Trim().Split(' ').Select(int.Parse).ToArray();
        return (f[0], f[1], f[2]);
    }

    [RequiresFact(Need.Harness | Need.Reference)]
    public void A_swapped_symlink_chain_reads_a_root_file_through_the_reference_and_never_here()
    {
        var (leaks, _, _) = Race(HardeningHarness.Reference, 300, stopAtLeak: true);
        Assert.True(leaks > 0, "the reference never read the root-only file in 300 tries: the race is not being run");

        var (ours, good, refused) = Race(HardeningHarness.Binary, 300, stopAtLeak: false);
        Assert.Equal(0, ours);
        // Both states of the swap were seen: the loop did race the helper.
        Assert.True(good > 0 && refused > 0, $"good {good}, refused {refused}");
    }
}
