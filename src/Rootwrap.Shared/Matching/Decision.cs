using Rootwrap.Capabilities;
using Rootwrap.Config;
using Rootwrap.Filters;

namespace Rootwrap.Matching;

/// <summary>What to do with one call, decided without side effects.</summary>
public abstract record Decision
{
    public sealed record Run(ExecPlan Plan) : Decision;
    /// <summary>Exit 99. <c>Args</c> is the argument list as the reference prints it (after EnvFilter's edits).</summary>
    public sealed record Unauthorized(IReadOnlyList<string> Args, string? Reason = null) : Decision;
    /// <summary>Exit 96.</summary>
    public sealed record ExecutableNotFound(Filter Filter) : Decision;

    public static Decision Make(RootwrapConfig config, FilterSet set, IReadOnlyList<string> command,
        ISystemView sys, IUserDatabase users)
    {
        var userargs = new List<string>(command);
        var result = Matcher.Match(set.Filters, userargs, config.ExecDirs, sys);
        switch (result)
        {
            case MatchResult.NoMatch:
                return new Unauthorized(userargs);
            case MatchResult.NotExecutable ne:
                return new ExecutableNotFound(ne.Filter);
        }
        var (filter, exec, leaf) = (MatchResult.Matched)result;
        var argv = filter.GetCommand(userargs, exec, sys);
        var env = filter.GetEnvironment(userargs);

        var declared = Declared(set, filter, leaf);
        set.Paths.TryGetValue(filter.Name, out var paths);

        UserSpec? user = null;
        if (filter.RunAs != "root")
        {
            user = users.Lookup(filter.RunAs)
                ?? throw new ConfigException($"filter '{filter.Name}' runs as unknown user '{filter.RunAs}'", filter.Source?.File, filter.Source?.Line ?? 0);
        }
        else if (declared is not null && config.CapabilityUser is { } cu)
        {
            user = users.Lookup(cu)
                ?? throw new ConfigException($"capability_user '{cu}' is no user of this system", config.File, config.CapabilityUserLine);
            // Ambient capabilities under uid 0 would be root's full file-capability rule again.
            if (user.Uid == 0)
                throw new ConfigException($"capability_user '{cu}' is uid 0; it must be an unprivileged account", config.File, config.CapabilityUserLine);
        }

        CapabilityPlan? caps;
        if (declared is { } d)
        {
            // SPEC 4: a user switch keeps D as ambient (and inheritable) capabilities, which
            // is the only way an exec'd non-root command keeps any; as root, D is the bound.
            caps = new CapabilityPlan(d, Ambient: user is not null);
        }
        else
        {
            switch (config.Undeclared)
            {
                case UndeclaredCapabilities.Deny:
                    return new Unauthorized(userargs, $"filter '{filter.Name}' declares no capabilities and undeclared_capabilities = deny");
                case UndeclaredCapabilities.None:
                    caps = new CapabilityPlan(CapabilitySet.Empty, Ambient: false);
                    break;
                default:
                    caps = config.CapabilityBound is { } b ? new CapabilityPlan(b, Ambient: false) : null;
                    break;
            }
            // A non-root run_as without a declaration is the reference's plain setuid: the
            // kernel clears every capability at the uid change, so there is nothing to keep.
            if (user is not null && caps is not null) caps = caps with { Keep = CapabilitySet.Empty, Ambient = false };
        }
        if (paths is not null && caps is null)
        {
            // Confinement must not be undoable: a confined filter never keeps full root.
            caps = new CapabilityPlan(CapabilitySet.AllKnown.Except(CapabilitySet.Of(21)), Ambient: false);
        }

        return new Run(new ExecPlan
        {
            FilterName = filter.Name,
            Executable = argv[0],
            Argv = argv,
            EnvironmentChanges = env,
            User = user,
            Capabilities = caps,
            ReadWritePaths = paths?.ReadWrite,
            RlimitNofile = config.RlimitNofile,
        });
    }

    /// <summary>
    /// What the command may keep, or null when it is undeclared. A chain (ip netns exec,
    /// ionice, ...) runs its rest in the same process tree, so it keeps the union of the
    /// chaining filter's declaration and that of the filter its rest matched; when either
    /// declares nothing, the chain is undeclared.
    /// </summary>
    public static CapabilitySet? Declared(FilterSet set, Filter filter, Filter? leaf)
    {
        if (!set.Capabilities.TryGetValue(filter.Name, out var own)) return null;
        if (leaf is null) return own.Capabilities;
        return set.Capabilities.TryGetValue(leaf.Name, out var rest) ? own.Capabilities.Union(rest.Capabilities) : null;
    }
}
