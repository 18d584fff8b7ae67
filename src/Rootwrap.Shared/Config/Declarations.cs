using Rootwrap.Capabilities;
using Rootwrap.Filters;
using Rootwrap.Ini;

namespace Rootwrap.Config;

/// <summary>An entry of one of our sections that the helper refuses, with the section it is in.</summary>
public sealed record DeclarationError(string Section, string Filter, ConfigException Error);

/// <summary>
/// Our sections of the filter files and profiles ([Capabilities], [Paths], [Arguments],
/// [Chains], [RunAs], [Namespaces], [NoNewPrivs], docs/SPEC.md sections 4 and 8), as read
/// in load order: later files win, entry by entry. One reading serves the helper, which
/// stops at the first invalid entry, and the auditor, which reports them all.
/// </summary>
public sealed class Declarations
{
    public Dictionary<string, CapabilityDeclaration> Capabilities { get; } = new(StringComparer.Ordinal);
    /// <summary>Every [Capabilities] line read, also those a later one overrides: each must be valid.</summary>
    public List<CapabilityDeclaration> CapabilityLines { get; } = new();
    public Dictionary<string, PathsDeclaration> Paths { get; } = new(StringComparer.Ordinal);
    /// <summary>[Arguments] shapes by key (<c>filter</c> or <c>filter.shape</c>).</summary>
    public Dictionary<string, ArgumentShape> Arguments { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, ChainDeclaration> Chains { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, CapabilityDeclaration> NoNewPrivsOff { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, RunAsDeclaration> RunAs { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, NamespaceDeclaration> Namespaces { get; } = new(StringComparer.Ordinal);

    /// <summary>No section of ours was read (most configurations).</summary>
    public bool IsEmpty => CapabilityLines.Count + Paths.Count + Arguments.Count + Chains.Count + NoNewPrivsOff.Count
        + RunAs.Count + Namespaces.Count == 0;

    /// <summary>
    /// Reads DOC's sections of ours. An invalid entry throws, or, given <paramref name="errors"/>,
    /// is reported there and skipped.
    /// </summary>
    /// <exception cref="ConfigException">An invalid entry, when <paramref name="errors"/> is null.</exception>
    public void Read(IniDocument doc, List<DeclarationError>? errors = null)
    {
        void Each(string section, Action<IniEntry> read)
        {
            if (doc.GetSection(section) is not { } sec) return;
            foreach (var e in sec.Entries)
            {
                if (errors is null) { read(e); continue; }
                try { read(e); }
                catch (ConfigException x) { errors.Add(new DeclarationError(section, e.Key, x)); }
            }
        }
        Each("NoNewPrivs", e =>
        {
            var v = FilterLoader.StripInlineComments(e.Value);
            if (v == "off") NoNewPrivsOff[e.Key] = new CapabilityDeclaration(e.Key, CapabilitySet.Empty, doc.File, e.Line);
            else if (v == "on") NoNewPrivsOff.Remove(e.Key);
            else throw new ConfigException($"[NoNewPrivs] '{e.Key}': expected 'off' or 'on', got '{v}'", doc.File, e.Line);
        });
        Each("Arguments", e => Arguments[e.Key] = ArgumentShape.Parse(doc.File, e));
        Each("Chains", e => Chains[e.Key] = ChainDeclaration.Parse(doc.File, e));
        Each("RunAs", e => RunAs[e.Key] = RunAsDeclaration.Parse(doc.File, e));
        Each("Namespaces", e => Namespaces[e.Key] = NamespaceDeclaration.Parse(doc.File, e));
        Each("Capabilities", e =>
        {
            var v = FilterLoader.StripInlineComments(e.Value);
            if (!CapabilitySet.TryParse(v, out var set, out var bad))
                throw new ConfigException($"[Capabilities] '{e.Key}': unknown capability '{bad}'", doc.File, e.Line);
            var d = new CapabilityDeclaration(e.Key, set, doc.File, e.Line);
            Capabilities[e.Key] = d;
            CapabilityLines.Add(d);
        });
        Each("Paths", e => Paths[e.Key] = FilterLoader.ParsePaths(doc.File, e));
    }

    /// <summary>
    /// Ties the declarations to the configuration's filters: resolves each [Arguments] key to
    /// its filter, then checks that every declaration names a filter (or a shape) there is.
    /// What doesn't throws, or, given <paramref name="errors"/>, is reported there.
    /// </summary>
    /// <exception cref="ConfigException">A declaration for no such filter, when <paramref name="errors"/> is null.</exception>
    public void Resolve(IReadOnlyList<Filter> filters, List<DeclarationError>? errors = null)
    {
        if (IsEmpty) return;
        void Fail(string section, string filter, string message, string file, int line)
        {
            var x = new ConfigException(message, file, line);
            if (errors is null) throw x;
            errors.Add(new DeclarationError(section, filter, x));
        }
        var names = new HashSet<string>(filters.Select(f => f.Name), StringComparer.Ordinal);
        // A filter's name may hold dots (cinder's mount.quobyte): a key that is a filter's name
        // narrows that filter as a whole; otherwise its filter is the longest name it starts
        // with, followed by a dot (mount.quobyte.std, mount.nfs).
        foreach (var key in Arguments.Keys.ToList())
            Arguments[key] = Arguments[key].ResolvedAgainst(names);
        foreach (var sh in Arguments.Values.Where(sh => !names.Contains(sh.Filter)))
            Fail("Arguments", sh.Filter, $"[Arguments] narrows '{sh.Filter}', which is no filter of this configuration", sh.File, sh.Line);
        foreach (var c in Chains.Values)
        {
            if (filters.FirstOrDefault(f => f.Name == c.Filter) is not { IsChaining: true })
                Fail("Chains", c.Filter, $"[Chains] '{c.Filter}' is no chaining filter of this configuration", c.File, c.Line);
            foreach (var l in c.Leaves.Where(l => !names.Contains(l)))
                Fail("Chains", c.Filter, $"[Chains] '{c.Filter}' lists '{l}', which is no filter of this configuration", c.File, c.Line);
        }
        foreach (var n in Namespaces.Values)
            if (filters.FirstOrDefault(f => f.Name == n.Filter) is not IpNetnsExecFilter)
                Fail("Namespaces", n.Filter, $"[Namespaces] '{n.Filter}' is no IpNetnsExecFilter of this configuration", n.File, n.Line);
        // A declaration may name a filter or one of its [Arguments] shapes.
        foreach (var k in Arguments.Keys) names.Add(k);
        foreach (var d in CapabilityLines.Where(d => !names.Contains(d.Filter)))
            Fail("Capabilities", d.Filter, $"[Capabilities] declares '{d.Filter}', which is no filter of this configuration", d.File, d.Line);
        foreach (var d in RunAs.Values.Where(d => !names.Contains(d.Filter)))
            Fail("RunAs", d.Filter, $"[RunAs] names '{d.Filter}', which is no filter of this configuration", d.File, d.Line);
        foreach (var d in NoNewPrivsOff.Values.Where(d => !names.Contains(d.Filter)))
            Fail("NoNewPrivs", d.Filter, $"[NoNewPrivs] names '{d.Filter}', which is no filter of this configuration", d.File, d.Line);
        foreach (var d in Paths.Values.Where(d => !names.Contains(d.Filter)))
            Fail("Paths", d.Filter, $"[Paths] declares '{d.Filter}', which is no filter of this configuration", d.File, d.Line);
    }
}
