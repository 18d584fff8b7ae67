using Xunit;

namespace Rootwrap.Tests.EndToEnd;

/// <summary>
/// When a launcher step fails, or the configuration is wrong, the helper says why and exits
/// 97 without executing anything.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class FailClosedTests
{
    private static string[] AsServiceUserWithoutSudo(string suite, params string[] command) =>
        ["runuser", "-u", Host.ServiceUser, "--", Host.Bin, Host.Conf(suite), .. command];

    [RequiresFact(Need.EndToEnd)]
    public void Bounding_set_drop_refused_by_the_kernel_is_97_and_nothing_runs()
    {
        // Not root: the kernel refuses PR_CAPBSET_DROP (no CAP_SETPCAP) with EPERM.
        var r = Host.Run(AsServiceUserWithoutSudo("declared", "head", "-n", "100", "/proc/self/status"));
        Assert.True(r.ExitCode == 97, r.ToString());
        Assert.Contains("cannot set up the process for 'status_empty': prctl(PR_CAPBSET_DROP, CAP_CHOWN) failed: Operation not permitted", r.Stderr);
        Assert.Contains("nothing was executed", r.Stderr);
        Assert.Equal("", r.Stdout);
    }

    [RequiresFact(Need.EndToEnd)]
    public void Declared_capabilities_the_process_lacks_are_97_and_nothing_runs()
    {
        var r = Host.Run(AsServiceUserWithoutSudo("capuser", "cat", "/proc/self/status"));
        Assert.True(r.ExitCode == 97, r.ToString());
        Assert.Contains("cannot set up the process for 'status': cannot keep CAP_KILL, CAP_NET_ADMIN", r.Stderr);
        Assert.Equal("", r.Stdout);
    }

    /// <summary>A root-owned, not group/other-writable configuration in a fresh folder (H5).</summary>
    private sealed class TempConfig : IDisposable
    {
        public string Dir { get; } = Directory.CreateTempSubdirectory("rwn-caps-").FullName;
        public void Dispose() => Directory.Delete(Dir, recursive: true);
    }

    private static (string Conf, string Filters) WriteConfig(string dir, string confExtra, string filters, string? profile = null)
    {
        var fdir = Path.Combine(dir, "filters.d");
        Directory.CreateDirectory(fdir);
        File.SetUnixFileMode(fdir, (UnixFileMode)0b111_101_101);
        var ffile = Path.Combine(fdir, "t.filters");
        File.WriteAllText(ffile, filters);
        var conf = Path.Combine(dir, "rootwrap.conf");
        var extra = confExtra;
        if (profile is not null)
        {
            var p = Path.Combine(dir, "t.profile");
            File.WriteAllText(p, profile);
            File.SetUnixFileMode(p, (UnixFileMode)0b110_100_100);
            extra += $"\ncapability_profiles = {p}";
        }
        File.WriteAllText(conf, $"[DEFAULT]\nfilters_path={fdir}\nexec_dirs=/usr/bin,/bin\n{extra}\n");
        foreach (var f in new[] { ffile, conf }) File.SetUnixFileMode(f, (UnixFileMode)0b110_100_100);
        return (conf, ffile);
    }

    private const string Filters = "[Filters]\n# line 2\nid: CommandFilter, id, root\n\n[Capabilities]\n";

    [RequiresTheory(Need.EndToEnd)]
    [InlineData("id: CAP_NET_ADMIN, CAP_FLY\n", "", 6, "[Capabilities] 'id': unknown capability 'CAP_FLY'")]
    [InlineData("id: kill\nidd: kill\n", "", 7, "[Capabilities] declares 'idd', which is no filter of this configuration")]
    [InlineData("id: CAP_KILL\n\nid2: x\n", "", 8, "[Capabilities] 'id2': unknown capability 'x'")]
    [InlineData("id: CAP_NET_ADMIN, CAP_KILL\n", "capability_bound = CAP_KILL", 6, "'id' declares CAP_NET_ADMIN, outside capability_bound")]
    public void Bad_declarations_are_97_with_file_and_line(string declarations, string confExtra, int line, string message)
    {
        using var tmp = new TempConfig();
        var (conf, filters) = WriteConfig(tmp.Dir, confExtra, Filters + declarations);
        var r = Host.Run([Host.Bin, conf, "id"]);
        Assert.True(r.ExitCode == 97, r.ToString());
        Assert.Equal($"{Host.Bin}: {filters}:{line}: {message}\n", r.Stderr);
        Assert.Equal("", r.Stdout);
    }

    [RequiresFact(Need.EndToEnd)]
    public void Bad_declaration_in_a_profile_is_97_with_the_profiles_file_and_line()
    {
        using var tmp = new TempConfig();
        var (conf, _) = WriteConfig(tmp.Dir, "", Filters, profile: "# why\n[Capabilities]\n# why\nid: CAP_SYS_ADMINN\n");
        var r = Host.Run([Host.Bin, conf, "id"]);
        Assert.True(r.ExitCode == 97, r.ToString());
        Assert.Equal($"{Host.Bin}: {Path.Combine(Path.GetDirectoryName(conf)!, "t.profile")}:4: [Capabilities] 'id': unknown capability 'CAP_SYS_ADMINN'\n", r.Stderr);
    }

    [RequiresFact(Need.EndToEnd)]
    public void A_relative_exec_dir_is_97_as_root_and_nothing_runs()
    {
        // The reference would look for `id` under the caller's working directory (bin/id).
        using var tmp = new TempConfig();
        var (conf, _) = WriteConfig(tmp.Dir, "", Filters);
        File.WriteAllText(conf, File.ReadAllText(conf).Replace("exec_dirs=/usr/bin,/bin", "exec_dirs=bin,/usr/bin,/bin"));
        var r = Host.Run([Host.Bin, conf, "id"]);
        Assert.True(r.ExitCode == 97, r.ToString());
        Assert.Contains("untrusted exec_dirs entry 'bin': a relative folder depends on the caller's working directory", r.Stderr);
        Assert.Equal("", r.Stdout);
    }
}
