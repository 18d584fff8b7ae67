using System.Diagnostics;
using Xunit;

namespace Rootwrap.Tests.EndToEnd;

/// <summary>How the tests reach the installed helper: as a service does (sudo as rwsvc) or as root.</summary>
public static class Host
{
    public const string ServiceUser = Machine.ServiceUser, OtherUser = "rwother";

    public static string Root => Machine.TestRoot ?? "";
    public static string Bin => $"{Root}/bin/rootwrap-native";
    public static string Conf(string suite) => $"{Root}/caps/{suite}/rootwrap.conf";

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
