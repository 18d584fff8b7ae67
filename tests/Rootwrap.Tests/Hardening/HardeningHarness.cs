using System.Diagnostics;
using Xunit;

namespace Rootwrap.Tests.Hardening;

/// <summary>
/// A test that runs the installed helper the way a service does: as the unprivileged
/// account <c>rwsvc</c>, through <c>sudo</c>. Skipped, with the reason, unless ./test.sh set
/// the machine up (root, $ROOTWRAP_TEST_ROOT with the installed binary, the sudoers entry)
/// and the kernel is as the test needs (<paramref name="kernelWhyNot"/>).
/// </summary>
public abstract class HarnessFactAttribute(Func<string?> kernelWhyNot) : FactAttribute
{
    public override string? Skip { get; set; } = HardeningHarness.WhyNot() ?? kernelWhyNot();

    /// <summary>A file the test also runs (the reference or its Python client): skipped, with the reason, where it is not installed.</summary>
    public string? Needs
    {
        get => null;
        set { if (Skip is null && value is not null && !File.Exists(value)) Skip = $"{value} is not installed (./test.sh installs python3-oslo.rootwrap)"; }
    }
}

public sealed class SudoFactAttribute() : HarnessFactAttribute(() => null);

/// <summary>A confinement test: also needs a kernel that confines (Landlock ABI 2); without one, confined calls are refused, which <c>Confinement_is_refused_without_landlock</c> checks.</summary>
public sealed class ConfinementFactAttribute() : HarnessFactAttribute(() =>
    HardeningHarness.LandlockAbi() < 2 ? "this kernel has no Landlock ABI 2: confined filters are refused" : null);

/// <summary>A confinement test of device ioctls: also needs Landlock ABI 5 (Linux 6.10), the first to handle them.</summary>
public sealed class DeviceIoctlFactAttribute() : HarnessFactAttribute(() =>
    HardeningHarness.LandlockAbi() < 5 ? $"this kernel has Landlock ABI {HardeningHarness.LandlockAbi()}: device ioctls are handled from ABI 5 (SECURITY.md)" : null);

/// <summary>A test of kernels without Landlock ABI 2: skipped, with the reason, where the confinement tests run instead.</summary>
public sealed class NoLandlockFactAttribute() : HarnessFactAttribute(() =>
    HardeningHarness.LandlockAbi() >= 2 ? "this kernel has Landlock ABI 2 or later: the confinement tests run instead" : null);

/// <summary>One test's own configuration folder, root-owned as H5 wants, removed afterwards.</summary>
public sealed class HardeningHarness : IDisposable
{
    public const string ServiceUser = "rwsvc";
    private static readonly string? Root = Environment.GetEnvironmentVariable("ROOTWRAP_TEST_ROOT");
    public static string Binary => Path.Combine(Root!, "bin", "rootwrap-native");

    public string Dir { get; }
    public string Config => Path.Combine(Dir, "rootwrap.conf");

    public static string? WhyNot()
    {
        if (Environment.UserName != "root") return "needs root (run ./test.sh)";
        if (Root is null || !File.Exists(Path.Combine(Root, "bin", "rootwrap-native"))) return "needs ROOTWRAP_TEST_ROOT with the installed helper (run ./test.sh)";
        if (!File.Exists(SudoersFile)) return $"needs the sudoers entry {SudoersFile} (tests/setup.d)";
        return null;
    }

    /// <summary>tests/setup.d/30-hardening-sudoers.sh writes it.</summary>
    public static string SudoersFile => "/etc/sudoers.d/rootwrap-native-test-hardening-" + Path.GetFileName(Root ?? "");

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

    public const string Reference = "/usr/bin/oslo-rootwrap";

    public static RunResult Run(string file, IEnumerable<string> args, string? stdin = null, int timeoutMs = 60_000) =>
        ProcessRun.Run(file, args, stdin, timeoutMs);

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "syscall")]
    private static extern long Syscall(long number, nint a, nint b, long c);

    /// <summary>landlock_create_ruleset(NULL, 0, LANDLOCK_CREATE_RULESET_VERSION): the ABI, or 0.</summary>
    public static int LandlockAbi() => Math.Max(0, (int)Syscall(444, 0, 0, 1));

    public static RunResult Sh(string script) => Run("bash", ["-c", script]);

    public void Dispose()
    {
        // Nothing a test makes may outlive it, mounts included (there should be none outside).
        try { Directory.Delete(Dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
