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
        // H6: execve cuts a C string at its first NUL, so "netns\0" would be matched as
        // written and run as "netns" ("ip netns exec"), and ".../victim\0.pid" would pass a
        // '\.pid' pattern and remove "victim". The reference's Popen refuses such an argument
        // ("embedded null byte"); only the daemon can receive one (argv can't carry it).
        // EnvFilter's variables come from these arguments, so this covers their values too.
        for (int i = 0; i < userargs.Count; i++)
            if (userargs[i].Contains('\0'))
                return new Unauthorized(userargs.Select(a => a.Replace("\0", "\\0")).ToList(), $"argument {i + 1} contains a NUL byte");
        // H7: the check and the command line come from the same resolution of each path.
        sys = new OneReading(sys);
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
        var paths = Confined(set, filter, leaf);

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
        if (paths is not null && declared is null)
        {
            // A confinement must not be undoable (SPEC 4b): without a declaration, whatever the
            // filter would get loses the capabilities that get out of a mount view. A declared
            // one is the operator's word; the auditor reports it as voiding the confinement.
            var keep = user is not null ? CapabilitySet.Empty : caps?.Keep ?? CapabilitySet.AllKnown;
            caps = new CapabilityPlan(keep.Except(ConfinementRules.VoidingCapabilities), Ambient: false);
        }

        KillAction? kill = null;
        if (filter is KillFilter kf)
        {
            // H4: the signal argument is one kill(1) reads as a signal, or nothing (SIGTERM).
            // Anything else (an option such as -l or -s, a bare number) made kill(1) do
            // something other than signal the checked process: refused.
            int signal = ProcpsKill.SigTerm;
            if (userargs.Count == 3 && (signal = ProcpsKill.SignalOption(userargs[1])) < 0)
                return new Unauthorized(userargs, $"'{userargs[1]}' is not a signal kill(1) reads");
            kill = new KillAction(userargs[^1], signal, kf.Target!, sys.PathVariable);
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
            ReadOnlyPaths = paths?.ReadOnly,
            Kill = kill,
            RlimitNofile = config.RlimitNofile,
        });
    }

    /// <summary>
    /// The [Paths] that apply, or null when the command is not confined. A chain's rest runs
    /// in the chaining command's process tree, so it is confined when either filter is: a
    /// confined filter can't be reached unconfined through ip netns exec, nice or ionice.
    /// When both declare, both may write what either lists, and reads are restricted only
    /// when both restrict them.
    /// </summary>
    public static PathsDeclaration? Confined(FilterSet set, Filter filter, Filter? leaf)
    {
        set.Paths.TryGetValue(filter.Name, out var own);
        PathsDeclaration? rest = null;
        if (leaf is not null) set.Paths.TryGetValue(leaf.Name, out rest);
        if (own is null || rest is null) return own ?? rest;
        return own with
        {
            ReadWrite = own.ReadWrite.Union(rest.ReadWrite).ToList(),
            ReadOnly = own.ReadOnly is not null && rest.ReadOnly is not null ? own.ReadOnly.Union(rest.ReadOnly).ToList() : null,
        };
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
