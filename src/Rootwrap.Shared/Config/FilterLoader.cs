using Rootwrap.Capabilities;
using Rootwrap.Filters;
using Rootwrap.Ini;
using Rootwrap.Posix;

namespace Rootwrap.Config;

/// <summary>
/// The reference's <c>load_filters</c>, plus our sections. <paramref name="trust"/> checks file
/// and folder ownership (H5) when the helper runs as root.
/// </summary>
public static class FilterLoader
{
    public const string PrivsepHelperName = "privsep-helper";

    /// <summary>The filter every configuration has last: privsep-helper, as root, with any arguments (the reference's implicit one).</summary>
    public static Filter ImplicitPrivsep() => new CommandFilter("privsep-helper", "root", []) { Name = PrivsepHelperName };

    public static FilterSet Load(RootwrapConfig config, ITrustPolicy trust)
    {
        var filters = new List<Filter>();
        var warnings = new List<string>();
        var files = new List<string>();
        var decls = new Declarations();

        foreach (var dir in config.FiltersPath)
        {
            if (PosixPath.Stat(dir) is not { IsDirectory: true } dirStat) continue;
            trust.CheckDirectory(dir, dirStat);
            foreach (var path in ListDirectory(dir))
            {
                var name = PosixPath.BaseName(path);
                if (name.StartsWith('.') || !PosixPath.IsFile(path)) continue;
                files.Add(path);
                var doc = Read(path, trust);
                var items = doc.Items("Filters")
                    ?? throw new ConfigException("no [Filters] section", path);
                foreach (var entry in items)
                {
                    var fields = SplitFields(entry.Value);
                    var f = FilterFactory.Build(fields, path, entry.Line);
                    if (f is null)
                    {
                        warnings.Add($"Skipping unknown filter class ({fields[0]}) specified in filter definitions");
                        continue;
                    }
                    f.Name = entry.Key;
                    f.Source = new FilterSource(path, entry.Line);
                    filters.Add(f);
                }
                decls.Read(doc);
            }
        }
        filters.Add(ImplicitPrivsep());

        foreach (var profile in config.CapabilityProfiles)
        {
            var st = PosixPath.Stat(profile);
            if (st is { IsDirectory: true })
            {
                trust.CheckDirectory(profile, st.Value);
                foreach (var p in ListDirectory(profile).Where(p => !PosixPath.BaseName(p).StartsWith('.') && PosixPath.IsFile(p)).Order(StringComparer.Ordinal))
                    decls.Read(Read(p, trust));
            }
            else if (st is { IsRegular: true })
                decls.Read(Read(profile, trust));
            else throw new ConfigException($"capability profile not found: {profile}", config.File);
        }

        decls.Resolve(filters);
        foreach (var d in decls.CapabilityLines)
            if (config.CapabilityBound is { } bound && !d.Capabilities.IsSubsetOf(bound))
                throw new ConfigException(
                    $"'{d.Filter}' declares {d.Capabilities.Except(bound)}, outside capability_bound", d.File, d.Line);
        foreach (var d in decls.Paths.Values)
            foreach (var p in d.ReadWrite.Concat(d.ReadOnly ?? []))
                if (PosixPath.Stat(p) is null)
                    throw new ConfigException($"[Paths] '{d.Filter}': path {p} does not exist", d.File, d.Line);

        return new FilterSet
        {
            Filters = filters, Capabilities = decls.Capabilities, Paths = decls.Paths, Warnings = warnings, Files = files,
            Arguments = decls.Arguments.Values.GroupBy(sh => sh.Filter, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => (IReadOnlyList<ArgumentShape>)g.ToList(), StringComparer.Ordinal),
            Chains = decls.Chains,
            NoNewPrivsOff = decls.NoNewPrivsOff,
            RunAs = decls.RunAs,
            Namespaces = decls.Namespaces,
            Trust = trust,
        };
    }

    /// <summary>A filter file or profile (configparser's non-strict mode), its owner and mode checked before it is parsed.</summary>
    private static IniDocument Read(string path, ITrustPolicy trust)
    {
        try { return IniDocument.Load(path, strict: false, opened => trust.CheckFile(path, opened)); }
        catch (IniException e) { throw new ConfigException(e.Message, e.File, e.Line); }
    }

    /// <summary>Directory entries in readdir order, as the reference's os.listdir (match order depends on it).</summary>
    internal static IEnumerable<string> ListDirectory(string dir) =>
        PosixFile.List(dir, out int errno) ?? throw new ConfigException(errno switch
        {
            Errno.ENOENT => "cannot list directory: no such directory",
            Errno.ENOTDIR => "cannot list directory: not a directory",
            Errno.EACCES or Errno.EPERM => "cannot list directory: permission denied",
            _ => $"cannot list directory: error {errno}",
        }, dir);

    /// <summary>A filter definition's fields: the value split on ',' and each part stripped, as the reference's <c>[i.strip() for i in value.split(',')]</c>.</summary>
    internal static string[] SplitFields(string value)
    {
        var fields = new string[value.AsSpan().Count(',') + 1];
        int start = 0;
        for (int i = 0; i < fields.Length; i++)
        {
            int comma = value.IndexOf(',', start);
            int end = comma < 0 ? value.Length : comma;
            fields[i] = IniDocument.PyStrip(value.AsSpan(start, end - start)).ToString();
            start = end + 1;
        }
        return fields;
    }

    /// <summary>
    /// A value of our own sections without its inline comments ("  # why"), which the
    /// reference never sees (it ignores these sections). Each continuation line may carry one.
    /// </summary>
    internal static string StripInlineComments(string value)
    {
        var lines = value.Split('\n');
        for (int l = 0; l < lines.Length; l++)
        {
            var v = lines[l];
            for (int i = 0; i < v.Length; i++)
            {
                if ((v[i] == '#' || v[i] == ';') && (i == 0 || IniDocument.PyIsSpace(v[i - 1])))
                {
                    v = v[..i];
                    break;
                }
            }
            lines[l] = IniDocument.PyStrip(v);
        }
        return string.Join(' ', lines);
    }

    /// <summary>
    /// One [Paths] entry (SPEC 4b): <c>rw /path</c> and <c>ro /path</c> items, comma-separated;
    /// an empty value confines with nothing writable. The helper and the auditor read it alike.
    /// </summary>
    /// <exception cref="ConfigException">An item that isn't one of those, or a path SPEC 4b refuses.</exception>
    public static PathsDeclaration ParsePaths(string file, IniEntry e)
    {
        var v = StripInlineComments(e.Value);
        var rw = new List<string>();
        List<string>? ro = null;
        foreach (var part in v.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var words = part.Split(' ', 2, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (words.Length != 2 || words[0] is not ("rw" or "ro"))
                throw new ConfigException($"[Paths] '{e.Key}': expected 'rw /path' or 'ro /path', got '{part}'", file, e.Line);
            bool writable = words[0] == "rw";
            if (ConfinementRules.CheckDeclaredPath(words[1], writable) is { } why)
                throw new ConfigException($"[Paths] '{e.Key}': {words[0]} {words[1]} {why}", file, e.Line);
            var path = ConfinementRules.Normal(words[1]);
            if (writable) rw.Add(path);
            else (ro ??= []).Add(path);
        }
        return new PathsDeclaration(e.Key, rw, file, e.Line, ro);
    }
}
