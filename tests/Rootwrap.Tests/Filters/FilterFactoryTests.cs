using Rootwrap.Config;
using Rootwrap.Filters;
using Xunit;

namespace Rootwrap.Tests.Filters;

public class FilterFactoryTests
{
    [Fact]
    public void Every_known_class_builds_a_filter_of_that_class()
    {
        foreach (var cls in FilterFactory.KnownClasses)
        {
            var f = FilterFactory.Build([cls, "/bin/x", "root", "x"], "t.filters", 1);
            Assert.NotNull(f);
            Assert.Equal(cls, f.ClassName);
        }
    }

    [Theory]
    [InlineData("os"), InlineData("re"), InlineData("NETNS_VARS"), InlineData("_getuid"), InlineData("__cached__")]
    public void Names_of_the_reference_module_that_are_no_class_are_configuration_errors(string cls) =>
        Assert.Throws<ConfigException>(() => FilterFactory.Build([cls, "/bin/x", "root"], "t.filters", 1));

    [Theory]
    [InlineData("MadeUpFilter"), InlineData("commandfilter"), InlineData("")]
    public void An_unknown_class_is_skipped(string cls) =>
        Assert.Null(FilterFactory.Build([cls, "/bin/x", "root"], "t.filters", 1));
}
