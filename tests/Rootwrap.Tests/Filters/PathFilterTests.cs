using Rootwrap.Filters;
using Xunit;
using static Rootwrap.Tests.Filters.FakeMachine;

namespace Rootwrap.Tests.Filters;

public class PathFilterTests
{
    private static PathFilter Chown(params string[] constraints) => new("/bin/chown", "root", constraints);

    [Fact]
    public void PathFilter_rejects_sibling_with_common_prefix()
    {
        var sys = new FakeMachine();
        Assert.False(Chown("nova", "/var/lib/images").Match(Args("chown", "nova", "/var/lib/images2/x"), sys));
        Assert.False(Chown("nova", "/var/lib/images").Match(Args("chown", "nova", "/var/lib/images2"), sys));
        Assert.True(PathFilter.IsWithinByStringPrefix("/var/lib/images", "/var/lib/images2/x"));
    }

    [Fact]
    public void PathFilter_admits_the_base_itself_and_what_is_under_it()
    {
        var sys = new FakeMachine();
        var f = Chown("nova", "/var/lib/images");
        Assert.True(f.Match(Args("chown", "nova", "/var/lib/images"), sys));
        Assert.True(f.Match(Args("chown", "nova", "/var/lib/images/a/b"), sys));
        Assert.True(Chown("nova", "/var/lib/images/").Match(Args("chown", "nova", "/var/lib/images/a"), sys));
        Assert.True(Chown("nova", "/").Match(Args("chown", "nova", "/etc/shadow"), sys));
    }

    [Fact]
    public void PathFilter_checks_and_passes_the_resolved_path()
    {
        var sys = new FakeMachine();
        sys.RealPaths["/var/lib/images/link"] = "/etc/shadow";
        sys.RealPaths["/var/lib/images/in"] = "/var/lib/images/a";
        var f = Chown("nova", "/var/lib/images");
        Assert.False(f.Match(Args("chown", "nova", "/var/lib/images/link"), sys));
        Assert.False(f.Match(Args("chown", "nova", "/var/lib/images/../../../etc/shadow"), sys));
        Assert.True(f.Match(Args("chown", "nova", "/var/lib/images/in"), sys));
        Assert.Equal(["/bin/chown", "nova", "/var/lib/images/a"], f.GetCommand(Args("chown", "nova", "/var/lib/images/in"), "/bin/chown", sys));
    }

    [Fact]
    public void PathFilter_literal_pass_and_argument_count()
    {
        var sys = new FakeMachine();
        Assert.True(Chown("pass", "pass").Match(Args("chown", "x", "/anything"), sys));
        Assert.False(Chown("nova", "/d").Match(Args("chown", "quantum", "/d/x"), sys));
        Assert.False(Chown("nova", "/d").Match(Args("chown", "-c", "nova", "/d/x"), sys));
        Assert.False(Chown("nova", "/d").Match(Args("chown"), sys));
        Assert.False(Chown("nova", "/d").Match(Args("wrong", "nova", "/d/x"), sys));
        Assert.True(Chown("nova", "/d").Match(Args("/bin/chown", "nova", "/d/x"), sys));
    }

    [Fact]
    public void PathFilter_missing_working_folder_resolves_to_empty_and_is_refused()
    {
        var sys = new FakeMachine();
        sys.RealPaths["rel"] = "";
        Assert.False(Chown("/d").Match(Args("chown", "rel"), sys));
    }
}
