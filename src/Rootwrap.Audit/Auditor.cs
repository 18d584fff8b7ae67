using Rootwrap.Capabilities;
using Rootwrap.Config;
using Rootwrap.Filters;
using Rootwrap.Matching;
using Rootwrap.Posix;

namespace Rootwrap.Audit;

/// <summary>
/// The rules: each filter of a target is judged by its class, with the knowledge base of
/// commands and a reading of its patterns as the reference applies them; then what the
/// configuration does for it under rootwrap-native (capability declarations with a user
/// switch, [Paths], undeclared = deny) is taken into account. Pure: reads nothing but the
/// target (and stat for base folders and executables).
/// </summary>
public static class Auditor
{
    private static readonly string[] Interpreters = ["python", "python2", "python3", "perl", "ruby", "bash", "sh", "dash", "java", "node", "php"];
    private const string ShellInjectionChars = ";|&$`\n'\"()<>\\";

    /// <summary>Every finding of a target, most severe first.</summary>
    public static List<Finding> Audit(AuditTarget target)
    {
        var findings = new List<Finding>(target.Findings);
        foreach (var f in target.Filters)
        {
            var own = new List<Finding>();
            if (target.ShapesOf(f.Name) is { Count: > 0 } shapes) JudgeShapes(target, f, shapes, own);
            else JudgeFilter(target, f, own);
            findings.AddRange(Adjust(target, f, own));
        }
        var privsep = ImplicitPrivsep(target);
        if (target.ShapesOf(privsep.Name) is { Count: > 0 } ps)
        {
            var own = new List<Finding>();
            JudgeShapes(target, privsep, ps, own);
            findings.AddRange(Adjust(target, privsep, own));
        }
        else findings.AddRange(Adjust(target, privsep, JudgeImplicitPrivsep(target)));
        JudgeDeclarations(target, findings);
        JudgeConfinements(target, findings);
        JudgeExecutables(target, findings);
        return Sort(findings);
    }

    public static List<Finding> Sort(IEnumerable<Finding> findings) => findings
        .OrderByDescending(f => f.Severity)
        .ThenBy(f => f.File, StringComparer.Ordinal)
        .ThenBy(f => f.Line)
        .ThenBy(f => f.Rule, StringComparer.Ordinal)
        .ToList();

    private static FilterEntry ImplicitPrivsep(AuditTarget t) =>
        new(FilterLoader.PrivsepHelperName, "CommandFilter", ["privsep-helper", "root"], t.ConfigFile ?? t.Path, 0,
            FilterLoader.ImplicitPrivsep());

    private static Finding F(FilterEntry e, Rule rule, Severity sev, string message, string fix) =>
        new(e.File, e.Line, e.Name, e.ClassName, sev, rule.Id, message, fix);

    private static void JudgeFilter(AuditTarget t, FilterEntry e, List<Finding> o)
    {
        var f = e.Built!;
        if (Base(e.Command) == "privsep-helper" && f is CommandFilter or RegExpFilter)
        {
            JudgePrivsep(t, e, o);
            return;
        }
        switch (f)
        {
            case CommandFilter:
                JudgeCommand(e, o, "CommandFilter lets any arguments through");
                if (f.Args.Count > 0)
                    o.Add(F(e, Rules.CommandExtraArgs, Severity.Medium,
                        $"the fields after run_as ({string.Join(", ", f.Args)}) look like a restriction, but CommandFilter ignores them: any arguments pass",
                        $"`{e.Name}: RegExpFilter, {e.Command}, {e.RunAs}, {Base(e.Command)}, {string.Join(", ", f.Args.Select(RegexLiteral))}`"));
                break;
            case RegExpFilter:
                JudgePatterns(e, f.Args, commandPosition: true, o);
                break;
            case PathFilter:
                JudgePathFilter(e, o);
                break;
            case EnvFilter env:
                JudgeEnv(e, env, o);
                break;
            case KillFilter:
                JudgeKill(e, o);
                break;
            case ReadFileFilter rf:
                JudgeReadFile(e, rf, o);
                break;
            case IpFilter:
                o.Add(F(e, Rules.IpVrfExec, Severity.Critical,
                    "IpFilter refuses only `ip netns exec`: `ip link add v type vrf table 7; ip vrf exec v /bin/sh` is a root shell",
                    "one RegExpFilter per ip subcommand the service runs (`ip_link: RegExpFilter, ip, root, ip, link, set, [a-z0-9-]+, (up|down)`)"));
                break;
            case IpNetnsExecFilter:
                JudgeChaining(t, e, o, "ip netns exec NS");
                break;
            case ChainingRegExpFilter:
                JudgePatterns(e, f.Args, commandPosition: true, o, chainingPrefix: true);
                JudgeChaining(t, e, o, ChainPrefix(f.Args));
                break;
            case ChainingFilter:
                o.Add(F(e, Rules.ChainingInert, Severity.Info,
                    "a bare ChainingFilter chains nothing (its exec_args are empty): it never matches", "remove it"));
                break;
        }
        if (e.RunAs != "root")
            o.Add(F(e, Rules.RunAsOther, Severity.Info,
                $"runs as `{e.RunAs}`, not root: what it can do is that account's", "nothing, if the caller may act as that account"));
    }

    private static string Base(string p) => PosixPath.BaseName(p);

    /// <summary>
    /// A filter narrowed by [Arguments] admits only what its shapes admit: each shape is
    /// judged as a RegExpFilter with the command and the shape's items (a repeated last item
    /// judged once, and repeated where a subcommand or option could follow), read as H1 matches
    /// them, which is what the helper runs. A chaining filter's shapes are its own part: what it
    /// runs is judged by its leaves, which [Chains] may list.
    /// </summary>
    private static void JudgeShapes(AuditTarget t, FilterEntry e, List<ArgumentShape> shapes, List<Finding> o)
    {
        bool chaining = e.Built is { IsChaining: true };
        foreach (var sh in shapes)
        {
            var patterns = new List<string> { RegexLiteral(Base(e.Command)) };
            patterns.AddRange(sh.Items.Select(i => i.Regex.Pattern));
            var found = new List<Finding>();
            // A chaining filter's shape is its own part (ip netns exec NS); what it runs is its leaf's.
            JudgePatterns(e, patterns, commandPosition: true, found, chainingPrefix: chaining, variadic: sh.Variadic, whole: true);
            o.AddRange(found.Select(f => f with { Message = f.Message + $" (through [Arguments] {sh.Name}, {sh.File}:{sh.Line})" }));
        }
        if (chaining)
            JudgeChaining(t, e, o, e.Built is IpNetnsExecFilter ? "ip netns exec NS" : ChainPrefix(shapes[0].Items.Select(i => i.Regex.Pattern).Prepend(Base(e.Command))));
    }

