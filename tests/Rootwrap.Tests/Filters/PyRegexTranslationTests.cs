using System.Text.RegularExpressions;
using Rootwrap.Filters;
using Xunit;

namespace Rootwrap.Tests.Filters;

public class PyRegexTranslationTests
{
    [Fact]
    public void CodePointSet_operations_keep_ranges_sorted_and_merged()
    {
        var a = CodePointSet.FromPairs([10, 20, 30, 40, 21, 25]);
        Assert.Equal([10, 25, 30, 40], a.Pairs.ToArray());
        var b = CodePointSet.Range(15, 35);
        Assert.Equal([15, 25, 30, 35], a.Intersect(b).Pairs.ToArray());
        Assert.Equal([10, 40], a.Union(b).Pairs.ToArray());
        Assert.Equal([10, 14, 36, 40], a.Except(b).Pairs.ToArray());
        Assert.Equal([0, 9, 26, 29, 41, CodePointSet.MaxCodePoint], a.Complement().Pairs.ToArray());
        Assert.True(a.Contains(30) && a.Contains(25) && !a.Contains(26) && !a.Contains(41));
        Assert.True(a.Overlaps(CodePointSet.Of(40)) && !a.Overlaps(CodePointSet.Range(26, 29)));
        Assert.True(CodePointSet.All.Complement().IsEmpty);
    }

    [Theory]
    [InlineData(@"\w")]
    [InlineData(@"\W")]
    [InlineData(@"\d")]
    [InlineData(@"\s")]
    [InlineData(@"[\S]")]
    [InlineData(@"[^\d\w]")]
    [InlineData(@"\bx\B")]
    [InlineData(".")]
    [InlineData("(?i)k")]
    public void The_translation_uses_no_dotnet_classes_and_no_ignorecase(string pattern)
    {
        var t = PyRegex.Translate(pattern);
        Assert.NotNull(t);
        foreach (var dotnet in new[] { @"\w", @"\W", @"\d", @"\D", @"\s", @"\S", @"\b", @"\B", @"\p", @"\P", "(?i", "." })
            Assert.DoesNotContain(dotnet, t!.Replace("(?:", "").Replace("(?=", "").Replace("(?!", "").Replace("(?<", ""));
    }

    [Fact]
    public void Astral_characters_become_one_code_unit_of_their_class()
    {
        var word = CodePointSet.FromPairs([0x1D400, 0x1D7FF]);
        var digit = CodePointSet.FromPairs([0x1D7CE, 0x1D7FF]);
        var map = AstralMap.Build([word, digit, CodePointSet.Of('a')])!;
        // Three classes: neither, word only, word and digit.
        string letter = map.Rewrite("\U0001D400"), digitChar = map.Rewrite("\U0001D7CE"), emoji = map.Rewrite("\U0001F600");
        Assert.Equal(1, letter.Length);
        Assert.NotEqual(letter, digitChar);
        Assert.NotEqual(letter, emoji);
        Assert.Equal(letter, map.Rewrite("\U0001D401"));
        Assert.True(map.Representatives(word).Contains(letter[0]) && map.Representatives(word).Contains(digitChar[0]));
        Assert.False(map.Representatives(digit).Contains(letter[0]));
        // Lone low surrogates and BMP text stay as they are.
        Assert.Equal("x\uDC80y", map.Rewrite("x\uDC80y"));
    }

    [Fact]
    public void A_pattern_that_only_python_compiles_differently_is_invalid_not_rewritten()
    {
        // The old translation rewrote .NET-only readings; these are errors in Python 3.11.
        foreach (var p in new[] { "start(?i)x", @"\e", "(?<n>a)", "[a-[b]]x]", @"\k<n>", "(?P<a>x)(?P<a>y)", "(?P=nope)", "a{1,2}{3}" })
            Assert.True(new PyRegex(p).IsInvalid, p);
        // And these are fine in Python: literal braces, a ']' first in a class, a nested '['.
        Assert.False(new PyRegex("a{,}b{").IsInvalid);
        Assert.True(new PyRegex("[]a]+").FullMatch("]a"));
        Assert.True(new PyRegex("[[a]+").FullMatch("[a"));
    }

    [Fact]
    public void Look_behinds_must_be_fixed_width_as_in_python()
    {
        Assert.True(new PyRegex("(?<=a+)b").IsInvalid);
        Assert.True(new PyRegex("(?<!ab|c)d").IsInvalid);
        Assert.False(new PyRegex("(?<=ab|cd)e").IsInvalid);
        Assert.False(new PyRegex("(a)(?<=\\1)b").IsInvalid);
        Assert.True(new PyRegex("x(?<=(a)\\1)").IsInvalid); // a group of the same look-behind
        Assert.True(new PyRegex("a(?<=\\U0001F600)").FullMatch("a") is false);
        Assert.True(new PyRegex(".(?<=\\U0001F600)").FullMatch("\U0001F600"));
    }

    [Fact]
    public void Word_boundaries_use_pythons_word_characters()
    {
        // U+0300 is a word character for .NET's \b (Mn), not for Python's.
        Assert.False(new PyRegex(@"a\b.").FullMatch("a\u00b2"));
        Assert.True(new PyRegex(@"a\b.").FullMatch("a\u0300"));
        Assert.False(new PyRegex(@"\B").FullMatch(""));
        Assert.False(new PyRegex(@"\b").FullMatch(""));
        Assert.True(new PyRegex(@"(?a)a\b\u00e9").FullMatch("a\u00e9"));
        Assert.False(new PyRegex(@"a\b\u00e9").FullMatch("a\u00e9"));
    }
}
