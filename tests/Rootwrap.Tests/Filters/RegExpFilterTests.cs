using Rootwrap.Filters;
using Xunit;
using static Rootwrap.Tests.Filters.FakeMachine;

namespace Rootwrap.Tests.Filters;

public class RegExpFilterTests
{
    private static readonly FakeMachine Sys = new();

    private static RegExpFilter F(params string[] patterns) => new("/usr/sbin/svc", "root", patterns);

    [Fact]
    public void RegExpFilter_matches_one_pattern_per_argument_command_included()
    {
        var f = F("svc", "start|stop", @"\d+");
        Assert.True(f.Match(Args("svc", "start", "42"), Sys));
        Assert.False(f.Match(Args("svc", "start"), Sys));
        Assert.False(f.Match(Args("svc", "start", "42", "x"), Sys));
        Assert.False(f.Match(Args(), Sys));
    }

    [Fact]
    public void RegExpFilter_alternation_must_cover_the_whole_argument_H1()
    {
        // The reference's re.match("start|stop$", "startx") admits it.
        Assert.False(F("svc", "start|stop").Match(Args("svc", "startx"), Sys));
        Assert.False(F("svc", "start|stop").Match(Args("svc", "xstop"), Sys));
        Assert.True(F("svc", "start|stop").Match(Args("svc", "stop"), Sys));
    }

    [Fact]
    public void RegExpFilter_rejects_a_trailing_newline_H1()
    {
        Assert.False(F("svc", @"\d+").Match(Args("svc", "5\n"), Sys));
        Assert.False(F("svc", "/tmp/.*").Match(Args("svc", "/tmp/x\n"), Sys));
        Assert.False(F("svc", @"\d+$").Match(Args("svc", "5\n"), Sys));
        Assert.True(F("svc", @"\d+$").Match(Args("svc", "5"), Sys));
    }

    [Fact]
    public void RegExpFilter_never_compares_exec_path_only_the_first_pattern()
    {
        var f = new RegExpFilter("/bin/ls", "root", ["cat", "x"]);
        Assert.True(f.Match(Args("cat", "x"), Sys));
        Assert.False(f.Match(Args("ls", "x"), Sys));
    }

    [Fact]
    public void RegExpFilter_with_a_pattern_that_does_not_compile_denies()
    {
        Assert.False(F("svc", "[a-").Match(Args("svc", "[a-"), Sys));
        Assert.False(F("svc", "(x").Match(Args("svc", "(x"), Sys));
        Assert.True(new PyRegex("[a-").IsInvalid);
    }

    [Fact]
    public void RegExpFilter_accepts_python_named_groups_back_references_and_Z()
    {
        var f = F("cp", "(?P<f>[a-z]+)-(?P=f)");
        Assert.True(f.Match(Args("cp", "abc-abc"), Sys));
        Assert.False(f.Match(Args("cp", "abc-abd"), Sys));
        // Each argument has its own pattern: a group of another argument's pattern is unknown (re.error).
        Assert.False(F("cp", "(?P<f>[a-z]+)", "/backup/(?P=f)").Match(Args("cp", "abc", "/backup/abc"), Sys));
        Assert.True(F("svc", @"a\Z").Match(Args("svc", "a"), Sys));
        Assert.True(F("svc", "a{,2}").Match(Args("svc", "aa"), Sys));
        Assert.False(F("svc", "a{,2}").Match(Args("svc", "aaa"), Sys));
    }

    [Fact]
    public void RegExpFilter_word_class_is_pythons_letters_digits_and_underscore()
    {
        Assert.True(F("svc", @"\w+").Match(Args("svc", "caf\u00e9_1"), Sys));
        Assert.True(F("svc", @"\d").Match(Args("svc", "\u0663"), Sys));
        Assert.False(F("svc", @"\w").Match(Args("svc", "-"), Sys));
    }

    [Fact]
    public void RegExpFilter_bracket_inside_a_class_is_a_literal_as_in_python()
    {
        Assert.True(F("svc", "[[a]+").Match(Args("svc", "a["), Sys));
        Assert.False(F("svc", "[a-[]").Match(Args("svc", "a"), Sys)); // bad range in Python too
        Assert.True(F("svc", "[]a]+").Match(Args("svc", "]a"), Sys));
    }

    [Fact]
    public void ChainingRegExpFilter_matches_a_prefix_and_chains_the_rest_by_basename()
    {
        var f = new ChainingRegExpFilter("nice", "root", ["nice", @"-?\d+"]);
        Assert.True(f.Match(Args("nice", "5", "/usr/bin/cat", "/a"), Sys));
        Assert.False(f.Match(Args("nice", "--5", "cat"), Sys));
        Assert.False(f.Match(Args("nice"), Sys));
        Assert.Equal(["cat", "/a"], f.ExecArgs(Args("nice", "5", "/usr/bin/cat", "/a")));
        Assert.Empty(f.ExecArgs(Args("nice", "5")));
    }
}
