using System.Diagnostics;
using Xunit;

namespace Rootwrap.Tests.Hardening;

/// <summary>One test's own configuration folder, root-owned as H5 wants, removed afterwards.</summary>
public sealed class HardeningHarness : IDisposable
{
    public const string ServiceUser = Machine.ServiceUser;
    private static readonly string? Root = Machine.TestRoot;
    public static string Binary => Path.Combine(Root!, "bin", "rootwrap-native");

    public string Dir { get; }
    public string Config => Path.Combine(Dir, "rootwrap.conf");

    public HardeningHarness(string name)
    {
        Dir = Path.Combine(Root!, "hardening", name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Path.Combine(Dir, "filters.d"));
        Sh($"chmod 0755 '{Root}/hardening' '{Dir}' '{Dir}/filters.d'");
    }

    /// <summary>Writes rootwrap.conf and one filter file (root-owned, 0644).</summary>
    public void Configure(string filters, string extraDefault = "")
    {
        File.WriteAllText(Config, $"[DEFAULT]\nfilters_path={Dir}/filters.d\nexec_dirs=/sbin,/usr/sbin,/bin,/usr/bin\n{extraDefault}\n");
        File.WriteAllText(Path.Combine(Dir, "filters.d", "test.filters"), filters);
    }

    /// <summary>A root-owned folder under this test's one, created with mode 0755.</summary>
    public string Folder(string name)
    {
        var d = Path.Combine(Dir, name);
        Directory.CreateDirectory(d);
        return d;
    }

    /// <summary>
    /// As rwsvc: runs <paramref name="prelude"/> in bash (hostile settings), then
    /// <c>exec sudo -n HELPER CONFIG args...</c>.
    /// </summary>
    public RunResult SudoAfter(string prelude, params string[] args) =>
        Run("runuser", ["-u", ServiceUser, "--", "bash", "-c", $"{prelude}\nexec sudo -n \"$@\"", "bash", Binary, Config, .. args]);

    public RunResult Sudo(params string[] args) => SudoAfter(":", args);

    /// <summary>The reference on the same files, as the same caller: <c>sudo oslo-rootwrap CONFIG args...</c> after <paramref name="prelude"/>.</summary>
    public RunResult ReferenceAfter(string prelude, params string[] args) =>
        Run("runuser", ["-u", ServiceUser, "--", "bash", "-c", $"{prelude}\nexec sudo -n \"$@\"", "bash", Reference, Config, .. args]);

    public const string Reference = Machine.ReferencePath;

    public static RunResult Run(string file, IEnumerable<string> args, string? stdin = null, int timeoutMs = 60_000) =>
        ProcessRun.Run(file, args, stdin, timeoutMs);

    public static int LandlockAbi() => Machine.LandlockAbi();

    public static RunResult Sh(string script) => Run("bash", ["-c", script]);

    public void Dispose()
    {
        // Nothing a test makes may outlive it, mounts included (there should be none outside).
        try { Directory.Delete(Dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
