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

    [Fact]
    public void Each_error_has_its_kind()
    {
        Assert.Equal(IniError.NoSectionHeader, Assert.Throws<IniException>(() => Parse("a: 1\n")).Kind);
        Assert.Equal(IniError.NotAnOption, Assert.Throws<IniException>(() => Parse("[Filters]\njunk\n")).Kind);
        Assert.Equal(IniError.NoOptionName, Assert.Throws<IniException>(() => Parse("[Filters]\n: x\n")).Kind);
        var sec = Assert.Throws<IniException>(() => Parse("[A]\na: 1\n[A]\n", strict: true));
        Assert.Equal((IniError.RepeatedSection, "A", 1, 3), (sec.Kind, sec.Section, sec.FirstLine, sec.Line));
        var opt = Assert.Throws<IniException>(() => Parse("[A]\nX: 1\nb: 2\nx: 3\n", strict: true));
        Assert.Equal((IniError.RepeatedOption, "A", "x", 2, 4), (opt.Kind, opt.Section, opt.Key, opt.FirstLine, opt.Line));
    }

    [Fact]
    public void Collecting_reports_every_error_and_reads_each_bad_line_as_a_comment()
    {
        var problems = new List<IniException>();
        var text = "stray\n[Filters]\na: x,\n  y\njunk\n  z\n: nameless\nb: 2\n";
        var doc = IniDocument.ParseCollecting("t", text, problems);
        Assert.Equal([(IniError.NoSectionHeader, 1), (IniError.NotAnOption, 5), (IniError.NoOptionName, 7)],
            problems.Select(p => (p.Kind, p.Line)));
        // As if lines 1, 5 and 7 were comments: line 6 still continues a's value.
        var asComments = Parse("#\n[Filters]\na: x,\n  y\n#\n  z\n#\nb: 2\n");
        Assert.Equal(asComments.GetSection("Filters")!.Entries, doc.GetSection("Filters")!.Entries);
        Assert.Equal("x,\ny\nz", doc.GetSection("Filters")!["a"]!.Value);
    }

    [Fact]
    public void Collecting_reports_what_strict_mode_refuses_and_reads_it_as_non_strict_mode_does()
    {
        var problems = new List<IniException>();
        var text = "[Filters]\na: 1\nb: 2\na: 3\n[Filters]\na: 4\n";
        var doc = IniDocument.ParseCollecting("t", text, problems);
        Assert.Equal([(IniError.RepeatedOption, 4, 2), (IniError.RepeatedSection, 5, 1), (IniError.RepeatedOption, 6, 2)],
            problems.Select(p => (p.Kind, p.Line, p.FirstLine)));
        Assert.Equal(Parse(text).GetSection("Filters")!.Entries, doc.GetSection("Filters")!.Entries);
    }
}
