using Rootwrap.Capabilities;
using Rootwrap.Filters;
using Rootwrap.Ini;
using Rootwrap.Posix;

namespace Rootwrap.Config;

/// <summary>A capability declaration as read, before it is checked against the filters.</summary>
public sealed record CapabilityDeclaration(string Filter, CapabilitySet Capabilities, string File, int Line);

/// <summary>
/// A [Paths] declaration (SPEC 4b): the paths a confined filter may write and, when it lists
/// any <c>ro</c> path, the only ones it may read besides the system's programs and libraries.
/// </summary>
public sealed record PathsDeclaration(string Filter, IReadOnlyList<string> ReadWrite, string File, int Line,
    IReadOnlyList<string>? ReadOnly = null);

/// <summary>
/// All filters of a configuration in match order (filter files in directory order, then
/// the implicit privsep-helper), with the capability and path declarations that apply.
/// </summary>
public sealed class FilterSet
{
    public required IReadOnlyList<Filter> Filters { get; init; }
    public required IReadOnlyDictionary<string, CapabilityDeclaration> Capabilities { get; init; }
    public required IReadOnlyDictionary<string, PathsDeclaration> Paths { get; init; }
    /// <summary>[Arguments]: the shapes each narrowed filter's arguments must have (docs/SPEC.md, section 8).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<ArgumentShape>> Arguments { get; init; } = new Dictionary<string, IReadOnlyList<ArgumentShape>>();
    /// <summary>[NoNewPrivs]: the filters (or shapes) whose command runs with no_new_privs off.</summary>
    public IReadOnlyDictionary<string, CapabilityDeclaration> NoNewPrivsOff { get; init; } = new Dictionary<string, CapabilityDeclaration>();
    /// <summary>[Chains]: the leaves each listed chaining filter may reach.</summary>
    public IReadOnlyDictionary<string, ChainDeclaration> Chains { get; init; } = new Dictionary<string, ChainDeclaration>();
    /// <summary>[RunAs]: the account each listed root filter (or shape) runs as, its capabilities ambient.</summary>
    public IReadOnlyDictionary<string, RunAsDeclaration> RunAs { get; init; } = new Dictionary<string, RunAsDeclaration>();
    /// <summary>[Namespaces]: the ip netns exec filters whose namespace the launcher enters itself.</summary>
    public IReadOnlyDictionary<string, NamespaceDeclaration> Namespaces { get; init; } = new Dictionary<string, NamespaceDeclaration>();
    /// <summary>Who may have written what <c>trusted:</c> arguments name: the loader's own trust policy (H5).</summary>
    public ITrustPolicy Trust { get; init; } = TrustAnything.Instance;
    /// <summary>Warnings the reference prints too (unknown filter classes).</summary>
    public required IReadOnlyList<string> Warnings { get; init; }
    public required IReadOnlyList<string> Files { get; init; }
}
