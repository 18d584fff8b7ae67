using Rootwrap.Capabilities;
using Rootwrap.Config;
using Rootwrap.Filters;

namespace Rootwrap.Matching;

/// <summary>What to do with one call, decided without side effects.</summary>
public abstract record Decision
{
    public sealed record Run(ExecPlan Plan) : Decision;
    /// <summary>Exit 99. <c>Args</c> is the argument list as the reference prints it (after EnvFilter's edits).</summary>
    public sealed record Unauthorized(IReadOnlyList<string> Args, string? Reason = null) : Decision
    {
        /// <summary>The helper's and the daemon's message (SPEC 2), without the program's name.</summary>
        public string Message => $"Unauthorized command: {string.Join(' ', Args)} ({Reason ?? "no filter matched"})";
    }
    /// <summary>Exit 96.</summary>
    public sealed record ExecutableNotFound(Filter Filter) : Decision
    {
        public string Message => $"Executable not found: {Filter.ExecPath} (filter match = {Filter.Name})";
    }

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
        var (filter, exec, leaf, restCount, leafExec) = (MatchResult.Matched)result;

        // Section 8's narrowing, which only ever refuses more: the leaves a chain may reach,
        // and the shapes a filter's arguments must have (on what the caller wrote).
        if (leaf is not null && set.Chains.TryGetValue(filter.Name, out var chain) && !chain.Leaves.Contains(leaf.Name))
            return new Unauthorized(userargs, $"'{filter.Name}' may not run what filter '{leaf.Name}' admits ([Chains] at {chain.File}:{chain.Line})");
        // A chain's rest is matched by basename, and the chain program runs the path the
        // caller wrote: "ip netns exec NS /home/x/dnsmasq" matched the dnsmasq filter and ran
        // the caller's program as root. A path there must be the leaf's own executable.
        // (The leaf was handed a basename: the word as written is what runs.)
        var runs = leaf is not null ? command[^restCount] : null;
        if (runs is not null && runs.Contains('/') && sys.RealPath(runs) != sys.RealPath(leafExec!))
            return new Unauthorized(userargs, $"'{filter.Name}' would run {runs}, which is not the executable of filter '{leaf!.Name}' ({leafExec})");
        var own = command.Skip(1).Take(command.Count - 1 - restCount).ToList();
        if (!Shape(set, filter, own, out var ownShape, out var why))
            return new Unauthorized(userargs, why);
        ArgumentShape? leafShape = null;
        if (leaf is not null && !Shape(set, leaf, command.Skip(command.Count - restCount + 1).ToList(), out leafShape, out why))
            return new Unauthorized(userargs, why);

        List<string> argv;
        IReadOnlyList<KeyValuePair<string, string>>? env;
        string? netns = null;
        CapabilitySet? declared;
        PathsDeclaration? paths;
        // The filter (or shape) whose declarations say what runs: the chain's leaf when the
        // launcher enters the namespace itself ([Namespaces]); else the filter that matched.
        string runsKey;
        if (leaf is not null && filter is IpNetnsExecFilter && set.Namespaces.ContainsKey(filter.Name))
        {
            // What ip netns exec NS would do, done by the launcher: the leaf's own command, with
            // the leaf's declarations alone (no CAP_SYS_ADMIN of the chain's for the daemon it runs).
            netns = userargs[3];
            if (leaf is KillFilter)
                return new Unauthorized(userargs, $"'{filter.Name}' enters its namespace itself ([Namespaces]) and signals no process there: kill outside it");
            if (!IpNetnsExecFilter.IsNamespaceName(netns))
                return new Unauthorized(userargs, $"'{netns}' is no name of a network namespace under /run/netns");
            var rest = filter.ExecArgs(userargs);
            argv = leaf.GetCommand(rest, leafExec!, sys);
            env = leaf.GetEnvironment(rest);
            runsKey = CapabilityKey(set, leaf, leafShape);
            declared = Declared(set, runsKey, null);
            paths = Confined(set, PathsKey(set, leaf, leafShape), null);
        }
        else
        {
            argv = filter.GetCommand(userargs, exec, sys);
            env = filter.GetEnvironment(userargs);
            runsKey = CapabilityKey(set, filter, ownShape);
            declared = Declared(set, runsKey, leaf is null ? null : CapabilityKey(set, leaf, leafShape));
            paths = Confined(set, PathsKey(set, filter, ownShape), leaf is null ? null : PathsKey(set, leaf, leafShape));
        }
        var runFilter = netns is not null ? leaf! : filter;

