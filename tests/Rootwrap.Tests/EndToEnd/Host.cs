using System.Diagnostics;
using Xunit;

namespace Rootwrap.Tests.EndToEnd;

/// <summary>What an end-to-end test needs from the machine; each missing one skips it, with the reason.</summary>
[Flags]
public enum Needs
{
    /// <summary>Root, ./test.sh's install ($ROOTWRAP_TEST_ROOT) and the capability suites' sudoers entry.</summary>
    Installed = 1,
    /// <summary>unshare(CLONE_NEWNET | CLONE_NEWNS), for commands that change network or mount state.</summary>
    NetNamespace = 2,
}

/// <summary>
/// A fact about the installed binary. xunit 2 has no run-time skip, so the reason is worked
/// out when the test is discovered and reported as the skip message.
/// </summary>
public sealed class EndToEndFactAttribute : FactAttribute
{
    public EndToEndFactAttribute(Needs needs = Needs.Installed)
    {
        if (Host.WhyNot(needs) is { } reason) Skip = reason;
    }
}

public sealed class EndToEndTheoryAttribute : TheoryAttribute
{
    public EndToEndTheoryAttribute(Needs needs = Needs.Installed)
    {
        if (Host.WhyNot(needs) is { } reason) Skip = reason;
    }
}

/// <summary>How the tests reach the installed helper: as a service does (sudo as rwsvc) or as root.</summary>
public static class Host
{
    public const string ServiceUser = "rwsvc", OtherUser = "rwother";

    public static string Root => Environment.GetEnvironmentVariable("ROOTWRAP_TEST_ROOT") ?? "";
    public static string Bin => $"{Root}/bin/rootwrap-native";
    public static string Conf(string suite) => $"{Root}/caps/{suite}/rootwrap.conf";

    private static readonly Lazy<string?> Installed = new(() =>
    {
        if (Environment.GetEnvironmentVariable("ROOTWRAP_TEST_ROOT") is not { Length: > 0 })
            return "ROOTWRAP_TEST_ROOT is not set: run through ./test.sh, which installs the binary, the users and the sudoers entry";
        if (Environment.UserName != "root")
            return $"end-to-end tests run as root (they switch to {ServiceUser} and call sudo); running as {Environment.UserName}";
        if (!File.Exists(Bin)) return $"{Bin} is not installed (tests/setup.d/10-install.sh)";
        if (!File.Exists(Conf("declared"))) return $"{Conf("declared")} is not installed (tests/setup.d/20-sudoers-caps.sh)";
        var probe = Run(["runuser", "-u", ServiceUser, "--", "sudo", "-n", "-l", Bin, Conf("declared"), "cat", "/proc/self/status"]);
        if (probe.ExitCode != 0) return $"sudo does not let {ServiceUser} run {Bin}: {probe.Stderr.Trim()}";
        return null;
    });

    private static readonly Lazy<string?> NetNs = new(() =>
    {
        var r = Run(["unshare", "-m", "-n", "--", "true"]);
        return r.ExitCode == 0 ? null : $"this machine does not allow private network and mount namespaces (unshare -m -n: {r.Stderr.Trim()})";
    });

    public static string? WhyNot(Needs needs)
    {
        try
        {
            if (needs.HasFlag(Needs.Installed) && Installed.Value is { } a) return a;
            if (needs.HasFlag(Needs.NetNamespace) && NetNs.Value is { } b) return b;
            return null;
        }
        catch (Exception e)
        {
            return $"cannot probe the machine: {e.Message}";
        }
    }

    /// <summary>The helper as OpenStack calls it: <c>sudo rootwrap-native CONF ...</c> from the service account.</summary>
    public static string[] ViaSudo(string suite, params string[] command) =>
        ["runuser", "-u", ServiceUser, "--", "sudo", "-n", Bin, Conf(suite), .. command];

    /// <summary>The helper run by root directly.</summary>
    public static string[] AsRoot(string suite, params string[] command) => [Bin, Conf(suite), .. command];

    public static string[] Via(string via, string suite, params string[] command) => via switch
    {
        "sudo" => ViaSudo(suite, command),
        "root" => AsRoot(suite, command),
        _ => throw new ArgumentException(via),
    };

    public static RunResult Run(IReadOnlyList<string> argv, int timeoutMs = 30_000) =>
        ProcessRun.Run(argv[0], argv.Skip(1), timeoutMs: timeoutMs, workingDirectory: null);

    /// <summary>uid, gid and supplementary groups of an account, as id(1) reports them.</summary>
    public static (uint Uid, uint Gid, uint[] Groups) Account(string name)
    {
        uint Id(string flag) => uint.Parse(Run(["id", flag, name]).Stdout.Trim());
        var groups = Run(["id", "-G", name]).Stdout.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(uint.Parse).ToArray();
        return (Id("-u"), Id("-g"), groups);
    }
}
