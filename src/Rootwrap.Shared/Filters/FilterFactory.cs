using Rootwrap.Config;

namespace Rootwrap.Filters;

/// <summary>The reference's <c>build_filter</c>: a class name and its fields to a filter, or null for an unknown class.</summary>
public static class FilterFactory
{
    public static readonly string[] KnownClasses =
    [
        "CommandFilter", "RegExpFilter", "PathFilter", "KillFilter", "ReadFileFilter", "IpFilter",
        "EnvFilter", "ChainingFilter", "IpNetnsExecFilter", "ChainingRegExpFilter",
    ];

    // Names that exist in the reference's filters module but are not filter classes:
    // the reference finds them with hasattr() and then dies calling them (H3: exit 97).
    private static readonly string[] ModuleNonClasses =
    [
        "os", "re", "shutil", "sys", "pwd", "NETNS_VARS", "EXEC_VARS", "_getuid", "realpath",
        "__name__", "__doc__", "__file__", "__builtins__", "__spec__", "__loader__", "__package__", "__cached__",
    ];

    // The lists above as switches: the helper builds every filter of a configuration on
    // each call, and a string switch costs a length test and a comparison or two.
    private static bool IsKnownClass(string cls) => cls is
        "CommandFilter" or "RegExpFilter" or "PathFilter" or "KillFilter" or "ReadFileFilter" or "IpFilter" or
        "EnvFilter" or "ChainingFilter" or "IpNetnsExecFilter" or "ChainingRegExpFilter";

    private static bool IsModuleNonClass(string cls) => cls is
        "os" or "re" or "shutil" or "sys" or "pwd" or "NETNS_VARS" or "EXEC_VARS" or "_getuid" or "realpath" or
        "__name__" or "__doc__" or "__file__" or "__builtins__" or "__spec__" or "__loader__" or "__package__" or "__cached__";

    /// <summary>Builds a filter; null when the class is unknown (the reference warns and skips it).</summary>
    public static Filter? Build(IReadOnlyList<string> fields, string file, int line)
    {
        var cls = fields[0];
        var rest = new string[fields.Count - 1];
        for (int i = 1; i < fields.Count; i++) rest[i - 1] = fields[i];
        if (IsModuleNonClass(cls))
            throw new ConfigException($"'{cls}' is not a filter class", file, line);
        int needed = cls switch
        {
            "KillFilter" or "ReadFileFilter" => 1,
            _ => 2,
        };
        if (!IsKnownClass(cls)) return null;
        if (rest.Length < needed)
            throw new ConfigException(
                $"{cls} needs at least {needed} field{(needed > 1 ? "s" : "")} after the class name, got {rest.Length}", file, line);
        IReadOnlyList<string> tail(int n) => rest[n..];
        return cls switch
        {
            "CommandFilter" => new CommandFilter(rest[0], rest[1], tail(2)),
            "RegExpFilter" => new RegExpFilter(rest[0], rest[1], tail(2)),
            "PathFilter" => new PathFilter(rest[0], rest[1], tail(2)),
            "KillFilter" => new KillFilter(rest[0], tail(1)),
            "ReadFileFilter" => new ReadFileFilter(rest[0], tail(1)),
            "IpFilter" => new IpFilter(rest[0], rest[1], tail(2)),
            "EnvFilter" => new EnvFilter(rest[0], rest[1], tail(2)),
            "ChainingFilter" => new ChainingFilter(rest[0], rest[1], tail(2)),
            "IpNetnsExecFilter" => new IpNetnsExecFilter(rest[0], rest[1], tail(2)),
            "ChainingRegExpFilter" => new ChainingRegExpFilter(rest[0], rest[1], tail(2)),
            _ => null,
        };
    }
}
