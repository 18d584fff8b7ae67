using System.Text;
using Rootwrap.Capabilities;
using Rootwrap.Config;
using Rootwrap.Filters;
using Rootwrap.Posix;

namespace Rootwrap.Audit;

/// <summary>One suggested declaration: the filter, its capabilities (null: no suggestion) and why.</summary>
public sealed record CapabilitySuggestion(string Filter, CapabilitySet? Capabilities, string Why);

/// <summary>
/// --suggest-capabilities: for each filter, the least capabilities its command needs for its
/// ordinary use, from the knowledge base; printed as a [Capabilities] section that
/// the helper loads as a profile (SPEC section 4).
/// </summary>
public static class CapabilityProfile
{
    public static List<CapabilitySuggestion> Suggest(AuditTarget t)
    {
        var byName = new Dictionary<string, CapabilitySuggestion>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var e in t.Filters)
        {
            var s = ForFilter(t, e);
            if (byName.TryGetValue(e.Name, out var prev))
            {
                // One name in two files: one declaration covers both.
                s = prev.Capabilities is { } a && s.Capabilities is { } b
                    ? new(e.Name, a.Union(b), prev.Why + "; " + s.Why)
                    : new(e.Name, null, prev.Why + "; " + s.Why);
            }
            else order.Add(e.Name);
            byName[e.Name] = s;
        }
        if (!byName.ContainsKey(FilterLoader.PrivsepHelperName))
        {
            order.Add(FilterLoader.PrivsepHelperName);
            byName[FilterLoader.PrivsepHelperName] = ForImplicitPrivsep(t);
        }
        return order.Select(n => byName[n]).ToList();
    }

    private static CapabilitySet Parse(string caps) =>
        CapabilitySet.TryParse(caps, out var s, out _) ? s : CapabilitySet.Empty;

    private static CapabilitySuggestion ForFilter(AuditTarget t, FilterEntry e)
    {
        var f = e.Built!;
        if (e.RunAs != "root")
            return new(e.Name, CapabilitySet.Empty, $"runs as {e.RunAs}: a non-root command keeps nothing");
        if (PosixPath.BaseName(e.Command) == "privsep-helper")
            return ForPrivsep(t, e);
        switch (f)
        {
            case KillFilter:
                return new(e.Name, Parse("CAP_KILL"), $"signals {(f.Args.Count > 0 ? f.Args[0] : "its target")}, which runs as another user");
            case ReadFileFilter rf:
                return new(e.Name, Parse("CAP_DAC_READ_SEARCH"), $"reads {rf.FilePath} whoever owns it (the filter admits nothing else)");
            case IpFilter:
                return new(e.Name, Parse("CAP_NET_ADMIN, CAP_SYS_ADMIN"), "network configuration; `ip netns add/delete` mounts namespaces");
            case IpNetnsExecFilter:
                return new(e.Name, Parse("CAP_SYS_ADMIN"),
                    "ip netns exec: setns and the private mount namespace with /sys remounted; the chained command adds its own filter's declaration");
            case ChainingRegExpFilter:
                {
                    var own = CommandKnowledge.Lookup(e.Command);
                    var prefix = PosixPath.BaseName(e.Command);
                    return own?.Capabilities is { } c
                        ? new(e.Name, c, $"{prefix}: {(own.CapsWhy.Length > 0 ? own.CapsWhy : "needs no capability")}; the chained command adds its own filter's declaration")
                        : new(e.Name, null, $"`{prefix}` (a chaining prefix) is unknown to the knowledge base: measure it");
                }
            case ChainingFilter:
                return new(e.Name, CapabilitySet.Empty, "a bare ChainingFilter never matches");
        }
        var kb = CommandKnowledge.Lookup(e.Command);
        var cmd = PosixPath.BaseName(e.Command);
        if (kb?.Capabilities is not { } caps)
            return new(e.Name, null, kb is null
                ? $"`{cmd}` is unknown to the knowledge base: measure what it needs"
                : $"`{cmd}` needs more than one capability set can say (a daemon, an interpreter): measure it");
        var why2 = kb.CapsWhy.Length > 0 ? $"{cmd}: {kb.CapsWhy}" : $"{cmd}: needs no capability";
        if (kb.Free >= Severity.High && f is CommandFilter or EnvFilter)
            why2 += kb.WritesFiles ? " (still root in disguise: uid 0 writes any file; see [Paths])" : " (capabilities don't narrow its free arguments: see rootwrap-audit)";
        return new(e.Name, caps, why2);
    }

    private static CapabilitySuggestion ForPrivsep(AuditTarget t, FilterEntry e)
    {
        var a = e.Built!.Args;
        for (int i = 0; i + 1 < a.Count; i++)
        {
            if (a[i] != "--privsep_context") continue;
            var name = Auditor.ModuleName(a[i + 1]) ?? a[i + 1];
            if (PrivsepKnowledge.Lookup(name) is { } ctx)
                return new(e.Name, Parse(ctx.Capabilities + ", " + PrivsepKnowledge.ConnectCapability),
                    $"context {name} keeps {ctx.Capabilities}; CAP_DAC_OVERRIDE to reach the caller's socket in its 0700 folder before dropping to them");
            return new(e.Name, null, $"context {name} is unknown to the knowledge base: use its PrivContext capabilities plus CAP_DAC_OVERRIDE");
        }
        return ForImplicitPrivsep(t) with { Filter = e.Name };
    }

    private static CapabilitySuggestion ForImplicitPrivsep(AuditTarget t)
    {
        var names = new List<string>();
        foreach (var f in t.Filters)
        {
            if (PosixPath.BaseName(f.Command) != "privsep-helper") continue;
            var a = f.Built!.Args;
            for (int i = 0; i + 1 < a.Count; i++)
                if (a[i] == "--privsep_context" && Auditor.ModuleName(a[i + 1]) is { } n) names.Add(n);
        }
        names.AddRange(PrivsepKnowledge.ForService(t.Service));
        var known = names.Distinct().Select(PrivsepKnowledge.Lookup).Where(c => c is not null).Select(c => c!).ToList();
        if (known.Count == 0)
            return new(FilterLoader.PrivsepHelperName, null,
                "the implicit privsep-helper filter: the service's privsep contexts are unknown to the knowledge base; declare their capabilities plus CAP_DAC_OVERRIDE");
        var set = known.Aggregate(Parse(PrivsepKnowledge.ConnectCapability), (acc, c) => acc.Union(Parse(c.Capabilities)));
        return new(FilterLoader.PrivsepHelperName, set,
            $"the implicit privsep-helper filter, for {string.Join(", ", known.Select(c => c.Name))}; CAP_DAC_OVERRIDE to reach the caller's socket");
    }

    /// <summary>The profile text: a header, then "# why" and "name: CAPS" per filter.</summary>
    public static string Render(AuditTarget t, IReadOnlyList<CapabilitySuggestion> suggestions)
    {
        var sb = new StringBuilder();
        sb.Append("# Capability profile for ").Append(t.Path).Append(", suggested by rootwrap-audit.\n");
        sb.Append("# Load it with capability_profiles= in rootwrap.conf (SPEC section 4). Each entry keeps the\n");
        sb.Append("# least capabilities its command needs for its ordinary use. A root filter keeps uid 0:\n");
        sb.Append("# capabilities bound what it can ask of the kernel, not which root-owned files it may\n");
        sb.Append("# write; confine those with [Paths]. Entries without a suggestion are comments: measure them.\n");
        sb.Append("[Capabilities]\n");
        foreach (var s in suggestions)
        {
            sb.Append("# ").Append(OneLine(s.Why)).Append('\n');
            if (s.Capabilities is { } c)
                sb.Append(s.Filter).Append(':').Append(c.IsEmpty ? "" : " " + c.ToString()).Append('\n');
            else
                sb.Append("# ").Append(s.Filter).Append(": ?\n");
        }
        return sb.ToString();
    }

    private static string OneLine(string s) => s.Replace('\n', ' ').Replace('\r', ' ');
}
