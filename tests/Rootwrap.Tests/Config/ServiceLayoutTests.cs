using Rootwrap.Config;
using Xunit;

namespace Rootwrap.Tests.Config;

/// <summary>A service's entry points switched to rootwrap-native by its package (SPEC 7).</summary>
public class ServiceLayoutTests
{
    private static string P(TempTree t, string relative) => System.IO.Path.Combine(t.Dir, relative);

    [Theory]
    [InlineData("/usr/bin/neutron-rootwrap", "neutron")]
    [InlineData("neutron-rootwrap-daemon", "neutron")]
    [InlineData("/usr/bin/nova-rootwrap", "nova")]
    [InlineData("/usr/bin/rootwrap-native", null)]
    [InlineData("/usr/bin/rootwrap-native-daemon", null)]
    [InlineData("/usr/bin/-rootwrap", null)]
    [InlineData("/usr/bin/..-rootwrap", null)]
    [InlineData("/usr/bin/Nova-rootwrap", null)]
    public void ServiceOf_reads_the_service_from_its_entry_point_name(string execname, string? svc) =>
        Assert.Equal(svc, ServiceLayout.ServiceOf(execname));

    [Fact]
    public void Redirect_only_the_services_name_with_its_stock_path_and_only_when_roots_configuration_exists()
    {
        bool Exists(string p) => p == "/etc/rootwrap-native/neutron/rootwrap.conf";
        Assert.Equal(new ServiceLayout.Redirection("neutron", "/etc/rootwrap-native/neutron/rootwrap.conf"),
            ServiceLayout.Redirect("/usr/bin/neutron-rootwrap", "/etc/neutron/rootwrap.conf", Exists));
        Assert.Equal("/etc/rootwrap-native/neutron/rootwrap.conf",
            ServiceLayout.Redirect("/usr/bin/neutron-rootwrap-daemon", "/etc/neutron/rootwrap.conf", Exists)?.Config);
        // Another configuration, another service's, another name: read as given.
        Assert.Null(ServiceLayout.Redirect("/usr/bin/neutron-rootwrap", "/etc/neutron/../neutron/rootwrap.conf", Exists));
        Assert.Null(ServiceLayout.Redirect("/usr/bin/neutron-rootwrap", "/etc/nova/rootwrap.conf", Exists));
        Assert.Null(ServiceLayout.Redirect("/usr/bin/rootwrap-native", "/etc/neutron/rootwrap.conf", Exists));
        // The package not installed (nova's own configuration absent): nothing redirected.
        Assert.Null(ServiceLayout.Redirect("/usr/bin/nova-rootwrap", "/etc/nova/rootwrap.conf", Exists));
    }

    [Fact]
    public void CheckCopy_accepts_the_same_files_and_ignores_hidden_ones()
    {
        using var t = new TempTree();
        t.Write("stock/a.filters", "[Filters]\nip: IpFilter, ip, root\n");
        t.Write("stock/.a.filters.swp", "junk");
        t.Write("copy/a.filters", "[Filters]\nip: IpFilter, ip, root\n");
        ServiceLayout.CheckCopy("neutron", P(t, "copy"), P(t, "stock"));
    }

    [Fact]
    public void CheckCopy_refuses_a_copy_that_differs_from_the_services_file()
    {
        using var t = new TempTree();
        t.Write("stock/a.filters", "[Filters]\n");
        t.Write("copy/a.filters", "[Filters]\nsh: CommandFilter, sh, root\n");
        var e = Assert.Throws<ConfigException>(() => ServiceLayout.CheckCopy("neutron", P(t, "copy"), P(t, "stock")));
        Assert.Equal($"{P(t, "copy/a.filters")}: not the same as {P(t, "stock/a.filters")}: refresh it with 'dpkg-reconfigure rootwrap-native-neutron'", e.Describe());
    }

    [Fact]
    public void CheckCopy_refuses_a_copy_of_a_removed_file_a_file_without_copy_and_no_copy()
    {
        using var t = new TempTree();
        t.Write("stock/a.filters", "x");
        t.Write("copy/a.filters", "x");
        t.Write("copy/b.filters", "y");
        Assert.Contains("b.filters no longer exists", Assert.Throws<ConfigException>(() => ServiceLayout.CheckCopy("neutron", P(t, "copy"), P(t, "stock"))).Message);
        t.Write("stock/b.filters", "y");
        t.Write("stock/c.filters", "z");
        Assert.Contains("c.filters has no copy", Assert.Throws<ConfigException>(() => ServiceLayout.CheckCopy("neutron", P(t, "copy"), P(t, "stock"))).Message);
        Assert.Contains("no copy of", Assert.Throws<ConfigException>(() => ServiceLayout.CheckCopy("neutron", P(t, "none"), P(t, "stock"))).Message);
    }

    [Fact]
    public void CheckCopy_refuses_a_huge_service_file_without_reading_it()
    {
        using var t = new TempTree();
        t.Write("copy/a.filters", "x");
        t.Write("stock/a.filters", "");
        // sparse: 8 GiB that cost no disk, and that a whole-file read would try to hold
        using (var f = File.OpenWrite(P(t, "stock/a.filters"))) f.SetLength(8L << 30);
        var e = Assert.Throws<ConfigException>(() => ServiceLayout.CheckCopy("neutron", P(t, "copy"), P(t, "stock")));
        Assert.Contains($"over {ServiceLayout.MaxFilterFile} bytes", e.Message);
    }

    [Fact]
    public void ReadRegular_refuses_a_fifo_at_once_and_a_file_over_its_bound()
    {
        using var t = new TempTree();
        var fifo = P(t, "fifo");
        Assert.Equal(0, Mkfifo(fifo));
        var sw = System.Diagnostics.Stopwatch.StartNew();
        // no writer: a blocking open would wait forever
        Assert.Null(Rootwrap.Posix.PosixFile.ReadRegular(fifo, 1 << 20, out var errno));
        Assert.Equal(Rootwrap.Posix.Errno.EINVAL, errno);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(5));
        t.Write("big", new string('x', 1000));
        Assert.Null(Rootwrap.Posix.PosixFile.ReadRegular(P(t, "big"), 999, out errno));
        Assert.Equal(Rootwrap.Posix.Errno.EFBIG, errno);
        Assert.Equal(1000, Rootwrap.Posix.PosixFile.ReadRegular(P(t, "big"), 1000, out _)!.Length);
    }

    private static int Mkfifo(string path)
    {
        using var p = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("mkfifo", [path]))!;
        p.WaitForExit();
        return p.ExitCode;
    }
}
