namespace Rootwrap.Audit;

/// <summary>SPEC section 6, lowest first so that comparisons read naturally.</summary>
public enum Severity { Info, Low, Medium, High, Critical }

public static class SeverityNames
{
    public static string Name(this Severity s) => s switch
    {
        Severity.Critical => "critical",
        Severity.High => "high",
        Severity.Medium => "medium",
        Severity.Low => "low",
        _ => "info",
    };

    public static bool TryParse(string text, out Severity s)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "critical": s = Severity.Critical; return true;
            case "high": s = Severity.High; return true;
            case "medium": s = Severity.Medium; return true;
            case "low": s = Severity.Low; return true;
            case "info": s = Severity.Info; return true;
            default: s = Severity.Info; return false;
        }
    }

    public static Severity Max(Severity a, Severity b) => a >= b ? a : b;
    public static Severity Min(Severity a, Severity b) => a <= b ? a : b;
    /// <summary>One step down, never below info.</summary>
    public static Severity Lower(this Severity s, int steps = 1) => (Severity)Math.Max(0, (int)s - steps);
}

/// <summary>
/// One thing found: where (file and 1-based line; line 0 is the file as a whole), which
/// filter and class (null for file-level findings), how bad, by which rule, what it lets a
/// caller do (one line) and what to write instead.
/// </summary>
public sealed record Finding(
    string File, int Line, string? Filter, string? Class,
    Severity Severity, string Rule, string Message, string Fix);

/// <summary>A rule: its id, the severity it usually carries, and what it looks for (for SARIF and the docs).</summary>
public sealed record Rule(string Id, Severity Default, string Title);

