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

    public static FilterSet Load(RootwrapConfig config, ITrustPolicy trust)
    {
        var filters = new List<Filter>();
        var warnings = new List<string>();
        var files = new List<string>();
        var caps = new Dictionary<string, CapabilityDeclaration>(StringComparer.Ordinal);
        // Every declaration line read, also those a later one overrides: each must be valid.
        var capLines = new List<CapabilityDeclaration>();
        var paths = new Dictionary<string, PathsDeclaration>(StringComparer.Ordinal);
        var shapes = new Dictionary<string, ArgumentShape>(StringComparer.Ordinal);
        var chains = new Dictionary<string, ChainDeclaration>(StringComparer.Ordinal);
        var nnpOff = new Dictionary<string, CapabilityDeclaration>(StringComparer.Ordinal);
        var runAs = new Dictionary<string, RunAsDeclaration>(StringComparer.Ordinal);
        var netns = new Dictionary<string, NamespaceDeclaration>(StringComparer.Ordinal);

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
                ReadDeclarations(doc, caps, capLines, paths, shapes, chains, nnpOff, runAs, netns);
            }
        }
        var privsep = new CommandFilter("privsep-helper", "root", []) { Name = PrivsepHelperName };
        filters.Add(privsep);

        foreach (var profile in config.CapabilityProfiles)
        {
            var st = PosixPath.Stat(profile);
            if (st is { IsDirectory: true })
            {
                trust.CheckDirectory(profile, st.Value);
                foreach (var p in ListDirectory(profile).Where(p => !PosixPath.BaseName(p).StartsWith('.') && PosixPath.IsFile(p)).Order(StringComparer.Ordinal))
                    ReadDeclarations(Read(p, trust), caps, capLines, paths, shapes, chains, nnpOff, runAs, netns);
            }
            else if (st is { IsRegular: true })
                ReadDeclarations(Read(profile, trust), caps, capLines, paths, shapes, chains, nnpOff, runAs, netns);
            else throw new ConfigException($"capability profile not found: {profile}", config.File);
        }

        // Only declarations need the names; most configurations have none.
        var names = capLines.Count + paths.Count + shapes.Count + chains.Count + nnpOff.Count + runAs.Count + netns.Count == 0 ? null : new HashSet<string>(filters.Select(f => f.Name), StringComparer.Ordinal);
        // A filter's name may hold dots (cinder's mount.quobyte): a key that is a filter's name
        // narrows that filter as a whole; otherwise its filter is the longest name it starts
        // with, followed by a dot (mount.quobyte.std, mount.nfs).
        foreach (var key in shapes.Keys.ToList())
            shapes[key] = shapes[key].ResolvedAgainst(names!);
        foreach (var sh in shapes.Values)
            if (!names!.Contains(sh.Filter))
                throw new ConfigException($"[Arguments] narrows '{sh.Filter}', which is no filter of this configuration", sh.File, sh.Line);
        foreach (var c in chains.Values)
        {
            if (filters.FirstOrDefault(f => f.Name == c.Filter) is not { IsChaining: true })
                throw new ConfigException($"[Chains] '{c.Filter}' is no chaining filter of this configuration", c.File, c.Line);
            foreach (var l in c.Leaves)
                if (!names!.Contains(l))
                    throw new ConfigException($"[Chains] '{c.Filter}' lists '{l}', which is no filter of this configuration", c.File, c.Line);
        }
        foreach (var n in netns.Values)
            if (filters.FirstOrDefault(f => f.Name == n.Filter) is not IpNetnsExecFilter)
                throw new ConfigException($"[Namespaces] '{n.Filter}' is no IpNetnsExecFilter of this configuration", n.File, n.Line);
        // A declaration may name a filter or one of its [Arguments] shapes.
        if (names is not null) foreach (var k in shapes.Keys) names.Add(k);
        foreach (var d in capLines)
        {
            if (!names!.Contains(d.Filter))
                throw new ConfigException($"[Capabilities] declares '{d.Filter}', which is no filter of this configuration", d.File, d.Line);
            if (config.CapabilityBound is { } bound && !d.Capabilities.IsSubsetOf(bound))
                throw new ConfigException(
                    $"'{d.Filter}' declares {d.Capabilities.Except(bound)}, outside capability_bound", d.File, d.Line);
        }
        foreach (var d in runAs.Values)
            if (!names!.Contains(d.Filter))
                throw new ConfigException($"[RunAs] names '{d.Filter}', which is no filter of this configuration", d.File, d.Line);
        foreach (var d in nnpOff.Values)
            if (!names!.Contains(d.Filter))
                throw new ConfigException($"[NoNewPrivs] names '{d.Filter}', which is no filter of this configuration", d.File, d.Line);
        foreach (var d in paths.Values)
        {
            if (!names!.Contains(d.Filter))
                throw new ConfigException($"[Paths] declares '{d.Filter}', which is no filter of this configuration", d.File, d.Line);
            foreach (var p in d.ReadWrite.Concat(d.ReadOnly ?? []))
                if (PosixPath.Stat(p) is null)
                    throw new ConfigException($"[Paths] '{d.Filter}': path {p} does not exist", d.File, d.Line);
        }

        return new FilterSet
        {
            Filters = filters, Capabilities = caps, Paths = paths, Warnings = warnings, Files = files,
            Arguments = shapes.Values.GroupBy(sh => sh.Filter, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => (IReadOnlyList<ArgumentShape>)g.ToList(), StringComparer.Ordinal),
            Chains = chains,
            NoNewPrivsOff = nnpOff,
            RunAs = runAs,
            Namespaces = netns,
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

    private static void ReadDeclarations(IniDocument doc, Dictionary<string, CapabilityDeclaration> caps,
        List<CapabilityDeclaration> capLines, Dictionary<string, PathsDeclaration> paths,
        Dictionary<string, ArgumentShape> shapes, Dictionary<string, ChainDeclaration> chains,
        Dictionary<string, CapabilityDeclaration> nnpOff, Dictionary<string, RunAsDeclaration> runAs,
        Dictionary<string, NamespaceDeclaration> netns)
    {
        if (doc.GetSection("NoNewPrivs") is { } nnp)
            foreach (var e in nnp.Entries)
            {
                var v = StripInlineComments(e.Value);
                if (v == "off") nnpOff[e.Key] = new CapabilityDeclaration(e.Key, CapabilitySet.Empty, doc.File, e.Line);
                else if (v == "on") nnpOff.Remove(e.Key);
                else throw new ConfigException($"[NoNewPrivs] '{e.Key}': expected 'off' or 'on', got '{v}'", doc.File, e.Line);
            }
        // Later files win, entry by entry, as for [Capabilities].
        if (doc.GetSection("Arguments") is { } args)
            foreach (var e in args.Entries) shapes[e.Key] = ArgumentShape.Parse(doc.File, e);
        if (doc.GetSection("Chains") is { } cs2)
            foreach (var e in cs2.Entries) chains[e.Key] = ChainDeclaration.Parse(doc.File, e);
        if (doc.GetSection("RunAs") is { } ra)
            foreach (var e in ra.Entries) runAs[e.Key] = RunAsDeclaration.Parse(doc.File, e);
        if (doc.GetSection("Namespaces") is { } ns)
            foreach (var e in ns.Entries) netns[e.Key] = NamespaceDeclaration.Parse(doc.File, e);
        if (doc.GetSection("Capabilities") is { } cs)
        {
            foreach (var e in cs.Entries)
            {
                var v = StripInlineComments(e.Value);
                if (!CapabilitySet.TryParse(v, out var set, out var bad))
                    throw new ConfigException($"[Capabilities] '{e.Key}': unknown capability '{bad}'", doc.File, e.Line);
                var d = new CapabilityDeclaration(e.Key, set, doc.File, e.Line);
                caps[e.Key] = d;
                capLines.Add(d);
            }
        }
        if (doc.GetSection("Paths") is { } ps)
        {
            foreach (var e in ps.Entries)
                paths[e.Key] = ParsePaths(doc.File, e);
        }
    }
}