    /// <summary>An example of the part a chaining filter admits before the command it runs.</summary>
    private static string ChainPrefix(IEnumerable<string> patterns) =>
        string.Join(' ', patterns.Select(p => PatternFacts.Analyze(p) is var pf && pf.IsLiteral ? p.Replace("\\", "") : pf.Sample() ?? p));

    private static string RegexLiteral(string s)
    {
        var sb = new System.Text.StringBuilder();
        foreach (var c in s)
        {
            if (".^$*+?{}[]|()\\".Contains(c)) sb.Append('\\');
            sb.Append(c);
        }
        return sb.ToString();
    }

    // ---- CommandFilter, and the free tail of EnvFilter ----

    private static void JudgeCommand(FilterEntry e, List<Finding> o, string lead)
    {
        var cmd = Base(e.Command);
        var kb = CommandKnowledge.Lookup(e.Command);
        if (kb is null)
        {
            o.Add(F(e, Rules.CommandUnknown, Severity.Low,
                $"{lead} to `{cmd}` as {e.RunAs}; the knowledge base doesn't know `{cmd}`: review what it can do with free arguments",
                $"a RegExpFilter with the arguments the service passes: `{e.Name}: RegExpFilter, {e.Command}, {e.RunAs}, {cmd}, ARG, ...`"));
            return;
        }
        if (kb.Power == Power.Harmless)
        {
            o.Add(F(e, Rules.NoRootNeeded, Severity.Info,
                $"`{cmd}` needs no privilege for its ordinary use", kb.Fix));
            return;
        }
        var rule = kb.Free == Severity.Critical ? Rules.CommandRoot : Rules.CommandRisky;
        o.Add(F(e, rule, kb.Free, $"{lead} to `{cmd}` as {e.RunAs}: {kb.How}", kb.Fix));
    }

    // ---- RegExpFilter and ChainingRegExpFilter patterns ----

    private static void JudgePatterns(FilterEntry e, IReadOnlyList<string> patterns, bool commandPosition, List<Finding> o, bool chainingPrefix = false, bool variadic = false, bool whole = false)
    {
        // [Arguments] items are matched whole by rootwrap-native alone (H1): no open alternative, no newline.
        var facts = patterns.Select((p, k) => PatternFacts.Analyze(whole && k > 0 ? Whole(p) : p)).ToArray();
        var cmd = Base(e.Command);
        var known = CommandKnowledge.Lookup(e.Command);
        // What the command can do with the arguments the filter fixes (tc qdisc show, find -delete).
        var kb = known is null || facts.Any(x => x.Invalid) ? known : CommandKnowledge.Narrow(known, facts, variadic, ipFilter: e.Built is IpFilter);

        for (int i = 0; i < facts.Length; i++)
        {
            if (facts[i].Invalid)
            {
                o.Add(F(e, Rules.RegexpInvalid, Severity.Low,
                    $"argument {i} pattern `{patterns[i]}` is not a valid Python regexp ({facts[i].InvalidReason}): the reference catches re.error and the filter never matches",
                    "fix the pattern, or remove the filter"));
                return; // a dead filter: nothing else about it matters
            }
        }
        for (int i = 0; i < facts.Length; i++)
        {
            var p = facts[i];
            if (p.TopLevelAlternation)
                o.Add(F(e, Rules.TopLevelAlternation, Severity.Medium,
                    $"argument {i} `{patterns[i]}`: the reference appends `$` to the last alternative only, so anything starting with `{p.OpenAlternatives[0]}` passes (rootwrap-native refuses it, H1)",
                    $"group the alternatives: `(?:{patterns[i]})`"));
            if (p.NestedQuantifier && !whole)
                o.Add(F(e, Rules.RegexpRedos, Severity.Medium,
                    $"argument {i} `{patterns[i]}` nests quantifiers: the reference's backtracking takes exponential time on a long argument that fails to match, hanging the helper (rootwrap-native bounds matching, H1)",
                    "flatten it: one quantifier over one character class, e.g. `/[^\\0]*`"));
        }

        if (chainingPrefix)
        {
            if (cmd == "env" && facts.Skip(1).Any(p => p.Shape >= ArgShape.Name && p.FreeChars.Contains('=')))
                o.Add(F(e, Rules.EnvDangerous, Severity.Critical,
                    "the chained `env` prefix admits variables of the caller's choice: `env LD_PRELOAD=/tmp/x.so` before any other filter's command",
                    "an EnvFilter naming each variable"));
            return;
        }

        // A shell's script.
        if (kb is { Shell: true })
        {
            for (int i = 1; i < facts.Length; i++)
            {
                bool afterC = i >= 2 && facts[i - 1].Admits("-c") && facts[i - 1].Shape == ArgShape.Fixed;
                var p = facts[i];
                if (!afterC || p.Shape == ArgShape.Fixed) continue;
                var meta = ShellInjectionChars.Where(ch => p.FreeChars.Contains(ch)).ToArray();
                if (meta.Length == 0) continue;
                // Break out of the quotes the author's text leaves open at the free part.
                int singles = p.LiteralPrefix.Count(ch => ch == '\''), doubles = p.LiteralPrefix.Count(ch => ch == '"');
                string[] payloads = singles % 2 == 1 ? ["'; /tmp/x; '", "'$(/tmp/x)'"]
                    : doubles % 2 == 1 ? ["\"; /tmp/x; \"", "$(/tmp/x)", "`/tmp/x`"]
                    : ["; /tmp/x; ", "$(/tmp/x)", "`/tmp/x`", "\n/tmp/x\n", "|/tmp/x|"];
                var witness = p.SampleWith(payloads);
                o.Add(F(e, Rules.ShellInjection, Severity.Critical,
                    $"the script `{patterns[i]}` admits {Describe(meta)}: " + (witness is not null
                        ? $"`{cmd} -c \"{witness.Replace("\n", "\\n")}\"` runs the caller's program"
                        : "the caller can add commands to the script"),
                    "replace the script by a filter for each command it runs (`echo ... > FILE` is a `tee` RegExpFilter with a fixed file)"));
            }
        }

        bool reported = false;
        var positional = new List<Finding>();
        for (int i = 1; i < facts.Length; i++)
        {
            var p = facts[i];
            if (kb is null)
            {
                if (!reported && p.Shape >= ArgShape.Name)
                {
                    reported = true;
                    o.Add(F(e, Rules.CommandUnknown, Severity.Low,
                        $"argument {i} `{patterns[i]}` is free, and the knowledge base doesn't know `{cmd}`: review what that argument can do",
                        "narrow the pattern to the values the service passes"));
                }
                continue;
            }
            if (kb.Shell && i >= 2 && facts[i - 1].Admits("-c")) continue; // judged above
            if (kb.Power == Power.Harmless) continue;
            // The value of an option the knowledge base knows to be harmless (find -name PATTERN).
            if (facts[i - 1].IsLiteral && kb.HarmlessOptionValues.Any(facts[i - 1].Admits)) continue;
            // The value of an option that runs it (find -exec PROGRAM ;, rsync -e PROGRAM), the
            // option fixed by the filter or a free word before it that can be that option.
            if (p.Shape >= ArgShape.Name && ProgramOption(kb, facts[i - 1]) is { } opt
                && (cmd != "find" || variadic && i == facts.Length - 1 || facts.Skip(i + 1).Any(x => x.Admits(";") || x.Admits("+"))))
            {
                var w = p.FirstAdmitted(["/tmp/x", "x"]) ?? p.Sample() ?? patterns[i];
                bool fixedOpt = facts[i - 1].Shape == ArgShape.Fixed;
                positional.Add(F(e, Rules.RegexpFree, Severity.Critical,
                    (fixedOpt ? $"argument {i} `{patterns[i]}` follows `{opt}`, which runs it"
                              : $"arguments {i - 1} and {i} (`{patterns[i - 1]}`, `{patterns[i]}`) can be `{opt}` and a program") +
                    $": `{cmd} ... {opt} {w}{(cmd == "find" ? " ;" : "")}` runs any program",
                    fixedOpt ? $"fix the program: `{opt}, /usr/bin/PROGRAM` (or drop {opt})" : kb.Fix));
                continue;
            }
            // dd's of=PATH: the path after a fixed key is what the command opens.
            if (kb.TakesPaths && !p.IsLiteral && System.Text.RegularExpressions.Regex.Match(patterns[i], "^([a-z]+)=(/.*)$") is { Success: true } kv
                && PatternFacts.Analyze(whole ? Whole(kv.Groups[2].Value) : kv.Groups[2].Value) is { Invalid: false } value)
            {
                JudgePosition(e, kb, i, patterns[i], value, facts, positional, kv.Groups[1].Value + "=");
                continue;
            }
            JudgePosition(e, kb, i, patterns[i], p, facts, positional);
        }
        // One finding per rule and filter: the worst position, naming the others.
        foreach (var g in positional.GroupBy(x => x.Rule))
        {
            var worst = g.OrderByDescending(x => x.Severity).First();
            var others = g.Count() - 1;
            o.Add(others == 0 ? worst : worst with { Message = worst.Message + $" ({others} more argument{(others > 1 ? "s" : "")} like it)" });
        }
        if (kb is not null && kb.Power != Power.Harmless && facts.Skip(1).Any(p => p.TrailingNewlineAdmitted && p.Shape is ArgShape.Value or ArgShape.Name or ArgShape.ConfinedPath))
            o.Add(F(e, Rules.TrailingNewline, Severity.Info,
                "the reference's `$` also admits each argument followed by a newline (`5\\n` for `\\d+`); rootwrap-native doesn't (H1)",
                "end each pattern with `\\Z` if the reference must refuse it too"));
        if (kb is { Power: Power.Harmless })
            o.Add(F(e, Rules.NoRootNeeded, Severity.Info, ReferenceEquals(kb, known) ? $"`{cmd}` needs no privilege for its ordinary use" : kb.How, kb.Fix));
    }

