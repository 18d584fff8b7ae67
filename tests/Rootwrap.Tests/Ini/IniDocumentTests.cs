using Rootwrap.Ini;
using Xunit;

namespace Rootwrap.Tests.Ini;

public class IniDocumentTests
{
    private static IniDocument Parse(string text, bool strict = false) => IniDocument.Parse("t.filters", text, strict);

    [Fact]
    public void Colon_and_equals_both_delimit_and_the_first_one_wins()
    {
        var doc = Parse("[Filters]\na: CommandFilter, a=b, root\nb = x: y\n");
        Assert.Equal("CommandFilter, a=b, root", doc.GetSection("Filters")!["a"]!.Value);
        Assert.Equal("x: y", doc.GetSection("Filters")!["b"]!.Value);
    }

    [Fact]
    public void Option_names_are_lower_cased_and_values_keep_inline_hashes()
    {
        var doc = Parse("[Filters]\nMyFilter: CommandFilter, ls, root # not a comment\n");
        Assert.Equal("CommandFilter, ls, root # not a comment", doc.GetSection("Filters")!["myfilter"]!.Value);
    }

    [Fact]
    public void Indented_lines_continue_the_value_and_comment_lines_do_not()
    {
        var doc = Parse("[Filters]\nip: IpFilter,\n# a comment\n    ip, root\n\n");
        Assert.Equal("IpFilter,\nip, root", doc.GetSection("Filters")!["ip"]!.Value);
    }

    [Fact]
    public void Repeated_option_keeps_first_position_and_last_value_when_not_strict()
    {
        var doc = Parse("[Filters]\na: 1\nb: 2\na: 3\n");
        var entries = doc.GetSection("Filters")!.Entries;
        Assert.Equal(["a", "b"], entries.Select(e => e.Key));
        Assert.Equal("3", entries[0].Value);
        Assert.Equal(4, entries[0].Line);
    }

    [Fact]
    public void Repeated_option_is_an_error_with_its_line_when_strict()
    {
        var e = Assert.Throws<IniException>(() => Parse("[DEFAULT]\na=1\n\na=2\n", strict: true));
        Assert.Equal(4, e.Line);
    }

    [Fact]
    public void Text_before_any_section_is_an_error_at_its_line()
    {
        var e = Assert.Throws<IniException>(() => Parse("\n# c\nfoo: bar\n"));
        Assert.Equal(3, e.Line);
    }

    [Fact]
    public void A_line_without_delimiter_is_an_error_at_its_line()
    {
        var e = Assert.Throws<IniException>(() => Parse("[Filters]\nok: 1\njunk line\n"));
        Assert.Equal(3, e.Line);
    }

    [Fact]
    public void Defaults_come_first_in_items()
    {
        var doc = Parse("[Filters]\nb: 2\n[DEFAULT]\na: 1\n");
        Assert.Equal(["a", "b"], doc.Items("Filters")!.Select(e => e.Key));
    }

    [Fact]
    public void Invalid_utf8_is_an_error_naming_the_line()
    {
        var bytes = "[Filters]\na: b\nc: \u00e9"u8.ToArray();
        bytes[^1] = 0xff;
        var e = Assert.Throws<IniException>(() => IniDocument.Parse("x", bytes, strict: false));
        Assert.Equal(3, e.Line);
    }
}
