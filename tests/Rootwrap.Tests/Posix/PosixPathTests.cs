using Rootwrap.Posix;
using Xunit;

namespace Rootwrap.Tests.Posix;

public class PosixPathTests
{
    [Theory]
    [InlineData("", ".")]
    [InlineData("/a/./b/../c", "/a/c")]
    [InlineData("//a//b", "//a/b")]
    [InlineData("///a", "/a")]
    [InlineData("../a/..", "..")]
    [InlineData("/..", "/")]
    public void NormPath_is_posixpaths(string input, string expected) => Assert.Equal(expected, PosixPath.NormPath(input));

    [Theory]
    [InlineData("/a/b", "/a")]
    [InlineData("/a", "/")]
    [InlineData("a", "")]
    [InlineData("//a", "//")]
    [InlineData("/a/b/", "/a/b")]
    public void DirName_is_posixpaths(string input, string expected) => Assert.Equal(expected, PosixPath.DirName(input));

    [Fact]
    public void Join_and_basename_are_posixpaths()
    {
        Assert.Equal("/a/b", PosixPath.Join("/a", "b"));
        Assert.Equal("/b", PosixPath.Join("/a", "/b"));
        Assert.Equal("/a/b", PosixPath.Join("/a/", "b"));
        Assert.Equal("b", PosixPath.Join("", "b"));
        Assert.Equal("", PosixPath.BaseName("/a/"));
        Assert.Equal("cat", PosixPath.BaseName("/usr/bin/cat"));
    }

    [Fact]
    public void RealPath_resolves_symlinks_dotdot_and_keeps_a_missing_tail()
    {
        var root = Directory.CreateTempSubdirectory("rwpath-").FullName;
        Directory.CreateDirectory(root + "/d/a");
        File.CreateSymbolicLink(root + "/d/in", root + "/d/a");
        File.CreateSymbolicLink(root + "/d/out", "../x");
        File.CreateSymbolicLink(root + "/d/loop", "loop");
        File.CreateSymbolicLink(root + "/d/up", "..");
        Assert.Equal(root + "/d/a", PosixPath.RealPath(root + "/d/in"));
        Assert.Equal(root + "/x", PosixPath.RealPath(root + "/d/out"));
        Assert.Equal(root + "/d/a/new/file", PosixPath.RealPath(root + "/d/in/new/file"));
        Assert.Equal(root + "/d/a", PosixPath.RealPath(root + "/d/x/../a"));
        Assert.Equal(root + "/d/loop/x", PosixPath.RealPath(root + "/d/loop/x"));
        Assert.Equal(root + "/x", PosixPath.RealPath(root + "/d/up/x"));
        Assert.Equal("/", PosixPath.RealPath("//"));
        Directory.Delete(root, true);
    }

    [Fact]
    public void RealPath_keeps_undecodable_bytes()
    {
        var name = "/nonexistent/caf\udce9";
        Assert.Equal(name, PosixPath.RealPath(name));
    }
}
