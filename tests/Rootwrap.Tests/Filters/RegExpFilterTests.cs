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

    // F8: the translation admitted more than Python's re. Each expected value is what
    // Python 3.11's re.fullmatch answers (Differential/RegexDifferentialTests asks it).

    [Fact]
    public void RegExpFilter_non_space_class_refuses_what_python_counts_as_space_F8()
    {
        // Python's \s is str.isspace(): \x1c-\x1f, \x85, \xa0 and U+2028 are spaces, so [\S] refuses them.
        var f = F("svc", @"[\S]+");
        foreach (var space in new[] { "\u001c", "\u001d", "\u001e", "\u001f", "\u0085", "\u00a0", "\u2028", "\u3000" })
            Assert.False(f.Match(Args("svc", space), Sys), $"U+{(int)space[0]:X4}");
        Assert.True(f.Match(Args("svc", "abc"), Sys));
        Assert.False(F("svc", @"\S+").Match(Args("svc", "a\u001cb"), Sys));
    }

    [Fact]
    public void RegExpFilter_non_word_class_refuses_superscript_two_F8()
    {
        // Python's \w is str.isalnum() or '_': '²' (No) is a word character, U+0300 (Mn) is not.
        Assert.False(F("svc", @"x[\W]").Match(Args("svc", "x\u00b2"), Sys));
        Assert.False(F("svc", @"x\W").Match(Args("svc", "x\u00b2"), Sys));
        Assert.True(F("svc", @"x[\W]").Match(Args("svc", "x-"), Sys));
        Assert.True(F("svc", @"\w").Match(Args("svc", "\u00b2"), Sys));
        Assert.False(F("svc", @"\w").Match(Args("svc", "\u0300"), Sys));
        Assert.False(F("svc", @"\w").Match(Args("svc", "\u203f"), Sys));
        Assert.True(F("svc", @"[\w-]+").Match(Args("svc", "a-\u00b2"), Sys));
    }

    [Fact]
    public void RegExpFilter_global_flags_after_the_start_do_not_compile_F8()
    {
        // Python 3.11: "global flags not at the start of the expression"; a pattern that does not compile denies.
        Assert.True(new PyRegex("start(?i)x").IsInvalid);
        Assert.False(F("svc", "start(?i)x").Match(Args("svc", "startX"), Sys));
        Assert.False(F("svc", "start(?i)x").Match(Args("svc", "startx"), Sys));
        Assert.True(new PyRegex("^(?i)x").IsInvalid);
        Assert.True(new PyRegex("a|(?i)b").IsInvalid);
        Assert.True(new PyRegex("(?:(?i)b)").IsInvalid);
        // At the start (after comments and other flags) they apply to the whole pattern.
        Assert.True(F("svc", "(?i)startx").Match(Args("svc", "STARTX"), Sys));
        Assert.True(F("svc", "(?#c)(?m)(?i)x").Match(Args("svc", "X"), Sys));
        Assert.True(F("svc", "x(?i:y)").Match(Args("svc", "xY"), Sys));
        Assert.False(F("svc", "x(?i:y)").Match(Args("svc", "Xy"), Sys));
    }

    [Fact]
    public void RegExpFilter_digits_are_pythons_decimal_digits()
    {
        Assert.True(F("svc", @"\d").Match(Args("svc", "\u0663"), Sys));
        Assert.False(F("svc", @"\d").Match(Args("svc", "\u00b2"), Sys));
        Assert.False(F("svc", @"[^\d]").Match(Args("svc", "\u0663"), Sys));
        Assert.True(F("svc", @"(?a)\w+").Match(Args("svc", "abc_1"), Sys));
        Assert.False(F("svc", @"(?a)\w").Match(Args("svc", "\u00e9"), Sys));
        Assert.False(F("svc", @"(?a)\d").Match(Args("svc", "\u0663"), Sys));
    }

    [Fact]
    public void RegExpFilter_ignorecase_is_pythons_not_dotnets()
    {
        // sre lower-cases, with re._casefix's extra cases: K (Kelvin) ~ k, ſ ~ s, İ ~ i, ı ~ i.
        Assert.True(F("svc", "(?i)k").Match(Args("svc", "\u212a"), Sys));
        Assert.True(F("svc", "(?i)s").Match(Args("svc", "\u017f"), Sys));
        Assert.True(F("svc", "(?i)i").Match(Args("svc", "\u0130"), Sys));
        Assert.True(F("svc", "(?i)i").Match(Args("svc", "\u0131"), Sys));
        Assert.False(F("svc", "(?i)[^s]").Match(Args("svc", "\u017f"), Sys));
        Assert.False(F("svc", "(?i)[^k]").Match(Args("svc", "\u212a"), Sys));
        Assert.False(F("svc", "(?i)ss").Match(Args("svc", "\u00df"), Sys));
        // (?a) folds ASCII only.
        Assert.False(F("svc", "(?ai)k").Match(Args("svc", "\u212a"), Sys));
        Assert.True(F("svc", "(?ai)[^k]").Match(Args("svc", "\u212a"), Sys));
        Assert.True(F("svc", "(?ai)K").Match(Args("svc", "k"), Sys));
    }

    [Fact]
    public void RegExpFilter_escapes_python_does_not_know_do_not_compile()
    {
        Assert.True(new PyRegex(@"\e").IsInvalid);
        Assert.True(new PyRegex(@"\q").IsInvalid);
        Assert.True(new PyRegex(@"\8").IsInvalid);
        Assert.True(new PyRegex(@"\x4").IsInvalid);
        Assert.True(new PyRegex(@"[\A]").IsInvalid);
        Assert.True(new PyRegex(@"\400").IsInvalid);
        Assert.True(new PyRegex("(?L)a").IsInvalid);
        Assert.True(new PyRegex("(?au)a").IsInvalid);
        Assert.True(new PyRegex("a{2,1}").IsInvalid);
        Assert.True(new PyRegex("a**").IsInvalid);
        Assert.True(new PyRegex("(?<=a|bc)x").IsInvalid);
        Assert.True(new PyRegex("(?<n>a)").IsInvalid);
        Assert.True(F("svc", @"\x41\101\u00e9").Match(Args("svc", "AA\u00e9"), Sys));
        Assert.True(F("svc", "a{}").Match(Args("svc", "a{}"), Sys));
        Assert.True(F("svc", "a{x}").Match(Args("svc", "a{x}"), Sys));
    }

    [Fact]
    public void RegExpFilter_denies_what_it_does_not_translate()
    {
        // Python accepts these; we deny (the safe side): \N{...} needs Unicode's names,
        // CPython 3.11.2's possessive repeats of more than one character match wrongly
        // (gh-106052), conditionals and (?t) are not translated.
        Assert.True(new PyRegex(@"\N{EM DASH}").IsInvalid);
        Assert.True(new PyRegex("(?:ab)*+").IsInvalid);
        Assert.True(new PyRegex("(a)(?(1)b|c)").IsInvalid);
        Assert.True(new PyRegex("(?t)a").IsInvalid);
        // A possessive repeat of one character is sre's POSSESSIVE_REPEAT_ONE: translated.
        Assert.False(F("svc", "a*+a").Match(Args("svc", "aa"), Sys));
        Assert.True(F("svc", "a*+b").Match(Args("svc", "aab"), Sys));
        Assert.False(F("svc", "(?>a*)a").Match(Args("svc", "aa"), Sys));
    }

    [Fact]
    public void RegExpFilter_counts_code_points_as_python_does()
    {
        Assert.True(F("svc", "x.y").Match(Args("svc", "x\U0001F600y"), Sys));
        Assert.False(F("svc", "x..y").Match(Args("svc", "x\U0001F600y"), Sys));
        Assert.False(F("svc", "[^a]{2}").Match(Args("svc", "\U0001F600"), Sys));
        Assert.True(F("svc", @"\W").Match(Args("svc", "\U0001F600"), Sys));
        Assert.True(F("svc", @"\d").Match(Args("svc", "\U0001D7CE"), Sys));
        Assert.False(F("svc", @"\ud83d\ude00").Match(Args("svc", "\U0001F600"), Sys));
        // An undecodable byte is a lone low surrogate, a character of its own.
        Assert.True(F("svc", "x[^/]y").Match(Args("svc", "x\udc80y"), Sys));
    }

    [Fact]
    public void RegExpFilter_refuses_what_the_translation_cannot_decide()
    {
        // A high surrogate that begins no pair (only the daemon's JSON can carry one).
        Assert.False(F("svc", "x[^/]y").Match(Args("svc", "x\ud83dy"), Sys));
        // Characters beyond the BMP where a back-reference compares them.
        Assert.False(F("svc", "(.)\\1").Match(Args("svc", "\U0001F600\U0001F600"), Sys));
        Assert.True(F("svc", "(.)\\1").Match(Args("svc", "\u00e9\u00e9"), Sys));
        // Under (?i) a back-reference compares exactly (Python compares lower-cased).
        Assert.False(F("svc", "(?i)(a)\\1").Match(Args("svc", "aA"), Sys));
        Assert.True(F("svc", "(?i)(a)\\1").Match(Args("svc", "AA"), Sys));
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
