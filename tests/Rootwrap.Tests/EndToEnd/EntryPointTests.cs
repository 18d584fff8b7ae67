using Xunit;

namespace Rootwrap.Tests.EndToEnd;

/// <summary>
/// The three installed binaries each hold one entry point. Called by another one's name
/// (a symlink, a copy), a binary runs nothing and exits 97; the helper under any other
/// name (nova-rootwrap) is the helper.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class EntryPointTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rwn-entry-").FullName;
    private readonly string _conf, _marker;

    public EntryPointTests()
    {
        File.SetUnixFileMode(_dir, (UnixFileMode)0b111_101_101);
        var fdir = Path.Combine(_dir, "filters.d");
        Directory.CreateDirectory(fdir);
        File.SetUnixFileMode(fdir, (UnixFileMode)0b111_101_101);
        var filters = Path.Combine(fdir, "t.filters");
        File.WriteAllText(filters, "[Filters]\ntouch: CommandFilter, touch, root\n");
        _conf = Path.Combine(_dir, "rootwrap.conf");
        File.WriteAllText(_conf, $"[DEFAULT]\nfilters_path={fdir}\nexec_dirs=/usr/bin,/bin\n");
        foreach (var f in new[] { filters, _conf }) File.SetUnixFileMode(f, (UnixFileMode)0b110_100_100);
        _marker = Path.Combine(_dir, "ran");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Installed(string name) => Path.Combine(Host.Root, "bin", name);

    /// <summary><paramref name="binary"/> called as <paramref name="name"/> (a symlink of that name) with the helper's arguments.</summary>
    private RunResult CallAs(string binary, string name)
    {
        var link = Path.Combine(_dir, name);
        File.CreateSymbolicLink(link, Installed(binary));
        return Host.Run([link, _conf, "touch", _marker]);
    }

    [RequiresTheory(Need.EndToEnd)]
    [InlineData("rootwrap-native", "rootwrap-native-daemon", "rootwrap-native (the helper)", "rootwrap-native-daemon")]
    [InlineData("rootwrap-native", "rootwrap-audit", "rootwrap-native (the helper)", "rootwrap-audit")]
    [InlineData("rootwrap-native", "rootwrap-native-launcher", "rootwrap-native (the helper)", "rootwrap-native-daemon")]
    [InlineData("rootwrap-native", "nova-rootwrap-daemon", "rootwrap-native (the helper)", "rootwrap-native-daemon")]
    [InlineData("rootwrap-native-daemon", "rootwrap-native", "rootwrap-native-daemon", "the helper (rootwrap-native)")]
    [InlineData("rootwrap-native-daemon", "nova-rootwrap", "rootwrap-native-daemon", "the helper (rootwrap-native)")]
    [InlineData("rootwrap-native-daemon", "rootwrap-audit", "rootwrap-native-daemon", "rootwrap-audit")]
    [InlineData("rootwrap-audit", "rootwrap-native", "rootwrap-audit", "the helper (rootwrap-native)")]
    [InlineData("rootwrap-audit", "rootwrap-native-daemon", "rootwrap-audit", "rootwrap-native-daemon")]
    public void A_binary_called_by_another_entry_points_name_runs_nothing(string binary, string name, string held, string wanted)
    {
        var r = CallAs(binary, name);
        Assert.True(r.ExitCode == 97, r.ToString());
        Assert.Equal($"{name}: this binary is {held} only, not {wanted}; nothing was executed\n", r.Stderr);
        Assert.Equal("", r.Stdout);
        Assert.False(File.Exists(_marker), "the command ran");
    }

    [RequiresFact(Need.EndToEnd)]
    public void The_helper_under_a_service_name_is_the_helper()
    {
        var r = CallAs("rootwrap-native", "nova-rootwrap");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.True(File.Exists(_marker), "the command did not run");
    }

    [RequiresFact(Need.EndToEnd)]
    public void The_daemon_under_a_services_daemon_name_is_the_daemon()
    {
        // The daemon takes CONFIG alone: its own refusal of the helper's arguments shows it answered.
        var r = CallAs("rootwrap-native-daemon", "nova-rootwrap-daemon");
        Assert.True(r.ExitCode == 98, r.ToString());
        Assert.Contains("Extra arguments to daemon", r.Stderr);
        Assert.False(File.Exists(_marker), "the command ran");
    }
}
