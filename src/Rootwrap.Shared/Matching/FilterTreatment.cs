using Rootwrap.Capabilities;
using Rootwrap.Config;

namespace Rootwrap.Matching;

/// <summary>
/// What the configuration makes of one matched filter (or [Arguments] shape) before any
/// account is looked up: which account it runs as, and whether undeclared_capabilities
/// refuses it. The one reading of run_as, [RunAs], capability_user and
/// undeclared_capabilities: <see cref="Decision.Make"/> plans with it and the auditor rates
/// filters with it.
/// </summary>
public sealed record FilterTreatment
{
    /// <summary>The [RunAs] entry that applies (the shape's, else the filter's), for a root filter.</summary>
    public RunAsDeclaration? RunAs { get; init; }
    /// <summary>
    /// The account the command runs as: the filter's run_as when it is not root (the
    /// reference's plain setuid); for a root filter that declares capabilities, [RunAs]'s
    /// account or capability_user, its capabilities ambient; null: it stays uid 0.
    /// </summary>
    public string? Account { get; init; }
    /// <summary><see cref="Account"/> is [RunAs]'s or capability_user (ambient capabilities), not run_as.</summary>
    public bool CapabilityAccount { get; init; }
    /// <summary>Refused (exit 99): it declares no capabilities and undeclared_capabilities = deny.</summary>
    public bool Refused { get; init; }

    /// <param name="runAs">The matched filter's run_as field.</param>
    /// <param name="filter">The filter's name.</param>
    /// <param name="key">The key its declarations are under: the shape's name, or <paramref name="filter"/>.</param>
    /// <param name="declared">What it may keep ([Capabilities]), or null when undeclared.</param>
    public static FilterTreatment For(string runAs, string filter, string key, CapabilitySet? declared,
        IReadOnlyDictionary<string, RunAsDeclaration> runAsEntries, string? capabilityUser, UndeclaredCapabilities undeclared)
    {
        bool refused = declared is null && undeclared == UndeclaredCapabilities.Deny;
        if (runAs != "root")
            return new FilterTreatment { Account = runAs, Refused = refused };
        if (!runAsEntries.TryGetValue(key, out var entry)) runAsEntries.TryGetValue(filter, out entry);
        var account = declared is not null ? entry?.User ?? capabilityUser : null;
        return new FilterTreatment { RunAs = entry, Account = account, CapabilityAccount = account is not null, Refused = refused };
    }
}