        UserSpec? user = null;
        // run_as; else [RunAs] for the shape, else for the filter; else capability_user for every declared root filter.
        var treatment = FilterTreatment.For(filter.RunAs, runFilter.Name, runsKey, declared, set.RunAs, config.CapabilityUser, config.Undeclared);
        var runAs = treatment.RunAs;
        if (filter.RunAs != "root")
        {
            user = users.Lookup(filter.RunAs)
                ?? throw new ConfigException($"filter '{filter.Name}' runs as unknown user '{filter.RunAs}'", filter.Source?.File, filter.Source?.Line ?? 0);
        }
        else if (runAs is not null && declared is null)
        {
            throw new ConfigException($"[RunAs] '{runAs.Filter}' needs a [Capabilities] declaration: the account runs with those as ambient capabilities", runAs.File, runAs.Line);
        }
        else if (treatment is { CapabilityAccount: true, Account: { } cu })
        {
            var (file, line, what) = runAs is not null ? (runAs.File, runAs.Line, $"[RunAs] '{runAs.Filter}' user") : (config.File, config.CapabilityUserLine, "capability_user");
            user = users.Lookup(cu)
                ?? throw new ConfigException($"{what} '{cu}' is no user of this system", file, line);
            // Ambient capabilities under uid 0 would be root's full file-capability rule again.
            if (user.Uid == 0)
                throw new ConfigException($"{what} '{cu}' is uid 0; it must be an unprivileged account", file, line);
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
            if (treatment.Refused)
                return new Unauthorized(userargs, $"filter '{filter.Name}' declares no capabilities and undeclared_capabilities = deny");
            caps = config.Undeclared == UndeclaredCapabilities.None
                ? new CapabilityPlan(CapabilitySet.Empty, Ambient: false)
                : config.CapabilityBound is { } b ? new CapabilityPlan(b, Ambient: false) : null;
            // A non-root run_as without a declaration is the reference's plain setuid: the
            // kernel clears every capability at the uid change, so there is nothing to keep.
            if (user is not null && caps is not null) caps = caps with { Keep = CapabilitySet.Empty, Ambient = false };
        }
        // With capability_user, CAP_SETUID or CAP_SETGID lets the command (or a payload it
        // runs: a dnsmasq script, a keepalived notify) setuid(0) back to an account that owns
        // the system's files: only a confined command may keep them.
        if (treatment.CapabilityAccount && paths is null
            && caps is { } cp && !cp.Keep.Intersect(SetIds).IsEmpty)
        {
            var decl = set.Capabilities.GetValueOrDefault(runsKey);
            throw new ConfigException($"filter '{runFilter.Name}' keeps {cp.Keep.Intersect(SetIds)} as {treatment.Account} without [Paths]: it could become uid 0 again and own the system's files; confine it with [Paths] or drop them",
                decl?.File ?? config.File, decl?.Line ?? 0);
        }
        // [NoNewPrivs] off: for a root command with a declaration only. Under another uid,
        // no_new_privs is what keeps a setuid-root program or a file capability from
        // raising it; for uid 0 the bounding set already bounds every exec.
        if (set.NoNewPrivsOff.TryGetValue(runsKey, out var nnpOff) || set.NoNewPrivsOff.TryGetValue(runFilter.Name, out nnpOff))
        {
            if (user is not null || declared is null || caps is null)
                throw new ConfigException($"[NoNewPrivs] '{nnpOff.Filter}' off needs a root command with a [Capabilities] declaration (no run_as user, no capability_user)", nnpOff.File, nnpOff.Line);
            caps = caps with { NoNewPrivs = false };
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
            NetworkNamespace = netns,
        });
    }

    private static readonly CapabilitySet SetIds = CapabilitySet.Of(6, 7); // CAP_SETGID, CAP_SETUID

    /// <summary>
    /// The [Arguments] shape the arguments have (null: the filter is not narrowed), or false
    /// with the reason when the filter is narrowed and none admits them.
    /// </summary>
    private static bool Shape(FilterSet set, Filter f, List<string> args, out ArgumentShape? shape, out string? why)
    {
        shape = null;
        why = null;
        if (!set.Arguments.TryGetValue(f.Name, out var shapes)) return true;
        string? trustWhy = null;
        foreach (var sh in shapes)
        {
            if (sh.Matches(args, set.Trust.Untrusted, out var w)) { shape = sh; return true; }
            trustWhy ??= w;
        }
        why = trustWhy is not null
            ? $"filter '{f.Name}' matched, but {trustWhy}"
            : $"filter '{f.Name}' matched, but its arguments fit none of its [Arguments] shapes ({string.Join(", ", shapes.Select(s => s.Name))})";
        return false;
    }

    /// <summary>A shape's own declaration replaces its filter's, when it has one.</summary>
    private static string CapabilityKey(FilterSet set, Filter f, ArgumentShape? shape) =>
        shape is not null && set.Capabilities.ContainsKey(shape.Name) ? shape.Name : f.Name;

    private static string PathsKey(FilterSet set, Filter f, ArgumentShape? shape) =>
        shape is not null && set.Paths.ContainsKey(shape.Name) ? shape.Name : f.Name;

    /// <summary>
    /// The [Paths] that apply, or null when the command is not confined. A chain's rest runs
    /// in the chaining command's process tree, so it is confined when either filter is: a
    /// confined filter can't be reached unconfined through ip netns exec, nice or ionice.
    /// When both declare, both may write what either lists, and reads are restricted only
    /// when both restrict them.
    /// </summary>
    public static PathsDeclaration? Confined(FilterSet set, string filter, string? leaf)
    {
        set.Paths.TryGetValue(filter, out var own);
        PathsDeclaration? rest = null;
        if (leaf is not null) set.Paths.TryGetValue(leaf, out rest);
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
    public static CapabilitySet? Declared(FilterSet set, string filter, string? leaf)
    {
        if (!set.Capabilities.TryGetValue(filter, out var own)) return null;
        if (leaf is null) return own.Capabilities;
        return set.Capabilities.TryGetValue(leaf, out var rest) ? own.Capabilities.Union(rest.Capabilities) : null;
    }
}