/// <summary>Every rule the auditor has; ids are stable (SARIF ruleId, --format json "rule").</summary>
public static class Rules
{
    public static readonly Rule CommandRoot = new("command-root-equivalent", Severity.Critical,
        "A filter that lets any arguments through to a command that, as root, writes or reads any file or runs any program");
    public static readonly Rule CommandRisky = new("command-broad", Severity.High,
        "A filter that lets any arguments through to a command that can destroy data, stop services or rewire the host");
    public static readonly Rule CommandUnknown = new("command-unknown", Severity.Low,
        "Any arguments to a command the knowledge base doesn't know: review it by hand");
    public static readonly Rule CommandExtraArgs = new("command-args-ignored", Severity.Medium,
        "CommandFilter fields after run_as look like a restriction but are ignored");
    public static readonly Rule NoRootNeeded = new("no-root-needed", Severity.Info,
        "The command needs no privilege for its ordinary use");
    public static readonly Rule RegexpFree = new("regexp-free-argument", Severity.Critical,
        "A RegExpFilter argument that is free (.*, \\S+, a class with '/') where the command takes a file, a program or an option");
    public static readonly Rule RegexpTraversal = new("regexp-path-traversal", Severity.Critical,
        "A path pattern with a fixed folder that still admits '..', so it reaches any file");
    public static readonly Rule RegexpCwd = new("regexp-relative-name", Severity.High,
        "A file-name pattern without '/': the name resolves in the caller's working directory, which sudo keeps");
    public static readonly Rule ShellInjection = new("shell-injection", Severity.Critical,
        "sh -c / bash -c with a script pattern that admits shell metacharacters");
    public static readonly Rule TopLevelAlternation = new("regexp-top-level-alternation", Severity.Medium,
        "A top-level a|b: the reference anchors only the last alternative, so 'a' followed by anything passes");
    public static readonly Rule TrailingNewline = new("regexp-trailing-newline", Severity.Info,
        "'$' admits a trailing newline under the reference");
    public static readonly Rule RegexpInvalid = new("regexp-invalid", Severity.Low,
        "A pattern Python can't compile: the reference silently never matches the filter");
    public static readonly Rule RegexpRedos = new("regexp-backtracking", Severity.Medium,
        "Nested quantifiers: the reference's backtracking matcher can be made to hang");
    public static readonly Rule PathPass = new("pathfilter-pass", Severity.Critical,
        "PathFilter 'pass' (or base '/') where the command writes, reads or runs what the argument names");
    public static readonly Rule PathPrefix = new("pathfilter-string-prefix", Severity.Medium,
        "PathFilter base without a trailing '/': the reference compares strings, so /var/lib/x2 passes for /var/lib/x");
    public static readonly Rule PathRegexp = new("pathfilter-regexp-text", Severity.Low,
        "A PathFilter argument written as a regexp: it is compared as a literal folder and never matches");
    public static readonly Rule PathWritableBase = new("pathfilter-writable-base", Severity.High,
        "A PathFilter base folder others can write: a symlink swapped in after the check redirects the command");
    public static readonly Rule EnvDangerous = new("env-dangerous-variable", Severity.Critical,
        "EnvFilter lets the caller set a variable that changes what code runs (PATH, LD_*, PYTHON*, LVM_SYSTEM_DIR...)");
    public static readonly Rule EnvUnknown = new("env-variable-unknown", Severity.Low,
        "EnvFilter variable the knowledge base doesn't know");
    public static readonly Rule KillByName = new("kill-by-name", Severity.Low,
        "KillFilter names its target by basename: any executable of that name in a PATH folder");
    public static readonly Rule KillInterpreter = new("kill-interpreter", Severity.Medium,
        "KillFilter target is an interpreter: every process it runs (every OpenStack service) can be signalled");
    public static readonly Rule KillNoSignals = new("kill-no-signal-list", Severity.Info,
        "KillFilter without a signal list admits only 'kill PID' (SIGTERM)");
    public static readonly Rule KillNoTarget = new("kill-no-target", Severity.Low,
        "KillFilter without a target executable: the reference crashes on every matching call");
    public static readonly Rule ChainingBasename = new("chaining-basename", Severity.Critical,
        "A chaining filter checks the chained command by basename but runs the path the caller gave");
    public static readonly Rule ChainingAnyLeaf = new("chaining-any-leaf", Severity.Medium,
        "A chaining filter of a rootwrap-native policy without [Chains]: it reaches every leaf, with the union of both declarations");
    public static readonly Rule ChainingInert = new("chaining-inert", Severity.Info,
        "A bare ChainingFilter chains nothing and never matches");
    public static readonly Rule IpVrfExec = new("ipfilter-exec", Severity.Critical,
        "IpFilter blocks 'ip netns exec' only: 'ip vrf exec' and '-batch' files run any program");
    public static readonly Rule PrivsepImplicit = new("privsep-implicit", Severity.Critical,
        "Every configuration admits 'privsep-helper' with any arguments: any privsep context, with a config file of the caller's choice");
    public static readonly Rule PrivsepConfig = new("privsep-config-file", Severity.Critical,
        "A privsep-helper filter whose --config-file pattern admits a file of the caller's choice");
    public static readonly Rule PrivsepContext = new("privsep-context", Severity.High,
        "A privsep-helper filter: the caller gets every entrypoint of the context, with the context's capabilities");
    public static readonly Rule UnknownClass = new("unknown-filter-class", Severity.Low,
        "An unknown filter class: the reference skips the filter with a warning");
    public static readonly Rule NotAClass = new("filter-class-not-a-class", Severity.Medium,
        "A class name that names something else in the reference's module: the reference dies on every call");
    public static readonly Rule TooFewFields = new("filter-too-few-fields", Severity.Medium,
        "A filter line with too few fields: the reference dies with a traceback on every call");
    public static readonly Rule NoFiltersSection = new("no-filters-section", Severity.Medium,
        "A filter file without [Filters]: the reference dies with a traceback on every call");
    public static readonly Rule ParseError = new("parse-error", Severity.Medium,
        "A line configparser rejects: the helper refuses the whole configuration");
    public static readonly Rule DuplicateName = new("duplicate-filter-name", Severity.Medium,
        "A filter name defined twice in one file: the earlier definition silently disappears");
    public static readonly Rule DuplicateAcrossFiles = new("duplicate-filter-name-across-files", Severity.Low,
        "A filter name defined in two files: both apply, and a [Capabilities] entry covers both");
    public static readonly Rule DefaultSection = new("filters-in-default-section", Severity.Low,
        "Options in a filter file's [DEFAULT] become filters of its [Filters] section too");
    public static readonly Rule RunAsOther = new("run-as-other-user", Severity.Info,
        "A filter running as a user other than root: what it can do is that user's");
    public static readonly Rule UntrustedFile = new("untrusted-file", Severity.Critical,
        "A configuration file or folder that an account other than root can write");
    public static readonly Rule ExecDirUntrusted = new("exec-dir-untrusted", Severity.Critical,
        "An exec_dirs folder (or a filter's executable) that an account other than root can write");
    public static readonly Rule ExecDirRelative = new("exec-dir-relative", Severity.Critical,
        "A relative exec_dirs entry: the reference resolves it against the caller's working directory");
    public static readonly Rule ExecDirMissing = new("exec-dir-missing", Severity.Info,
        "An exec_dirs folder that does not exist on this machine");
    public static readonly Rule ConfigInvalid = new("config-invalid", Severity.Medium,
        "rootwrap.conf the helper refuses (exit 97)");
    public static readonly Rule FiltersPathMissing = new("filters-path-missing", Severity.Info,
        "A filters_path folder that does not exist on this machine");
    public static readonly Rule CapabilityInvalid = new("capability-declaration-invalid", Severity.Medium,
        "A [Capabilities] or [Paths] entry the helper refuses (exit 97)");
    public static readonly Rule CapabilityRootEquivalent = new("capability-root-equivalent", Severity.Low,
        "A declared capability that amounts to root on its own (CAP_SYS_ADMIN, CAP_SYS_MODULE, CAP_SETUID...)");
    public static readonly Rule PathsVoid = new("paths-confinement-void", Severity.High,
        "A [Paths] filter that declares a capability able to undo its confinement (CAP_SYS_ADMIN, CAP_SYS_PTRACE, CAP_DAC_READ_SEARCH...)");
    public static readonly Rule Undeclared = new("undeclared-refused", Severity.Info,
        "undeclared_capabilities = deny: the helper refuses this filter until it declares capabilities");

    public static readonly IReadOnlyList<Rule> All =
    [
        CommandRoot, CommandRisky, CommandUnknown, CommandExtraArgs, NoRootNeeded,
        RegexpFree, RegexpTraversal, RegexpCwd, ShellInjection, TopLevelAlternation, TrailingNewline, RegexpInvalid, RegexpRedos,
        PathPass, PathPrefix, PathRegexp, PathWritableBase,
        EnvDangerous, EnvUnknown,
        KillByName, KillInterpreter, KillNoSignals, KillNoTarget,
        ChainingBasename, ChainingAnyLeaf, ChainingInert, IpVrfExec,
        PrivsepImplicit, PrivsepConfig, PrivsepContext,
        UnknownClass, NotAClass, TooFewFields, NoFiltersSection, ParseError, DuplicateName, DuplicateAcrossFiles, DefaultSection,
        RunAsOther, UntrustedFile, ExecDirUntrusted, ExecDirRelative, ExecDirMissing, ConfigInvalid, FiltersPathMissing,
        CapabilityInvalid, CapabilityRootEquivalent, PathsVoid, Undeclared,
    ];
}