    /// <summary>The option of <paramref name="kb"/> that runs its value, when <paramref name="p"/> fixes it or can be it.</summary>
    private static string? ProgramOption(CommandInfo kb, PatternFacts p)
    {
        if (kb.ProgramOptions.Length == 0) return null;
        if (p.Strings() is { Count: > 0 } words)
            return words.All(x => Array.IndexOf(kb.ProgramOptions, x) >= 0) ? words[0] : null;
        return p.Shape == ArgShape.Fixed ? null : kb.ProgramOptions.FirstOrDefault(p.Admits);
    }

    /// <summary>
    /// A pattern rewritten so that the analyzer, which reads patterns as the reference applies
    /// them, reads it as H1 matches it: <c>(?:p)\Z</c>, global flags kept in front.
    /// </summary>
    private static string Whole(string p)
    {
        var flags = System.Text.RegularExpressions.Regex.Match(p, @"^\(\?[aiLmsux]+\)");
        return flags.Value + "(?:" + p[flags.Length..] + ")\\Z";
    }

    private static string Describe(IEnumerable<char> chars) =>
        string.Join(" ", chars.Select(c => c switch { ' ' => "space", '`' => "backtick", '\n' => "newline", _ => "`" + c + "`" }).Distinct());

    /// <summary>One argument position of a known command: what a caller can put there, and what that does.</summary>
    private static void JudgePosition(FilterEntry e, CommandInfo kb, int i, string pattern, PatternFacts p, PatternFacts[] all, List<Finding> o, string key = "")
    {
        // The way the knowledge base knows, told only as far as the filter admits its options.
        var operandText = CommandKnowledge.AdmittedClauses(kb.OperandText, all.Skip(1));
        bool lost = operandText is null;
        operandText ??= "the filter admits none of the options the knowledge base knows for this, so review what else the argument can do";
        var cmd = kb.Name;
        var viaAlt = p.TopLevelAlternation ? " (through the top-level `|`)" : "";
        // chown OWNER / chmod MODE: the first operand is a value, not a path.
        if (i == 1 && cmd is "chown" or "chgrp" or "chmod" && p.Shape >= ArgShape.Name && !p.Alphabet.Contains('/'))
        {
            o.Add(F(e, Rules.RegexpFree, Severity.Medium,
                $"argument 1 `{pattern}` is free: any {(cmd == "chmod" ? "mode (`4755`)" : "owner (`root`)")} for the files the other arguments name",
                $"fix it: `{(cmd == "chmod" ? "0644" : "nova")}`"));
            return;
        }
        if (kb.Chains && p.Shape >= ArgShape.Name)
        {
            o.Add(F(e, Rules.RegexpFree, kb.Free,
                $"argument {i} `{pattern}` is free{viaAlt} and `{cmd}` runs it: `{cmd} ... /tmp/x` runs any program",
                kb.Fix));
            return;
        }
        var target = kb.Power switch
        {
            Power.FileRead or Power.Disclose => "/etc/shadow",
            Power.ConfigExec => "/tmp/evil.conf",
            Power.CodeExec when kb.TakesPaths => "/tmp/x",
            Power.Destroy when cmd == "find" => "/",
            _ => "/etc/sudoers.d/x",
        };
        Severity sev;
        Rule rule;
        string what;
        switch (p.Shape)
        {
            case ArgShape.Fixed or ArgShape.Value:
                return;
            case ArgShape.Name:
                if (!kb.TakesPaths) return;
                var name = p.FirstAdmitted(new[] { "shadow", "sudoers", "passwd" }.SelectMany(n => new[] { p.LiteralPrefix + n + p.LiteralSuffix, p.LiteralPrefix + n, n }));
                if (name is null) return;
                sev = kb.OperandSeverity;
                rule = Rules.RegexpCwd;
                what = $"argument {i} `{pattern}` admits a bare name (`{name}`){viaAlt}, which resolves in the caller's working directory (sudo keeps it): `cd /etc && {cmd} ... {name}`: {operandText}";
                break;
            case ArgShape.ConfinedPath:
                {
                    var prefix = p.LiteralPathPrefix;
                    if (!kb.TakesPaths) return;
                    if (p.FreeDigitsOnly && !ThroughMagicLink(p) && IsUnder(prefix, RootOwnedTrees))
                    {
                        // /proc/\d+/status: the caller picks a number, not a file, in a tree only root
                        // can add entries to: no way to /etc/shadow.
                        var n = p.Sample() ?? pattern;
                        sev = SeverityNames.Min(kb.OperandSeverity, kb.WritesFiles ? Severity.Medium : Severity.Low);
                        if (sev <= Severity.Info) return;
                        rule = Rules.RegexpFree;
                        what = $"argument {i} `{pattern}` leaves the caller only a number (`{n}`): " + (prefix.StartsWith("/proc/", StringComparison.Ordinal)
                            ? $"`{cmd}` reaches that entry of any process, and no other file"
                            : $"`{cmd}` reaches the numbered entries under {prefix}, and no other file");
                        break;
                    }
                    if (IsUnder(prefix, ["/dev"]) && kb.Power is Power.FileRead or Power.FileWrite
                        && PosixPath.BaseName(prefix + "x").Length > 4)
                    {
                        // /dev/mapper/cinder--volumes-volume--[0-9a-f-]+: a fixed stem keeps to the
                        // service's own devices (its guests' data, not the host's filesystems).
                        var stem = prefix[(prefix.LastIndexOf('/') + 1)..];
                        sev = kb.OperandSeverity.Lower(2);
                        rule = Rules.RegexpFree;
                        what = $"argument {i} `{pattern}` keeps to the devices named {prefix}*: `{cmd}` " +
                            (kb.Power is Power.FileRead ? "reads" : "writes") + $" any of them, and no other device (check that only the service's volumes are named `{stem}...`)";
                    }
                    else if (IsUnder(prefix, ["/dev"]) && kb.Power is Power.FileRead or Power.FileWrite)
                    {
                        // /dev/mapper/[a-z0-9-]+: the service's volumes, and the host's root volume too.
                        sev = kb.OperandSeverity;
                        rule = Rules.RegexpFree;
                        var dev = p.FirstAdmitted(new[] { "root", "debian--vg-root", "sda", "vda", "sda1", "nvme0n1" }.Select(n => prefix + n)) ?? p.Sample() ?? prefix;
                        what = $"argument {i} `{pattern}` stays under {prefix}, where the host's own disks and volumes are too: `{cmd} {key}{dev}` " +
                            (kb.Power is Power.FileRead ? "reads" : "writes") + " the device under a filesystem the host mounts, and so any file on it";
                    }
                    else if (IsUnder(prefix, RootOwnedTrees) && !kb.WritesFiles && kb.Power is Power.FileRead
                        && !p.FreeChars.Contains('/') && !p.DotDot && ProgramFolder(prefix))
                    {
                        // /etc/ganesha/export.d/[A-Za-z0-9_-][A-Za-z0-9_.-]*\.conf: one entry of a
                        // program's own folder, read: no '/' to leave it, no way to /etc/shadow.
                        sev = SeverityNames.Min(kb.OperandSeverity, Severity.Low);
                        if (sev <= Severity.Info) return;
                        rule = Rules.RegexpFree;
                        what = $"argument {i} `{pattern}` keeps to the entries of {prefix} (no '/' after it): `{cmd}` reads what that folder holds, and no other file";
                    }
                    else if (IsUnder(prefix, RootOwnedTrees))
                    {
                        sev = kb.OperandSeverity;
                        rule = Rules.RegexpFree;
                        what = $"argument {i} `{pattern}` stays under {prefix}, which holds root's own files: {operandText}";
                    }
                    else if (IsUnder(prefix, CallerWritableTrees))
                    {
                        sev = kb.OperandSeverity.Lower();
                        rule = Rules.RegexpFree;
                        what = $"argument {i} `{pattern}` stays under {prefix}, where the caller can create entries: a symlink planted there redirects `{cmd}` anywhere ({operandText})";
                    }
                    else return;
                    break;
                }
            case ArgShape.TraversalPath:
                {
                    if (!kb.TakesPaths && !p.OptionInjection) return;
                    var w = p.FirstAdmitted(p.EscapeCandidates(target));
                    sev = kb.OperandSeverity;
                    rule = Rules.RegexpTraversal;
                    what = $"argument {i} `{pattern}` admits `..`{viaAlt}, so `{p.LiteralPrefix}` confines nothing" +
                        (w is not null ? $": `{w}`" : "") + $" ({operandText})";
                    break;
                }
            default:
                {
                    if (!kb.TakesPaths && !p.OptionInjection) return;
                    var w = p.FirstAdmitted(p.EscapeCandidates(target));
                    sev = kb.OperandSeverity;
                    rule = Rules.RegexpFree;
                    what = kb.TakesPaths
                        ? $"argument {i} `{pattern}` admits any path{viaAlt}" + (w is not null ? $" (`{w}`)" : "") + $": {operandText}"
                        : $"argument {i} `{pattern}` admits any word{viaAlt}, options included: {operandText}";
                    break;
                }
        }
        if (lost) sev = SeverityNames.Min(sev, Severity.Low);
        // An option the knowledge base cites is named only where the pattern admits it.
        if (p.OptionInjection && kb.OptionSeverity > sev && CommandKnowledge.AdmittedClauses(kb.OptionText, [p]) is { } optionText)
        {
            sev = kb.OptionSeverity;
            what += $"; it can also be any option: {optionText}";
        }
        o.Add(F(e, rule, sev, what, kb.Fix));
    }

