using System.Runtime.InteropServices;
using Xunit;

namespace Rootwrap.Tests;

/// <summary>What a test needs from the machine. Each missing one skips the test, with the reason.</summary>
[Flags]
public enum Need
{
    Root = 1,
    /// <summary>./test.sh's install of the helper under $ROOTWRAP_TEST_ROOT (tests/setup.d/10-install.sh).</summary>
    Install = 2,
    /// <summary>The capability suites' configurations and the sudoers entry that lets rwsvc run them (20-sudoers-caps.sh).</summary>
    CapabilitySudo = 4,
    /// <summary>The hardening suites' sudoers entry (30-hardening-sudoers.sh).</summary>
    HardeningSudo = 8,
    /// <summary>The installed daemon and its configuration.</summary>
    DaemonInstall = 16,
    /// <summary>unshare(CLONE_NEWNET | CLONE_NEWNS), for commands that change network or mount state.</summary>
    NetNamespace = 32,
    /// <summary>Landlock ABI 2: what confinement needs.</summary>
    Landlock = 64,
    /// <summary>Landlock ABI 5 (Linux 6.10), the first to handle device ioctls.</summary>
    LandlockIoctl = 128,
    /// <summary>No Landlock ABI 2: where confined calls are refused.</summary>
    NoLandlock = 256,
    /// <summary>The reference, /usr/bin/oslo-rootwrap (python3-oslo.rootwrap).</summary>
    Reference = 512,
    /// <summary>The reference's Python client (python3-oslo.rootwrap).</summary>
    Client = 1024,
    /// <summary>/usr/bin/python3, the reference's interpreter.</summary>
    Python = 2048,
    /// <summary>A Python 3.12 or later, for the client's {sha256} form.</summary>
    Python312 = 4096,
    /// <summary>Debian's filter files, fetched by tests/corpus/fetch.sh.</summary>
    Corpus = 8192,
    /// <summary>A built helper: $ROOTWRAP_BIN, or artifacts/bin of the checkout.</summary>
    Binary = 16384,

    /// <summary>The installed helper, called through sudo as rwsvc with the capability suites' configurations.</summary>
    EndToEnd = Root | Install | CapabilitySudo,
    /// <summary>The installed helper, called through sudo as rwsvc with a test's own configuration.</summary>
    Harness = Root | Install | HardeningSudo,
    /// <summary>Harness, on a kernel that confines.</summary>
    Confinement = Harness | Landlock,
    /// <summary>The installed daemon, driven by the reference's client.</summary>
    Daemon = Root | Install | DaemonInstall | Client,
    /// <summary>The built helper beside the reference, run as root.</summary>
    Differential = Root | Binary | Reference,
}

/// <summary>
/// The machine as the tests find it: each check made once, in one place. xunit 2 has no
/// run-time skip, so the reason is worked out when a test is discovered and reported as its
/// skip message.
/// </summary>
public static class Machine
{
    public const string ServiceUser = "rwsvc";
    public const string ReferencePath = "/usr/bin/oslo-rootwrap";
    public const string ClientPath = "/usr/lib/python3/dist-packages/oslo_rootwrap/client.py";
    public const string Python = "/usr/bin/python3";

    /// <summary>$ROOTWRAP_TEST_ROOT, where ./test.sh installs the helper, its configurations and the daemon.</summary>
    public static string? TestRoot => Environment.GetEnvironmentVariable("ROOTWRAP_TEST_ROOT") is { Length: > 0 } r ? r : null;

    /// <summary>tests/setup.d/30-hardening-sudoers.sh writes it.</summary>
    public static string HardeningSudoers => "/etc/sudoers.d/rootwrap-native-test-hardening-" + Path.GetFileName(TestRoot ?? "");

    /// <summary>The built helper the differential suites run: $ROOTWRAP_BIN, or artifacts/bin of the checkout; null when there is none.</summary>
    public static string? BuiltHelper
    {
        get
        {
            if (Environment.GetEnvironmentVariable("ROOTWRAP_BIN") is { Length: > 0 } env) return env;
            var p = Path.Combine(RepoFiles.Repo, "artifacts", "bin", "rootwrap-native");
            return File.Exists(p) ? p : null;
        }
    }

    [DllImport("libc", EntryPoint = "geteuid")]
    private static extern uint geteuid();

    [DllImport("libc", EntryPoint = "syscall")]
    private static extern long syscall(long number, long a, long b, long c);

    /// <summary>landlock_create_ruleset(NULL, 0, LANDLOCK_CREATE_RULESET_VERSION): the kernel's Landlock ABI, 0 without one.</summary>
    public static int LandlockAbi() => Math.Max(0, (int)syscall(444, 0, 0, 1));

    private static readonly Lazy<string?> CapabilitySudoProbe = new(() =>
    {
        var bin = Path.Combine(TestRoot!, "bin", "rootwrap-native");
        var conf = Path.Combine(TestRoot!, "caps", "declared", "rootwrap.conf");
        if (!File.Exists(conf)) return $"{conf} is not installed (tests/setup.d/20-sudoers-caps.sh)";
        var probe = ProcessRun.Run("runuser", ["-u", ServiceUser, "--", "sudo", "-n", "-l", bin, conf, "cat", "/proc/self/status"]);
        return probe.ExitCode == 0 ? null : $"sudo does not let {ServiceUser} run {bin}: {probe.Stderr.Trim()}";
    });

