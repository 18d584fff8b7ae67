using BenchmarkDotNet.Attributes;
using Rootwrap.Bench.Infra;

namespace Rootwrap.Bench.Calls;

/// <summary>
/// Per call through a daemon, as a service makes it: <c>oslo_rootwrap.client.Client</c>
/// with the daemon it starts, the corpus configuration, <c>execute(["true"])</c>. The
/// rootwrap-native-daemon row runs only where that entry point answers the client (the
/// bench prints why it skips it otherwise).
/// </summary>
[BenchmarkCategory("daemon")]
public class DaemonBenchmarks
{
    [Params("oslo", "native")]
    public string Daemon { get; set; } = "oslo";

    private DaemonClient? _client;

    public static string Command(Workspace ws, string daemon) =>
        daemon == "oslo" ? Workspace.OsloDaemon : ws.NativeDaemon!;

    [GlobalSetup]
    public void Setup()
    {
        _client = new DaemonClient(Workspace.Current, Command(Workspace.Current, Daemon));
        int rc = _client.Call();
        if (rc != 0) throw new InvalidOperationException($"{Daemon} daemon: `true` returned {rc}");
    }

    [GlobalCleanup]
    public void Cleanup() => _client?.Dispose();

    [Benchmark(Description = "daemon call")]
    public int PerCall() => _client!.Call();
}
