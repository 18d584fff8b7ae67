using Rootwrap.Config;
using Rootwrap.Filters;
using Rootwrap.Ini;
using Xunit;

namespace Rootwrap.Tests.Config;

/// <summary>The one reader of our sections: the helper stops at the first invalid entry, the auditor collects them all.</summary>
public class DeclarationsTests
{
    private const string Bad = """
        [Capabilities]
        a: CAP_NET_ADMIN
        b: CAP_NOPE
        [Paths]
        a: rw /var/lib/x
        b: wr /tmp
        [RunAs]
        a: two users
        [Namespaces]
        a: leave
        [NoNewPrivs]
        a: maybe
        """;

    private static IniDocument Doc(string text) => IniDocument.Parse("p.filters", text, strict: false);

    [Fact]
    public void Collecting_reports_each_invalid_entry_with_its_section_and_keeps_the_valid_ones()
    {
        var d = new Declarations();
        var errors = new List<DeclarationError>();
        d.Read(Doc(Bad), errors);
        Assert.Equal(["NoNewPrivs", "RunAs", "Namespaces", "Capabilities", "Paths"], errors.Select(e => e.Section));
        Assert.All(errors, e => Assert.Equal("p.filters", e.Error.File));
        Assert.Equal([12, 8, 10, 3, 6], errors.Select(e => e.Error.Line));
        Assert.Equal("[Capabilities] 'b': unknown capability 'CAP_NOPE'", errors[3].Error.Message);
        Assert.Equal(["a"], d.Capabilities.Keys);
        Assert.Equal(["a"], d.Paths.Keys);
        Assert.Empty(d.RunAs);
    }

    [Fact]
    public void Without_a_collector_the_first_invalid_entry_throws_as_the_helper_refuses_it()
    {
        var e = Assert.Throws<ConfigException>(() => new Declarations().Read(Doc(Bad)));
        Assert.Equal("p.filters:12: [NoNewPrivs] 'a': expected 'off' or 'on', got 'maybe'", e.Describe());
    }

    [Fact]
    public void Resolve_reports_every_declaration_for_no_filter_and_accepts_a_shape_key()
    {
        var d = new Declarations();
        d.Read(Doc("""
            [Arguments]
            mount.std: /mnt/x
            ghost.std: x
            [Chains]
            mount: mount
            [Capabilities]
            mount.std:
            nobody:
            [Paths]
            nobody: rw /tmp
            """));
        var filters = new List<Filter> { new CommandFilter("/bin/mount", "root", []) { Name = "mount" } };
        var errors = new List<DeclarationError>();
        d.Resolve(filters, errors);
        Assert.Equal([("Arguments", "ghost"), ("Chains", "mount"), ("Capabilities", "nobody"), ("Paths", "nobody")],
            errors.Select(e => (e.Section, e.Filter)));
        Assert.Equal("mount", d.Arguments["mount.std"].Filter);
        var thrown = Assert.Throws<ConfigException>(() => d.Resolve(filters));
        Assert.Equal("[Arguments] narrows 'ghost', which is no filter of this configuration", thrown.Message);
    }
}
