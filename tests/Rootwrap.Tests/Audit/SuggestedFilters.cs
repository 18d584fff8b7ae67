using System.Text.RegularExpressions;
using Rootwrap.Audit;

namespace Rootwrap.Tests.Audit;

/// <summary>The filter lines the knowledge base's fixes spell out (`name: Class, ...`), split as oslo.rootwrap splits them.</summary>
internal static class SuggestedFilters
{
    /// <summary>Each line: the command whose fix it is, the line as written, and its fields (the class first), split on every comma and stripped.</summary>
    public static IEnumerable<(string Command, string Line, List<string> Fields)> Lines() =>
        from c in CommandKnowledge.All
        from Match m in Regex.Matches(c.Fix, @"`([^`:]+): *([A-Za-z]+Filter,[^`]*)`")
        select (c.Name, m.Value, m.Groups[2].Value.Split(',').Select(f => f.Trim()).ToList());

    /// <summary>The patterns of the suggested RegExpFilters (the fields after executable, user).</summary>
    public static IEnumerable<string> RegExpPatterns() =>
        Lines().Where(l => l.Fields[0] == "RegExpFilter").SelectMany(l => l.Fields.Skip(3));
}