    /// <summary>
    /// /proc/PID/root, cwd, exe, fd/N and map_files/X are links into what the process sees:
    /// a number there still reaches any file (/proc/1/root/etc/shadow, /proc/1/fd/3).
    /// </summary>
    private static bool ThroughMagicLink(PatternFacts p)
    {
        var text = p.Pattern.Replace("\\", "");
        return new[] { "/root", "/cwd", "/exe", "/fd", "/map_files" }.Any(m => text.Contains(m + "/", StringComparison.Ordinal) || text.EndsWith(m, StringComparison.Ordinal));
    }

    /// <summary>Trees whose files belong to root: a path confined to them is no confinement.</summary>
    private static readonly string[] RootOwnedTrees = ["/etc", "/root", "/boot", "/usr", "/bin", "/sbin", "/lib", "/lib64", "/var/spool", "/proc", "/sys", "/dev", "/run/systemd", "/var/lib/dpkg"];
    /// <summary>
    /// A folder of one program's own files below a root-owned tree (<c>/etc/ganesha/export.d/</c>,
    /// <c>/usr/share/foo/</c>): at least two components deep, and none of the folders that hold
    /// secrets (keys, password hashes, credentials), where reading one entry is already root's.
    /// </summary>
    private static bool ProgramFolder(string prefix)
    {
        if (!prefix.EndsWith('/')) return false;
        var parts = prefix.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2 || parts.Any(c => c is "." or "..")) return false;
        return !IsUnder(prefix, SecretTrees);
    }

    /// <summary>Folders whose entries are secrets: any one of them read is a credential.</summary>
    private static readonly string[] SecretTrees = ["/root", "/proc", "/sys", "/dev", "/boot", "/etc/ssh", "/etc/ssl", "/etc/security", "/etc/sudoers.d", "/etc/krb5", "/etc/ceph", "/etc/pki", "/etc/letsencrypt", "/etc/ipsec.d", "/etc/wireguard", "/etc/openvpn", "/etc/NetworkManager", "/etc/libvirt", "/etc/nova", "/etc/cinder", "/etc/manila", "/etc/neutron", "/etc/ironic", "/etc/designate", "/etc/keystone", "/etc/glance", "/etc/swift", "/var/lib/dpkg"];

    /// <summary>Trees where a caller (the service account) can usually create entries.</summary>
    private static readonly string[] CallerWritableTrees = ["/tmp", "/var/tmp", "/dev/shm", "/run/user", "/home", "/var/lib", "/var/cache", "/var/log", "/opt", "/srv", "/mnt", "/media"];

    private static bool IsUnder(string prefix, string[] trees)
    {
        var dir = prefix.EndsWith('/') ? prefix : PosixPath.DirName(prefix) + "/";
        return trees.Any(t => dir.StartsWith(t + "/", StringComparison.Ordinal) || dir == t + "/");
    }

    // ---- PathFilter ----

    private static void JudgePathFilter(FilterEntry e, List<Finding> o)
    {
        var args = e.Built!.Args;
        var kb = CommandKnowledge.Lookup(e.Command);
        var cmd = Base(e.Command);
        // A base written as a regexp can only match a folder literally named so: the filter is dead.
        for (int i = 0; i < args.Count; i++)
        {
            var a = args[i];
            if (PosixPath.IsAbs(a) && a.IndexOfAny(['*', '+', '?', '(', ')', '[', ']', '{', '}', '|', '\\']) >= 0)
            {
                o.Add(F(e, Rules.PathRegexp, Severity.Low,
                    $"argument {i + 1} `{a}` is a regexp, but PathFilter compares it as a literal folder prefix: the filter only matches paths under a folder literally named so, i.e. never",
                    $"a RegExpFilter, or a real folder: `{e.Name}: PathFilter, {e.Command}, {e.RunAs}, ..., {a[..(a.IndexOfAny(['*', '+', '?', '(', '[', '{', '|', '\\']))]}`"));
                return;
            }
        }
        var seenBases = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < args.Count; i++)
        {
            var a = args[i];
            bool pass = a == "pass" || a == "/";
            if (pass)
            {
                if (kb is null)
                {
                    o.Add(F(e, Rules.CommandUnknown, Severity.Low,
                        $"argument {i + 1} is `{a}` (anything), and the knowledge base doesn't know `{cmd}`: review what that argument can do", "a literal or a base folder"));
                    continue;
                }
                if (kb.Power == Power.Harmless) continue;
                if (i == 0 && cmd is "chown" or "chgrp" or "chmod")
                {
                    o.Add(F(e, Rules.PathPass, Severity.Medium,
                        $"argument 1 is `{a}`: any {(cmd == "chmod" ? "mode" : "owner")} for the files the other arguments name", "a literal"));
                    continue;
                }
                var sev = kb.Chains ? kb.Free : SeverityNames.Max(kb.OperandSeverity, kb.OptionSeverity);
                if (!kb.TakesPaths && !kb.Chains) sev = SeverityNames.Min(sev, kb.OptionSeverity);
                o.Add(F(e, Rules.PathPass, sev,
                    $"argument {i + 1} is `{a}`: any path or option, e.g. " + (kb.Chains ? $"`/tmp/x` for `{cmd}` to run" : $"{kb.OperandText}"),
                    kb.Fix));
                continue;
            }
            if (!PosixPath.IsAbs(a)) continue;
            if (!a.EndsWith('/'))
                o.Add(F(e, Rules.PathPrefix, Severity.Medium,
                    $"argument {i + 1} `{a}`: the reference compares strings, so `{a}-other/x` and `{a}2/x` pass too (rootwrap-native compares whole components, H2)",
                    $"end the folder with a slash: `{a}/`"));
            if (kb is not null && kb.TakesPaths && PosixPath.Stat(a) is not null && Writable(a) is { } why && seenBases.Add(a))
                o.Add(F(e, Rules.PathWritableBase, kb.OperandSeverity.Lower(),
                    $"argument {i + 1} `{a}` {why}: after the realpath check, a symlink swapped into it redirects `{cmd}` anywhere ({kb.OperandText})",
                    $"a base folder only root can write, or [Paths] {e.Name}: rw {a}"));
        }
    }

    /// <summary>Can someone other than root create or rename entries in this folder?</summary>
    private static string? Writable(string dir)
    {
        if (PosixPath.Stat(dir) is not { } st) return null;
        if (st.Uid != 0) return $"is owned by uid {st.Uid}";
        if ((st.Mode & 0x12) != 0) return $"is writable by group or others (mode {Convert.ToString(st.Mode & 0xFFF, 8)})";
        return null;
    }

    // ---- EnvFilter ----

    private static void JudgeEnv(FilterEntry e, EnvFilter env, List<Finding> o)
    {
        var cmd = Base(env.ExecPath);
        var names = EnvFilter.ExtractEnv(env.Args).OrderBy(n => n, StringComparer.Ordinal).ToList();
        if (names.Count == 0)
        {
            o.Add(F(e, Rules.ChainingInert, Severity.Info,
                "an EnvFilter without NAME= fields never matches (the reference requires at least one variable)", "add the variables, or use a CommandFilter"));
            return;
        }
        foreach (var n in names)
        {
            var info = EnvKnowledge.Lookup(n, cmd);
            if (info.Severity == Severity.Info) continue;
            var rule = info.Severity >= Severity.Medium ? Rules.EnvDangerous : Rules.EnvUnknown;
            o.Add(F(e, rule, info.Severity,
                $"the caller sets `{n}` to any value: {info.How}",
                n == "LVM_SYSTEM_DIR"
                    ? "drop LVM_SYSTEM_DIR from the filter, or point LVM at the service's lvm.conf with `--config` in a RegExpFilter"
                    : $"remove `{n}=` from the filter"));
        }
        JudgeCommand(e, o, "EnvFilter lets any arguments through");
    }

    // ---- KillFilter, ReadFileFilter ----

    private static void JudgeKill(FilterEntry e, List<Finding> o)
    {
        var args = e.Built!.Args;
        if (args.Count == 0)
        {
            o.Add(F(e, Rules.KillNoTarget, Severity.Low,
                "no target executable: the reference raises IndexError on every `kill` that reaches this filter", "`KillFilter, root, /usr/sbin/dnsmasq, -9, -HUP`"));
            return;
        }
        var target = args[0];
        if (!PosixPath.IsAbs(target))
            o.Add(F(e, Rules.KillByName, Severity.Low,
                $"target `{target}` is a basename: any process whose executable is `{target}` in a folder of the helper's PATH can be signalled",
                $"name it by absolute path: `/usr/sbin/{target}`"));
        if (Array.IndexOf(Interpreters, Base(target)) >= 0 || Base(target).StartsWith("python", StringComparison.Ordinal))
            o.Add(F(e, Rules.KillInterpreter, Severity.Medium,
                $"target `{target}` is an interpreter: every process it runs (every OpenStack service on the host, and any the caller starts) can be signalled",
                "a KillFilter on the service's own executable, or signal it through its pid file from a dedicated script"));
        if (args.Count == 1)
            o.Add(F(e, Rules.KillNoSignals, Severity.Info,
                "no signal list: only `kill PID` (SIGTERM) is admitted", "list the signals the service sends: `..., -9, -HUP`"));
    }

    private static void JudgeReadFile(FilterEntry e, ReadFileFilter rf, List<Finding> o)
    {
        var dir = PosixPath.DirName(rf.FilePath);
        if (PosixPath.Stat(dir) is not null && Writable(dir) is { } why)
            o.Add(F(e, Rules.CommandRoot, Severity.Critical,
                $"{dir} {why}: replacing {rf.FilePath} by a symlink to /etc/shadow makes `cat {rf.FilePath}` read any file",
                "a file in a folder only root can write"));
    }

    // ---- chaining ----

    private static void JudgeChaining(AuditTarget t, FilterEntry e, List<Finding> o, string prefix)
    {
        var leaves = t.Filters.Where(l => l.RunAs == e.RunAs && l.Built is { IsChaining: false } && l.Built is not KillFilter and not ReadFileFilter and not IpFilter).ToList();
        if (e.RunAs == "root") leaves.Add(ImplicitPrivsep(t));
        // [Chains] (SPEC 8): only the listed leaves.
        t.Chains.TryGetValue(e.Name, out var chain);
        if (chain is not null) leaves = leaves.Where(l => chain.Leaves.Contains(l.Name)).ToList();
        var example = leaves.FirstOrDefault(l => l.Built is CommandFilter && l.Line > 0) ?? leaves.FirstOrDefault();
        if (example is null)
        {
            o.Add(F(e, Rules.ChainingInert, Severity.Info,
                chain is not null
                    ? $"[Chains] {e.Name} ({chain.File}:{chain.Line}) lists no filter that runs as {e.RunAs}: nothing can be chained, the filter never matches"
                    : $"no non-chaining filter runs as {e.RunAs}: nothing can be chained, the filter never matches", "remove it"));
            return;
        }
        var leafName = Base(example.Command);
        if (!t.NativePolicy)
        {
            // Judged as oslo.rootwrap runs these files: it ignores [Chains], and H8 is ours.
            o.Add(F(e, Rules.ChainingBasename, Severity.Critical,
                $"`{prefix} /home/x/{leafName} ...` runs /home/x/{leafName} as {e.RunAs}: the chained command is checked by basename against `{example.Name}`, and the caller's path is what runs (rootwrap-native refuses a path that is not the leaf's own executable, H8)",
                "remove the chaining filter (run the command without the prefix), or pin every leaf command with an absolute path in a RegExpFilter placed before it; with rootwrap-native, list the leaves in [Chains]"));
            return;
        }
        // rootwrap-native: H8 runs only the leaf's own executable; what remains is which leaves.
        if (chain is null)
        {
            var names = leaves.Select(l => l.Name).Distinct().ToList();
            var shown = string.Join(", ", names.Take(4)) + (names.Count > 4 ? $" and {names.Count - 4} more" : "");
            o.Add(F(e, Rules.ChainingAnyLeaf, Severity.Medium,
                $"`{prefix}` reaches every non-chaining filter of {e.RunAs} ({shown}), each with the union of both declarations, so the caller picks the leaf with the largest (`{prefix} privsep-helper ...`); H8 already refuses a path that is not the leaf's own executable",
                $"[Chains] {e.Name}: the leaves the service chains (`{e.Name}: {string.Join(", ", names.Where(n => n != FilterLoader.PrivsepHelperName).Take(3))}`)"));
        }
    }

    // ---- privsep-helper ----

    private static IEnumerable<Finding> JudgeImplicitPrivsep(AuditTarget t)
    {
        var e = ImplicitPrivsep(t);
        var contexts = ContextsOf(t);
        yield return F(e, Rules.PrivsepImplicit, Severity.Critical,
            "every configuration admits `privsep-helper` with any arguments (wrapper.py adds it): `privsep-helper --log-config-append /tmp/l.ini --privsep_context x --privsep_sock_path y` " +
            "makes oslo.log's logging.config.fileConfig evaluate the file's `args=` as Python, as root, before any context is loaded (and `--privsep_context os_brick.privileged.default` exposes execute_root)",
            "the reference can't drop it; with rootwrap-native, declare it (`[Capabilities] privsep-helper: ...`, from --suggest-capabilities)" +
            (contexts.Count > 0 ? $" for {string.Join(", ", contexts)}" : "") + " and set capability_user");
    }

    private static IReadOnlyList<string> ContextsOf(AuditTarget t)
    {
        var set = new List<string>();
        foreach (var f in t.Filters)
        {
            if (Base(f.Command) != "privsep-helper") continue;
            var a = f.Built!.Args;
            for (int i = 0; i + 1 < a.Count; i++)
                if (a[i] == "--privsep_context" && ModuleName(a[i + 1]) is { } name)
                    set.Add(name);
        }
        foreach (var c in PrivsepKnowledge.ForService(t.Service)) if (!set.Contains(c)) set.Add(c);
        return set.Distinct().ToList();
    }

    private static string Unescape(string literalPattern) => literalPattern.Replace("\\", "");

    /// <summary>
    /// A dotted module path written as a pattern, escaped (<c>a\.b</c>) or not (<c>a.b</c>: an
    /// unescaped '.' admits any character, but only '.' names an importable context).
    /// </summary>
    internal static string? ModuleName(string pattern)
    {
        var escaped = System.Text.RegularExpressions.Regex.Replace(pattern, @"(?<!\\)\.", @"\.");
        return PatternFacts.Analyze(escaped).IsLiteral ? Unescape(escaped) : null;
    }

    private static void JudgePrivsep(AuditTarget t, FilterEntry e, List<Finding> o)
    {
        var f = e.Built!;
        if (f is CommandFilter)
        {
            o.Add(F(e, Rules.PrivsepImplicit, Severity.Critical,
                "`privsep-helper` with any arguments: `--log-config-append /tmp/l.ini` makes oslo.log's fileConfig evaluate Python as root, and any context (`os_brick.privileged.default`: execute_root runs any command) is the caller's",
                "a RegExpFilter with the context, a fixed --config-file and the socket folder: `privsep-helper, --config-file, /etc/SERVICE/SERVICE\\.conf, --privsep_context, CONTEXT, --privsep_sock_path, /tmp/[a-zA-Z0-9_]+/privsep\\.sock`"));
            return;
        }
        var a = f.Args;
        var facts = a.Select(PatternFacts.Analyze).ToArray();
        if (facts.Any(x => x.Invalid))
        {
            JudgePatterns(e, a, true, o);
            return;
        }
        for (int i = 1; i + 1 < a.Count; i++)
        {
            if (!facts[i].Admits("--config-file") && !facts[i].Admits("--log-config-append") && !facts[i].Admits("--config-dir")) continue;
            var v = facts[i + 1];
            if (v.Shape == ArgShape.Fixed) continue;
            var w = v.FirstAdmitted(v.EscapeCandidates("/tmp/p.conf"));
            o.Add(F(e, Rules.PrivsepConfig, Severity.Critical,
                $"--config-file `{a[i + 1]}` admits a file of the caller's choice" + (w is not null ? $" (`{w}`)" : "") +
                ": its `log_config_append` makes oslo.log run logging.config.fileConfig, which evaluates `args=` as Python, as root",
                $"fix the file: `--config-file, /etc/{t.Service ?? "SERVICE"}/{t.Service ?? "SERVICE"}\\.conf`"));
        }
        for (int i = 1; i + 1 < a.Count; i++)
        {
            if (!facts[i].Admits("--privsep_context")) continue;
            var v = facts[i + 1];
            if (ModuleName(a[i + 1]) is not { } name)
            {
                o.Add(F(e, Rules.PrivsepContext, Severity.Critical,
                    $"--privsep_context `{a[i + 1]}` admits contexts of the caller's choice: any importable PrivContext, e.g. os_brick.privileged.default (execute_root runs any command)",
                    "one filter per context, with the context spelled out"));
                continue;
            }
            var ctx = PrivsepKnowledge.Lookup(name);
            if (ctx?.RunsCommands is { } runs)
                o.Add(F(e, Rules.PrivsepContext, Severity.Critical,
                    $"context {name}: {runs}, with {ctx.Capabilities} and uid 0; the caller gets every entrypoint of the context",
                    "this is the privsep design: limit what the context keeps with [Capabilities] and capability_user, and watch its entrypoints"));
            else
                o.Add(F(e, Rules.PrivsepContext, Severity.High,
                    $"context {name}: the caller gets every entrypoint of the context" + (ctx is not null ? $", with {ctx.Capabilities}" : " (capabilities unknown to the knowledge base)"),
                    "this is the privsep design: declare the context's capabilities ([Capabilities]) so the helper can't keep more"));
        }
    }

    // ---- declarations and executables ----

    /// <summary>Capabilities that are root on their own, even under another uid.</summary>
    public static readonly CapabilitySet RootEquivalent = CapabilitySet.TryParse(
        "CAP_SYS_ADMIN, CAP_SYS_MODULE, CAP_SYS_RAWIO, CAP_SYS_PTRACE, CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_CHOWN, CAP_FOWNER, " +
        "CAP_SETUID, CAP_SETGID, CAP_SETFCAP, CAP_SETPCAP, CAP_MKNOD, CAP_SYS_BOOT, CAP_BPF, CAP_SYS_CHROOT, CAP_MAC_ADMIN, CAP_MAC_OVERRIDE",
        out var s, out _) ? s : CapabilitySet.Empty;

    private static void JudgeDeclarations(AuditTarget t, List<Finding> findings)
    {
        foreach (var d in t.Capabilities.Values)
        {
            var root = d.Capabilities.Intersect(RootEquivalent);
            if (root.IsEmpty) continue;
            findings.Add(new(d.File, d.Line, d.Filter, null, Severity.Low, Rules.CapabilityRootEquivalent.Id,
                $"declares {root}: each is close to root on its own, so this declaration confines little",
                "keep only what the command's ordinary use needs (rootwrap-audit --suggest-capabilities)"));
        }
    }

    private static void JudgeExecutables(AuditTarget t, List<Finding> findings)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in t.Filters)
        {
            var cmd = e.Command;
            string? exec = null;
            if (PosixPath.IsAbs(cmd)) exec = cmd;
            else if (t.ExecDirs is { } dirs)
                exec = RootwrapConfig.Searched(dirs).Select(d => PosixPath.Join(d, cmd)).FirstOrDefault(p => PosixPath.IsFile(p));
            if (exec is null || !PosixPath.IsFile(exec) || !seen.Add(exec)) continue;
            var why = AuditTarget.Untrusted(exec);
            var dir = PosixPath.DirName(exec);
            var dirWhy = why is null ? Writable(dir) : null;
            if (why is null && dirWhy is null) continue;
            findings.Add(F(e, Rules.ExecDirUntrusted, Severity.Critical,
                why is not null ? $"{exec} {why}: its owner decides what runs as root" : $"{dir} {dirWhy}: its owner can replace {PosixPath.BaseName(exec)} and decide what runs as root",
                $"chown root:root {exec} {dir} && chmod go-w {exec} {dir}"));
        }
    }

    /// <summary>SPEC 4b: a confined filter that keeps a capability able to undo its view.</summary>
    private static void JudgeConfinements(AuditTarget t, List<Finding> o)
    {
        foreach (var p in t.Paths.Values)
        {
            if (!t.Capabilities.TryGetValue(p.Filter, out var d)) continue;
            var voiding = ConfinementRules.Voiding(d.Capabilities);
            if (voiding.IsEmpty) continue;
            o.Add(new(d.File, d.Line, p.Filter, null, Severity.High, Rules.PathsVoid.Id,
                $"the [Paths] confinement of `{p.Filter}` is void: it keeps {voiding}, which gets out of a read-only mount view (remount, ptrace, open_by_handle_at, raw devices...); it is confined only in name",
                $"drop {voiding} from its [Capabilities], or drop its [Paths] and confine it otherwise"));
        }
    }

    // ---- what rootwrap-native's configuration does for a filter ----

    private static readonly HashSet<string> DangerRules = new(StringComparer.Ordinal)
    {
        Rules.CommandRoot.Id, Rules.CommandRisky.Id, Rules.RegexpFree.Id, Rules.RegexpTraversal.Id, Rules.RegexpCwd.Id,
        Rules.ShellInjection.Id, Rules.PathPass.Id, Rules.EnvDangerous.Id, Rules.ChainingBasename.Id, Rules.ChainingAnyLeaf.Id, Rules.IpVrfExec.Id,
        Rules.PrivsepImplicit.Id, Rules.PrivsepConfig.Id, Rules.PrivsepContext.Id, Rules.PathWritableBase.Id,
    };

    private static readonly string[] SensitiveWritable = ["/", "/etc", "/root", "/usr", "/boot", "/bin", "/sbin", "/lib", "/lib64", "/var", "/var/spool", "/var/spool/cron", "/run", "/dev"];

    private static IEnumerable<Finding> Adjust(AuditTarget t, FilterEntry e, IEnumerable<Finding> own)
    {
        t.Capabilities.TryGetValue(e.Name, out var declared);
        t.Paths.TryGetValue(e.Name, out var paths);
        // Who it runs as and whether it is refused, exactly as the helper decides it.
        var treatment = FilterTreatment.For(e.RunAs, e.Name, e.Name, declared?.Capabilities, t.RunAs, t.CapabilityUser, t.Undeclared);
        var kb = CommandKnowledge.Lookup(e.Command);
        // What the filter's fixed arguments leave of the command (find ... -delete writes).
        if (kb is not null && e.Built is RegExpFilter { Args.Count: > 0 } rf && rf.Args.Select(PatternFacts.Analyze).ToArray() is var fa && !fa.Any(x => x.Invalid))
            kb = CommandKnowledge.Narrow(kb, fa);
        foreach (var f in own)
        {
            if (!DangerRules.Contains(f.Rule)) { yield return f; continue; }
            if (treatment is { Account: { } account, CapabilityAccount: false } && f.Severity > Severity.Medium)
            {
                yield return f with { Severity = Severity.Medium, Message = f.Message + $" (runs as {account}, not root)" };
                continue;
            }
            if (treatment.Refused)
            {
                yield return f with { Severity = Severity.Info, Rule = Rules.Undeclared.Id, Message = "refused while it declares no capabilities (undeclared_capabilities = deny); declared, it would be: " + f.Message };
                continue;
            }
            var g = f;
            // A declared capability that undoes the confinement leaves the filter as broad as without it.
            bool voided = declared is not null && !ConfinementRules.Voiding(declared.Capabilities).IsEmpty;
            if (paths is not null && !voided && !paths.ReadWrite.Any(p => Array.IndexOf(SensitiveWritable, p.TrimEnd('/').Length == 0 ? "/" : p.TrimEnd('/')) >= 0))
            {
                var to = kb is { WritesFiles: true } ? Severity.Medium : Severity.High;
                if (g.Severity > to)
                    g = g with { Severity = to, Message = g.Message + $" (confined by [Paths] to {string.Join(", ", paths.ReadWrite)})" };
            }
            // [RunAs] for this filter, else capability_user for every declared root filter.
            if (treatment is { CapabilityAccount: true, Account: { } capUser } && declared!.Capabilities.Intersect(RootEquivalent).IsEmpty)
            {
                // [RunAs] names this filter's account as a non-root run_as would: what it runs
                // (a configuration's lua-load, a script) runs as that account. capability_user,
                // for every filter at once, is still rated one step below critical.
                if (treatment.RunAs is not null && g.Severity > Severity.Medium)
                    g = g with { Severity = Severity.Medium, Message = g.Message + $" (runs as {capUser} with only {declared.Capabilities}, [RunAs])" };
                else if (g.Severity == Severity.Critical)
                    g = g with { Severity = Severity.High, Message = g.Message + $" (runs as {capUser} with only {declared.Capabilities})" };
            }
            yield return g;
        }
    }
}