    private static readonly Lazy<string?> NetNamespaceProbe = new(() =>
    {
        var r = ProcessRun.Run("unshare", ["-m", "-n", "--", "true"]);
        return r.ExitCode == 0 ? null : $"this machine does not allow private network and mount namespaces (unshare -m -n: {r.Stderr.Trim()})";
    });

    private static readonly Lazy<bool> HasPython312 = new(() =>
    {
        // Where tests/daemon/cases.py looks for a newer client Python.
        var pyenv = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".pyenv", "versions");
        var dirs = Directory.Exists(pyenv) ? Directory.GetDirectories(pyenv, "3.1*") : [];
        bool Modern(string name) => int.TryParse(name.Split('.')[1], out var minor) && minor >= 12;
        return dirs.Any(d => Modern(Path.GetFileName(d)) && File.Exists(Path.Combine(d, "bin", "python3")))
            || new[] { "/usr/bin", "/usr/local/bin" }.Where(Directory.Exists)
                .SelectMany(d => Directory.GetFiles(d, "python3.1*"))
                .Any(f => Modern(Path.GetFileName(f)[6..]) && !f.EndsWith("-config"));
    });

    /// <summary>Why a test that needs <paramref name="needs"/> can't run here (the first missing need), or null.</summary>
    public static string? WhyNot(Need needs)
    {
        try { return FirstMissing(needs); }
        catch (Exception e) { return $"cannot probe the machine: {e.Message}"; }
    }

    private static string? FirstMissing(Need needs)
    {
        bool Has(Need n) => (needs & n) != 0;
        if (Has(Need.Root) && geteuid() != 0)
            return $"needs root: it switches to {ServiceUser} and calls sudo, or runs commands as root (run ./test.sh)";
        if (Has(Need.Install | Need.CapabilitySudo | Need.HardeningSudo | Need.DaemonInstall))
        {
            if (TestRoot is null)
                return "ROOTWRAP_TEST_ROOT is not set: run through ./test.sh, which installs the binary, the users and the sudoers entries";
            var bin = Path.Combine(TestRoot, "bin", "rootwrap-native");
            if (!File.Exists(bin)) return $"{bin} is not installed (tests/setup.d/10-install.sh)";
        }
        if (Has(Need.CapabilitySudo) && CapabilitySudoProbe.Value is { } caps) return caps;
        if (Has(Need.HardeningSudo) && !File.Exists(HardeningSudoers)) return $"needs the sudoers entry {HardeningSudoers} (tests/setup.d)";
        if (Has(Need.DaemonInstall))
            foreach (var p in new[] { Path.Combine(TestRoot!, "bin", "rootwrap-native-daemon"), Path.Combine(TestRoot!, "daemon", "rootwrap.conf") })
                if (!File.Exists(p)) return $"{p} is not installed (tests/setup.d)";
        if (Has(Need.NetNamespace) && NetNamespaceProbe.Value is { } ns) return ns;
        if (Has(Need.Landlock) && LandlockAbi() < 2) return "this kernel has no Landlock ABI 2: confined filters are refused";
        if (Has(Need.LandlockIoctl) && LandlockAbi() < 5)
            return $"this kernel has Landlock ABI {LandlockAbi()}: device ioctls are handled from ABI 5 (SECURITY.md)";
        if (Has(Need.NoLandlock) && LandlockAbi() >= 2) return "this kernel has Landlock ABI 2 or later: the confinement tests run instead";
        if (Has(Need.Reference) && !File.Exists(ReferencePath)) return $"{ReferencePath} is not installed (./test.sh installs python3-oslo.rootwrap)";
        if (Has(Need.Client) && !File.Exists(ClientPath)) return $"{ClientPath} is not installed (./test.sh installs python3-oslo.rootwrap)";
        if (Has(Need.Python) && !File.Exists(Python)) return $"{Python} is not installed (./test.sh installs it with python3-oslo.rootwrap)";
        if (Has(Need.Python312) && !HasPython312.Value) return "needs a Python 3.12 or later (pyenv or /usr/bin/python3.12) for the client's {sha256} form";
        if (Has(Need.Corpus) && !new[] { "cinder", "neutron" }.All(s => Directory.Exists(Path.Combine(RepoFiles.Corpus, s, "rootwrap.d"))))
            return $"no filter corpus in {RepoFiles.Corpus}: tests/corpus/fetch.sh (run by ./test.sh) fetches it";
        if (Has(Need.Binary) && BuiltHelper is null) return "no rootwrap-native binary (set ROOTWRAP_BIN or run ./build.sh)";
        return null;
    }
}

/// <summary>A fact that runs only where the machine has what <see cref="Need"/> names; skipped with the reason elsewhere.</summary>
public sealed class RequiresFactAttribute : FactAttribute
{
    public RequiresFactAttribute(Need needs) { if (Machine.WhyNot(needs) is { } why) Skip = why; }
}

/// <summary>As <see cref="RequiresFactAttribute"/>, for theories.</summary>
public sealed class RequiresTheoryAttribute : TheoryAttribute
{
    public RequiresTheoryAttribute(Need needs) { if (Machine.WhyNot(needs) is { } why) Skip = why; }
}
