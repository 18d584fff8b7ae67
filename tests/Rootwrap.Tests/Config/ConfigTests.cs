using Rootwrap.Config;
using Rootwrap.Ini;
using Xunit;

namespace Rootwrap.Tests.Config;

public class ConfigTests
{
    private static RootwrapConfig Load(string text, string? path = "/usr/bin:/bin") =>
        RootwrapConfig.FromIni(IniDocument.Parse("/etc/x/rootwrap.conf", text, strict: true), path);

    [Fact]
    public void RootwrapConfig_defaults_are_the_references()
    {
        var c = Load("[DEFAULT]\nfilters_path=/a,/b\n");
        Assert.Equal(["/a", "/b"], c.FiltersPath);
        Assert.Equal(["/usr/bin", "/bin"], c.ExecDirs);
        Assert.False(c.ExecDirsConfigured);
        Assert.False(c.UseSyslog);
        Assert.Equal(5, c.SyslogFacility);
        Assert.Equal(40, c.SyslogLevel);
        Assert.Equal(600, c.DaemonTimeout);
        Assert.Equal(1024, c.RlimitNofile);
        Assert.Empty(Load("[DEFAULT]\nfilters_path=/a\n", null).ExecDirs);
    }

    [Fact]
    public void RootwrapConfig_reads_the_references_keys()
    {
        var c = Load("[DEFAULT]\nfilters_path=/a\nexec_dirs=/a,/x\nuse_syslog=true\nsyslog_log_facility=LOG_AUTH\nsyslog_log_level=info\nrlimit_nofile=1_000\n");
        Assert.Equal(["/a", "/x"], c.ExecDirs);
        Assert.True(c.ExecDirsConfigured);
        Assert.True(c.UseSyslog);
        Assert.Equal(4, c.SyslogFacility);
        Assert.Equal(20, c.SyslogLevel);
        Assert.Equal(1000, c.RlimitNofile);
        Assert.Equal(16, Load("[DEFAULT]\nfilters_path=/a\nsyslog_log_facility=local0\n").SyslogFacility);
    }

    [Theory]
    [InlineData("use_syslog=oui", 3)]
    [InlineData("syslog_log_facility=moo", 3)]
    [InlineData("syslog_log_level=bar", 3)]
    [InlineData("daemon_timeout=ten", 3)]
    [InlineData("rlimit_nofile=", 3)]
    public void RootwrapConfig_invalid_value_names_its_line(string line, int lineNo)
    {
        var e = Assert.Throws<ConfigException>(() => Load("[DEFAULT]\nfilters_path=/a\n" + line + "\n"));
        Assert.Equal(("/etc/x/rootwrap.conf", lineNo), (e.File, e.Line));
        Assert.StartsWith("/etc/x/rootwrap.conf:3: ", e.Describe());
    }

    [Fact]
    public void RootwrapConfig_without_filters_path_names_the_file()
    {
        var e = Assert.Throws<ConfigException>(() => Load("[DEFAULT]\nexec_dirs=/bin\n"));
        Assert.Equal("/etc/x/rootwrap.conf", e.File);
    }

    [Fact]
    public void RootwrapConfig_missing_file_is_a_configuration_error()
    {
        var e = Assert.Throws<ConfigException>(() => RootwrapConfig.Load("/nonexistent/rootwrap.conf", null));
        Assert.Contains("/nonexistent/rootwrap.conf", e.Describe());
    }

    private static string Folder(params (string Name, string Text)[] files)
    {
        var dir = Directory.CreateTempSubdirectory("rwcfg-").FullName;
        foreach (var (n, t) in files) File.WriteAllText(Path.Combine(dir, n), t);
        return dir;
    }

    private static RootwrapConfig With(string dir) => new() { File = "/etc/x/rootwrap.conf", FiltersPath = ["/nonexistent", dir], ExecDirs = [] };

    [Fact]
    public void FilterLoader_reads_every_visible_file_and_adds_privsep_helper_last()
    {
        var dir = Folder(("a.filters", "[Filters]\nls: CommandFilter, ls, root\n"), (".hidden", "junk"), ("b", "[Filters]\nx: NoSuchClass, ls, root\n"));
        Directory.CreateDirectory(Path.Combine(dir, "nested"));
        var set = FilterLoader.Load(With(dir), TrustAnything.Instance);
        Assert.Equal(["ls", "privsep-helper"], set.Filters.Select(f => f.Name));
        Assert.Equal(["Skipping unknown filter class (NoSuchClass) specified in filter definitions"], set.Warnings);
        Assert.Equal(2, set.Filters[0].Source!.Line);
    }

    [Fact]
    public void FilterLoader_without_Filters_section_is_97_naming_the_file_H3()
    {
        var dir = Folder(("a.filters", "[Other]\nls: CommandFilter, ls, root\n"));
        var e = Assert.Throws<ConfigException>(() => FilterLoader.Load(With(dir), TrustAnything.Instance));
        Assert.Equal(Path.Combine(dir, "a.filters"), e.File);
    }

    [Fact]
    public void FilterLoader_syntax_error_names_file_and_line_H3()
    {
        var dir = Folder(("a.filters", "[Filters]\nls: CommandFilter, ls, root\nno delimiter\n"));
        var e = Assert.Throws<ConfigException>(() => FilterLoader.Load(With(dir), TrustAnything.Instance));
        Assert.Equal((Path.Combine(dir, "a.filters"), 3), (e.File, e.Line));
    }

    [Fact]
    public void FilterLoader_filters_in_DEFAULT_count_as_filters_as_in_configparser()
    {
        var dir = Folder(("a.filters", "[DEFAULT]\ncat: CommandFilter, cat, root\n[Filters]\nls: CommandFilter, ls, root\n"));
        var set = FilterLoader.Load(With(dir), TrustAnything.Instance);
        Assert.Equal(["cat", "ls", "privsep-helper"], set.Filters.Select(f => f.Name));
    }
}
