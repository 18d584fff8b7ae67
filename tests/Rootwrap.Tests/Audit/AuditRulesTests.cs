using Rootwrap.Audit;
using Xunit;

namespace Rootwrap.Tests.Audit;

/// <summary>Every rule fires on a minimal fixture, with its severity; precise filters stay quiet.</summary>
public class AuditRulesTests
{
    /// <summary>(rule, the fixture, the filter the finding names or null, the severity expected).</summary>
    public static IEnumerable<object?[]> Cases()
    {
        // Filter files only.
        object?[] C(string rule, string filters, string? filter, Severity sev) => [rule, filters, null, filter, sev];
        // With a rootwrap.conf: extra [DEFAULT] lines.
        object?[] K(string rule, string filters, string conf, string? filter, Severity sev) => [rule, filters, conf, filter, sev];

        yield return C("command-root-equivalent", "dd: CommandFilter, dd, root", "dd", Severity.Critical);
        yield return C("command-broad", "rm: CommandFilter, rm, root", "rm", Severity.High);
        yield return C("command-unknown", "frob: CommandFilter, frobnicate, root", "frob", Severity.Low);
        yield return C("command-args-ignored", "chmod: CommandFilter, chmod, root, 0644", "chmod", Severity.Medium);
        yield return C("no-root-needed", "id: CommandFilter, id, root", "id", Severity.Info);
        yield return C("regexp-free-argument", "tee: RegExpFilter, tee, root, tee, .*", "tee", Severity.Critical);
        yield return C("regexp-path-traversal", "cat: RegExpFilter, cat, root, cat, /var/log/nova/.*", "cat", Severity.Critical);
        yield return C("regexp-relative-name", "chown: RegExpFilter, chown, root, chown, nova, [a-z]+", "chown", Severity.Critical);
        yield return C("shell-injection", "sh: RegExpFilter, sh, root, sh, -c, echo .*", "sh", Severity.Critical);
        yield return C("regexp-top-level-alternation", "sc: RegExpFilter, systemctl, root, systemctl, start|stop, nfs-ganesha", "sc", Severity.Medium);
        yield return C("regexp-trailing-newline", "blkid: RegExpFilter, blkid, root, blkid, /dev/sd[a-z]+", "blkid", Severity.Info);
        yield return C("regexp-invalid", "ls: RegExpFilter, ls, root, ls, (unclosed", "ls", Severity.Low);
        yield return C("regexp-backtracking", "find: RegExpFilter, find, root, find, ([a-z]+/?)*, -maxdepth, 1", "find", Severity.Medium);
        yield return C("pathfilter-pass", "chown: PathFilter, chown, root, nova, pass", "chown", Severity.Critical);
        yield return C("pathfilter-string-prefix", "chown: PathFilter, chown, root, nova, /var/lib/nova/instances", "chown", Severity.Medium);
        yield return C("pathfilter-regexp-text", "p: PathFilter, cat, root, /etc/(?!x).*", "p", Severity.Low);
        yield return C("env-dangerous-variable", "e: EnvFilter, env, root, LD_PRELOAD=, id", "e", Severity.Critical);
        yield return C("env-variable-unknown", "e: EnvFilter, env, root, FOO_BAR=, id", "e", Severity.Low);
        yield return C("kill-by-name", "k: KillFilter, root, dnsmasq, -9", "k", Severity.Low);
        yield return C("kill-interpreter", "k: KillFilter, root, /usr/bin/python3, -9", "k", Severity.Medium);
        yield return C("kill-no-signal-list", "k: KillFilter, root, /usr/sbin/dnsmasq", "k", Severity.Info);
        yield return C("kill-no-target", "k: KillFilter, root", "k", Severity.Low);
        yield return C("chaining-basename", "ns: IpNetnsExecFilter, ip, root\ndd: CommandFilter, dd, root", "ns", Severity.Critical);
        yield return C("chaining-any-leaf", "ns: IpNetnsExecFilter, ip, root\ndd: CommandFilter, dd, root\n[Capabilities]\nns: CAP_NET_ADMIN", "ns", Severity.Medium);
        yield return C("chaining-inert", "c: ChainingFilter, nice, root", "c", Severity.Info);
        yield return C("ipfilter-exec", "ip: IpFilter, ip, root", "ip", Severity.Critical);
        yield return C("privsep-implicit", "id: CommandFilter, id, root", "privsep-helper", Severity.Critical);
        yield return C("privsep-config-file",
            @"p: RegExpFilter, privsep-helper, root, privsep-helper, --config-file, /etc/(?!\.\.).*, --privsep_context, nova.privsep.sys_admin_pctxt, --privsep_sock_path, /tmp/.*",
            "p", Severity.Critical);
        yield return C("privsep-context",
            @"p: RegExpFilter, privsep-helper, root, privsep-helper, --config-file, /etc/nova/nova\.conf, --privsep_context, nova.privsep.sys_admin_pctxt, --privsep_sock_path, /tmp/.*",
            "p", Severity.High);
        yield return C("unknown-filter-class", "r: RegexpFilter, ls, root, ls", "r", Severity.Low);
        yield return C("filter-class-not-a-class", "o: os, ls, root", "o", Severity.Medium);
        yield return C("filter-too-few-fields", "x: CommandFilter, ls", "x", Severity.Medium);
        yield return C("no-filters-section", "[Other]\nx: CommandFilter, ls, root", null, Severity.Medium);
        yield return C("parse-error", "id: CommandFilter, id, root\nthis is no option line", null, Severity.Medium);
        yield return C("duplicate-filter-name", "a: CommandFilter, id, root\nb: CommandFilter, sleep, root\na: CommandFilter, true, root", "a", Severity.Medium);
        yield return C("filters-in-default-section", "[DEFAULT]\nd: CommandFilter, id, root\n[Filters]\nid: CommandFilter, id, root", null, Severity.Low);
        yield return C("run-as-other-user", "cat: CommandFilter, cat, nova", "cat", Severity.Info);
        yield return C("capability-declaration-invalid", "dd: CommandFilter, dd, root\n[Capabilities]\ndd: CAP_FOO", "dd", Severity.Medium);
        yield return C("capability-root-equivalent", "dd: CommandFilter, dd, root\n[Capabilities]\ndd: CAP_SYS_ADMIN", "dd", Severity.Low);
        yield return C("paths-confinement-void", "mount: CommandFilter, mount, root\n[Paths]\nmount: rw /tmp\n[Capabilities]\nmount: CAP_SYS_ADMIN", "mount", Severity.High);
        yield return K("exec-dir-relative", "id: CommandFilter, id, root", "exec_dirs=bin,/usr/bin", null, Severity.Critical);
        yield return K("exec-dir-missing", "id: CommandFilter, id, root", "exec_dirs=/nonexistent/bin", null, Severity.Info);
        yield return K("config-invalid", "id: CommandFilter, id, root", "use_syslog=perhaps", null, Severity.Medium);
        yield return K("filters-path-missing", "id: CommandFilter, id, root", "filters_path=/nonexistent/rootwrap.d", null, Severity.Info);
        yield return K("undeclared-refused", "dd: CommandFilter, dd, root", "undeclared_capabilities=deny", "dd", Severity.Info);
    }

    /// <summary>Rules whose fixture needs files with particular owners or modes: tested below.</summary>
    private static readonly string[] FileSystemRules =
        ["untrusted-file", "exec-dir-untrusted", "pathfilter-writable-base", "duplicate-filter-name-across-files"];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Rule_fires_on_its_minimal_fixture(string rule, string filters, string? conf, string? filter, Severity severity)
    {
        using var fx = new AuditFixture();
        fx.Filters(filters);
        string path = conf is null ? fx.FiltersDir : fx.Conf(conf);
        var findings = fx.Audit(path);
        var hit = findings.Where(f => f.Rule == rule && (filter is null || f.Filter == filter)).ToList();
        Assert.True(hit.Count > 0, $"{rule} did not fire; got: {string.Join("; ", findings.Select(f => f.Rule + "/" + f.Filter))}");
        Assert.Contains(hit, f => f.Severity == severity);
        Assert.All(hit, f => Assert.False(string.IsNullOrWhiteSpace(f.Fix)));
    }

    [Fact]
    public void Every_rule_has_a_fixture()
    {
        var covered = Cases().Select(c => (string)c[0]!).Concat(FileSystemRules).ToHashSet();
        var missing = Rules.All.Select(r => r.Id).Where(id => !covered.Contains(id)).ToList();
        Assert.Empty(missing);
    }

    [Fact]
    public void Untrusted_filter_file_is_critical()
    {
        using var fx = new AuditFixture();
        var file = fx.Filters("id: CommandFilter, id, root");
        AuditFixture.Chmod(file, "666");
        var f = Assert.Single(fx.Audit(trust: true), x => x.Rule == "untrusted-file" && x.File == file);
        Assert.Equal(Severity.Critical, f.Severity);
        Assert.Contains("writable by group or others", f.Message);
    }

    [Fact]
    public void Group_writable_folder_above_the_filters_is_critical()
    {
        using var fx = new AuditFixture();
        fx.Filters("id: CommandFilter, id, root");
        AuditFixture.Chmod(fx.FiltersDir, "775");
        Assert.Contains(fx.Audit(trust: true), x => x.Rule == "untrusted-file" && x.Severity == Severity.Critical);
    }

    [Fact]
    public void World_writable_exec_dir_is_critical()
    {
        using var fx = new AuditFixture();
        fx.Filters("id: CommandFilter, id, root");
        var bin = fx.Dir("bin", "777");
        var conf = fx.Conf($"exec_dirs={bin},/sbin");
        var f = Assert.Single(fx.Audit(conf, trust: true), x => x.Rule == "exec-dir-untrusted");
        Assert.Equal(Severity.Critical, f.Severity);
    }

    [Fact]
    public void PathFilter_base_others_can_write_is_a_symlink_race()
    {
        using var fx = new AuditFixture();
        var w = fx.Dir("shared", "777");
        fx.Filters($"cp: PathFilter, cp, root, {w}/, {w}/");
        var f = Assert.Single(fx.Audit(), x => x.Rule == "pathfilter-writable-base" && x.Filter == "cp");
        Assert.Equal(Severity.High, f.Severity);
    }

    [Fact]
    public void Same_name_in_two_files_is_reported_once()
    {
        using var fx = new AuditFixture();
        fx.Filters("id: CommandFilter, id, root", "a.filters");
        fx.Filters("id: CommandFilter, id, root", "b.filters");
        Assert.Single(fx.Audit(), x => x.Rule == "duplicate-filter-name-across-files");
    }

    // ---- precise filters: nothing above low ----

    [Theory]
    [InlineData(@"sleep: RegExpFilter, sleep, root, sleep, \d+", "sleep")]
    [InlineData(@"find: RegExpFilter, find, root, find, /var/lib/cinder/[a-z0-9-]+, -maxdepth, 1, -name, img-cache-[0-9a-f-]+, -amin, \+\d+", "find")]
    [InlineData("kill_dnsmasq: KillFilter, root, /usr/sbin/dnsmasq, -9, -HUP", "kill_dnsmasq")]
    [InlineData("read_initiator: ReadFileFilter, /etc/iscsi/initiatorname.iscsi", "read_initiator")]
    [InlineData(@"chown: PathFilter, chown, root, nova, /var/lib/nova/instances/", "chown-as-nova")]
    [InlineData(@"lvs: EnvFilter, env, root, LC_ALL=C, lvs", "lvs")]
    public void Precise_filter_gets_nothing_above_low(string line, string name)
    {
        using var fx = new AuditFixture();
        fx.Filters(line);
        var findings = fx.Audit().Where(f => f.Filter != "privsep-helper" && f.Rule != "chaining-inert").ToList();
        Assert.All(findings, f => Assert.True(f.Severity <= Severity.Low, $"{name}: {f.Severity} {f.Rule}: {f.Message}"));
    }

    [Fact]
    public void A_chaining_filter_alone_still_chains_to_the_implicit_privsep_helper()
    {
        // The reference's leaf filters include the privsep-helper CommandFilter it adds itself.
        using var fx = new AuditFixture();
        fx.Filters(@"ionice: ChainingRegExpFilter, ionice, root, ionice, -c[23]");
        var f = Assert.Single(fx.Audit(), x => x.Rule == "chaining-basename");
        Assert.Contains("/home/x/privsep-helper", f.Message);
    }

    // ---- what rootwrap-native's configuration changes ----

    [Fact]
    public void Paths_confinement_lowers_a_write_command_to_medium()
    {
        using var fx = new AuditFixture();
        var vol = fx.Dir("volumes", "755");
        fx.Filters($"dd: CommandFilter, dd, root\n[Paths]\ndd: rw {vol}");
        var f = Assert.Single(fx.Audit(), x => x.Filter == "dd" && x.Rule == "command-root-equivalent");
        Assert.Equal(Severity.Medium, f.Severity);
        Assert.Contains("confined by [Paths]", f.Message);
    }

    [Fact]
    public void Capability_user_with_few_capabilities_lowers_code_execution_to_high()
    {
        using var fx = new AuditFixture();
        fx.Filters("dnsmasq: CommandFilter, dnsmasq, root\n[Capabilities]\ndnsmasq: CAP_NET_ADMIN, CAP_NET_BIND_SERVICE, CAP_NET_RAW");
        var conf = fx.Conf("capability_user=neutron");
        var f = Assert.Single(fx.Audit(conf), x => x.Filter == "dnsmasq" && x.Rule == "command-root-equivalent");
        Assert.Equal(Severity.High, f.Severity);
    }

    [Fact]
    public void Declared_capabilities_alone_do_not_lower_a_uid0_filter()
    {
        using var fx = new AuditFixture();
        fx.Filters("tee: CommandFilter, tee, root\n[Capabilities]\ntee:");
        var f = Assert.Single(fx.Audit(), x => x.Filter == "tee" && x.Rule == "command-root-equivalent");
        Assert.Equal(Severity.Critical, f.Severity);
    }

    [Fact]
    public void Chaining_message_names_a_leaf_and_the_path_that_runs()
    {
        using var fx = new AuditFixture();
        fx.Filters(@"ionice: ChainingRegExpFilter, ionice, root, ionice, -c[0-3]" + "\nsleep: RegExpFilter, sleep, root, sleep, \\d+");
        var f = Assert.Single(fx.Audit(), x => x.Rule == "chaining-basename");
        Assert.Contains("`ionice -c0 /home/x/sleep", f.Message);
    }

    [Fact]
    public void Shell_injection_shows_an_argument_the_reference_admits()
    {
        using var fx = new AuditFixture();
        fx.Filters(@"shcat: RegExpFilter, sh, root, sh, -c, echo '((.|\n)*)' > /.*");
        var f = Assert.Single(fx.Audit(), x => x.Rule == "shell-injection");
        Assert.Contains("/tmp/x", f.Message);
    }

    [Fact]
    public void Unreadable_path_is_an_input_error()
    {
        Assert.Throws<AuditInputException>(() => AuditRun.Run(["/nonexistent/rootwrap.d"]));
    }

    [Fact]
    public void Neutron_style_privsep_PathFilter_with_a_regexp_is_dead_not_dangerous()
    {
        using var fx = new AuditFixture();
        fx.Filters("privsep: PathFilter, privsep-helper, root,\n --config-file, /etc/(?!\\.\\.).*,\n --privsep_context, neutron.privileged.default,\n --privsep_sock_path, /");
        var mine = fx.Audit().Where(x => x.Filter == "privsep").ToList();
        Assert.Contains(mine, x => x.Rule == "pathfilter-regexp-text");
        Assert.All(mine, x => Assert.True(x.Severity <= Severity.Low));
    }
}

/// <summary>
/// The policy as it runs: what the fixed arguments leave of a command, what the patterns
/// admit, and what rootwrap-native's own sections ([Arguments], [Chains]) and H8 close.
/// </summary>
public class AuditJudgementTests
{
    private static List<Finding> Mine(string filters, string filter, string? conf = null)
    {
        using var fx = new AuditFixture();
        fx.Filters(filters);
        return fx.Audit(conf is null ? null : fx.Conf(conf)).Where(f => f.Filter == filter).ToList();
    }

    private static Finding Worst(List<Finding> findings) => findings.OrderByDescending(f => f.Severity).First();

    [Theory]
    [InlineData(@"tc: RegExpFilter, tc, root, tc, qdisc, show, dev, .+", "tc qdisc show")]
    [InlineData(@"tc: RegExpFilter, tc, root, tc, -s, class, (show|list), dev, [a-z0-9-]+", "tc class show")]
    [InlineData(@"tc: RegExpFilter, ip, root, ip, link, show, .*", "ip link show")]
    [InlineData(@"tc: RegExpFilter, ip, root, ip, -o, addr, show, .*", "ip addr show")]
    public void A_fixed_read_only_subcommand_is_rated_for_what_it_does(string line, string said)
    {
        var mine = Mine(line, "tc");
        Assert.All(mine, f => Assert.Equal(Severity.Info, f.Severity));
        var f = Assert.Single(mine, x => x.Rule == "no-root-needed");
        Assert.Contains($"`{said}` only shows", f.Message);
        Assert.DoesNotContain(mine, x => x.Message.Contains("rewrites") || x.Message.Contains("runs any program"));
    }

    [Fact]
    public void A_fixed_subcommand_that_changes_things_keeps_its_rating()
    {
        var f = Worst(Mine(@"tc: RegExpFilter, tc, root, tc, qdisc, add, dev, .+", "tc"));
        Assert.Equal(Severity.High, f.Severity);
        Assert.Contains("rewrites the host's packet filtering", f.Message);
    }

    [Fact]
    public void Ip_with_a_fixed_object_runs_no_program()
    {
        var f = Worst(Mine(@"ip: RegExpFilter, ip, root, ip, link, set, .*", "ip"));
        Assert.Equal(Severity.High, f.Severity);
        Assert.Contains("traffic of the host", f.Message);
        Assert.DoesNotContain("runs any program", f.Message);
        // A free object is still `ip vrf exec` and `ip -batch`.
        var free = Worst(Mine(@"ip: RegExpFilter, ip, root, ip, .*, .*, .*, .*", "ip"));
        Assert.Equal(Severity.Critical, free.Severity);
        Assert.Contains("runs any program", free.Message);
        // `ip netns exec` with the program fixed out of reach by the filter: still a chain.
        var ns = Worst(Mine(@"ip: RegExpFilter, ip, root, ip, netns, exec, [a-z]+, .*", "ip"));
        Assert.Equal(Severity.Critical, ns.Severity);
    }

    [Fact]
    public void Find_with_a_fixed_delete_and_a_free_start_deletes_the_filesystem()
    {
        var f = Worst(Mine(@"find: RegExpFilter, find, root, find, .*, -mindepth, 1, -delete", "find"));
        Assert.Equal(Severity.High, f.Severity); // as `rm` with free arguments: destruction
        Assert.Contains("`find / -mindepth 1 -delete`", f.Message);
        Assert.Contains("deletes every file", f.Message);
        Assert.DoesNotContain("lists the names", f.Message);
        // Fixed in a folder of the service's, it is what the service deletes.
        var mine = Mine(@"find: RegExpFilter, find, root, find, /var/lib/cinder/mnt/[0-9a-f]+, -mindepth, 1, -delete", "find");
        Assert.All(mine, x => Assert.True(x.Severity <= Severity.Medium, x.Message));
    }

    [Fact]
    public void Find_delete_confined_by_paths_deletes_only_there()
    {
        using var fx = new AuditFixture();
        var vol = fx.Dir("volumes", "755");
        fx.Filters($"find: RegExpFilter, find, root, find, .*, -mindepth, 1, -delete\n[Paths]\nfind: rw {vol}");
        var f = Assert.Single(fx.Audit(), x => x.Filter == "find" && x.Rule == "regexp-free-argument");
        Assert.Equal(Severity.Medium, f.Severity); // as any confined write
        Assert.Contains("confined by [Paths]", f.Message);
    }

    [Fact]
    public void Find_exec_with_a_free_program_runs_any_program()
    {
        var f = Worst(Mine(@"find: RegExpFilter, find, root, find, /var/lib/nova/[a-z]+, -exec, .*, {}, ;", "find"));
        Assert.Equal(Severity.Critical, f.Severity);
        Assert.Contains("follows `-exec`", f.Message);
        Assert.Contains("-exec /tmp/x ;", f.Message);
        // Free words that can be `-exec`, a program and `;`.
        var free = Worst(Mine(@"find: RegExpFilter, find, root, find, /var/lib/nova/[a-z]+, .*, .*, .*", "find"));
        Assert.Equal(Severity.Critical, free.Severity);
        Assert.Contains("can be `-exec` and a program", free.Message);
        // One free word can be an option, but not `-exec` with its program and `;`.
        var one = Worst(Mine(@"find: RegExpFilter, find, root, find, /var/lib/nova/[a-z]+, -maxdepth, 1, .*", "find"));
        Assert.True(one.Severity < Severity.Critical, one.Message);
    }

    [Theory]
    [InlineData(@"cat: RegExpFilter, cat, root, cat, /proc/[0-9]+/status")]
    [InlineData(@"cat: RegExpFilter, cat, root, cat, /proc/\d+/cmdline")]
    [InlineData(@"cat: RegExpFilter, ls, root, ls, /proc/[0-9]+")]
    public void A_number_under_proc_is_no_way_to_other_files(string line)
    {
        var mine = Mine(line, "cat");
        Assert.All(mine, f => Assert.True(f.Severity <= Severity.Low, $"{f.Severity}: {f.Message}"));
        Assert.DoesNotContain(mine, f => f.Message.Contains("/etc/shadow") || f.Message.Contains("/root/.ssh"));
        Assert.Contains(mine, f => f.Rule == "regexp-free-argument" && f.Message.Contains("only a number"));
    }

    [Theory]
    [InlineData(@"cat: RegExpFilter, cat, root, cat, /etc/ganesha/export\.d/[A-Za-z0-9_-][A-Za-z0-9_.-]*\.conf")]
    [InlineData(@"cat: RegExpFilter, cat, root, cat, /usr/share/doc/[a-z]+")]
    public void Reading_one_entry_of_a_programs_own_folder_reaches_no_other_file(string line)
    {
        var mine = Mine(line, "cat");
        Assert.All(mine, f => Assert.True(f.Severity <= Severity.Low, $"{f.Severity}: {f.Message}"));
        Assert.DoesNotContain(mine, f => f.Message.Contains("/etc/shadow"));
        Assert.Contains(mine, f => f.Message.Contains("no other file"));
    }

    [Theory]
    // a '/' after the folder, `..`, a folder of secrets, a top-level tree, or a write
    [InlineData(@"cat: RegExpFilter, cat, root, cat, /etc/ganesha/[a-z/]+", "cat")]
    [InlineData(@"cat: RegExpFilter, cat, root, cat, /etc/ganesha/.*", "cat")]
    [InlineData(@"cat: RegExpFilter, cat, root, cat, /etc/ssh/[a-z_]+", "cat")]
    [InlineData(@"cat: RegExpFilter, cat, root, cat, /etc/[a-z]+", "cat")]
    [InlineData(@"tee: RegExpFilter, tee, root, tee, /etc/ganesha/export\.d/[a-z]+\.conf", "tee")]
    public void Other_paths_under_root_trees_keep_their_rating(string line, string filter)
    {
        Assert.DoesNotContain(Mine(line, filter), f => f.Message.Contains("no other file") && f.Message.Contains("keeps to the entries"));
        Assert.True(Worst(Mine(line, filter)).Severity >= Severity.High, Worst(Mine(line, filter)).Message);
    }

    [Theory]
    [InlineData(@"cat: RegExpFilter, cat, root, cat, /proc/\d+/root/etc/[a-z]+")]
    [InlineData(@"cat: RegExpFilter, cat, root, cat, /proc/[0-9]+/fd/[0-9]+")]
    [InlineData(@"cat: RegExpFilter, cat, root, cat, /var/lib/nova/[0-9]+")]
    public void A_number_that_still_reaches_files_keeps_its_rating(string line)
    {
        Assert.DoesNotContain(Mine(line, "cat"), f => f.Message.Contains("only a number"));
    }

    [Fact]
    public void A_finding_names_no_option_the_filter_does_not_admit()
    {
        // `(?!--).*` can be `-x`, never `--config`.
        var narrow = Mine(@"lv: RegExpFilter, lvcreate, root, lvcreate, -n, (?!--).*, cinder-volumes", "lv");
        Assert.DoesNotContain(narrow, f => f.Message.Contains("--config"));
        Assert.All(narrow, f => Assert.True(f.Severity < Severity.Critical, f.Message));
        var open = Worst(Mine(@"lv: RegExpFilter, lvcreate, root, lvcreate, -n, .*, cinder-volumes", "lv"));
        Assert.Equal(Severity.Critical, open.Severity);
        Assert.Contains("--config", open.Message);
        // The logging route needs --log-config-append, which none of these options is.
        var opts = Mine(@"ksc: RegExpFilter, neutron-keepalived-state-change, root, neutron-keepalived-state-change, (?:--router_id=[0-9a-f-]+|--monitor_cidr=[0-9./]+)", "ksc");
        Assert.DoesNotContain(opts, f => f.Message.Contains("--log-config-append"));
        Assert.All(opts, f => Assert.True(f.Severity <= Severity.Low, f.Message));
    }

    // ---- rootwrap-native's sections ----

    [Fact]
    public void A_shape_that_still_reaches_the_hosts_volumes_is_still_root()
    {
        using var fx = new AuditFixture();
        fx.Filters("dd: CommandFilter, dd, root\n[Arguments]\ndd.zero: if=/dev/zero, of=/dev/mapper/[a-z0-9-]+, count=\\d+, bs=1M\n[Capabilities]\ndd.zero:");
        var f = Assert.Single(fx.Audit(), x => x.Filter == "dd" && x.Severity == Severity.Critical);
        Assert.Contains("of=/dev/mapper/", f.Message);
        Assert.Contains("through [Arguments] dd.zero", f.Message);
        Assert.DoesNotContain("sudoers", f.Message);
    }

    [Fact]
    public void A_filter_that_runs_as_the_service_account_is_no_root_route()
    {
        // haproxy -f FILE of the caller's: root through the reference; as neutron ([RunAs]),
        // what the configuration runs runs as neutron.
        using var fx = new AuditFixture();
        const string f = "haproxy: CommandFilter, haproxy, root\n[Capabilities]\nhaproxy: CAP_NET_BIND_SERVICE\n";
        fx.Filters(f);
        var asRoot = Assert.Single(fx.Audit(), x => x.Filter == "haproxy");
        Assert.True(asRoot.Severity >= Severity.High, asRoot.Message);
        fx.Filters(f + "[RunAs]\nhaproxy: nobody\n");
        var asUser = Assert.Single(fx.Audit(), x => x.Filter == "haproxy");
        Assert.Equal(Severity.Medium, asUser.Severity);
        Assert.Contains("runs as nobody with only CAP_NET_BIND_SERVICE, [RunAs]", asUser.Message);
    }

    [Fact]
    public void A_shape_of_a_filter_whose_name_holds_a_dot_narrows_that_filter()
    {
        // As the helper reads it (ArgumentShape.ResolvedAgainst): umount.quobyte.std is a shape
        // of umount.quobyte, not of umount, so it is no "unknown filter" the helper refuses.
        using var fx = new AuditFixture();
        fx.Filters("umount.quobyte: CommandFilter, umount.quobyte, root\n[Arguments]\numount.quobyte.std: /var/lib/cinder/mnt/[0-9a-f]+\n[Capabilities]\numount.quobyte:");
        var all = fx.Audit();
        Assert.DoesNotContain(all, x => x.Message.Contains("which is no filter of this configuration"));
        fx.Filters("umount: CommandFilter, umount, root\n[Arguments]\numount.quobyte.std: /var/lib/cinder/mnt/[0-9a-f]+\n[Capabilities]\numount:");
        Assert.DoesNotContain(fx.Audit(), x => x.Message.Contains("which is no filter of this configuration"));
        fx.Filters("mount: CommandFilter, mount, root\n[Arguments]\nnope.std: x\n[Capabilities]\nmount:");
        Assert.Contains(fx.Audit(), x => x.Message.Contains("[Arguments] narrows 'nope', which is no filter of this configuration"));
    }

    [Fact]
    public void A_shape_that_keeps_to_the_services_own_volumes_is_not_root()
    {
        using var fx = new AuditFixture();
        fx.Filters("dd: CommandFilter, dd, root\n[Arguments]\ndd.zero: if=/dev/zero, of=/dev/mapper/cinder--volumes-volume--[0-9a-f-]+, count=\\d+, bs=1M");
        var f = Assert.Single(fx.Audit(), x => x.Filter == "dd" && x.Rule == "regexp-free-argument");
        Assert.Equal(Severity.Medium, f.Severity);
        Assert.Contains("keeps to the devices named /dev/mapper/cinder--volumes-volume--*", f.Message);
    }

    [Fact]
    public void The_knowledge_bases_own_fix_for_dd_is_not_root()
    {
        var fix = CommandKnowledge.Lookup("dd")!.Fix;
        var line = fix[(fix.IndexOf('`') + 1)..fix.IndexOf('`', fix.IndexOf('`') + 1)];
        using var fx = new AuditFixture();
        fx.Filters(line);
        Assert.All(fx.Audit().Where(x => x.Filter == "dd"), x => Assert.True(x.Severity <= Severity.Medium, x.Message));
    }

    [Fact]
    public void A_shape_is_read_as_rootwrap_native_matches_it()
    {
        // Whole match (H1) and bounded matching: no open alternative, no backtracking finding.
        using var fx = new AuditFixture();
        fx.Filters("dib: CommandFilter, dibbler-client, root\n[Arguments]\ndib: start|stop, -w, /var/lib/neutron/pd/[0-9a-f-]+\n[Capabilities]\ndib:");
        var mine = fx.Audit().Where(x => x.Filter == "dib").ToList();
        Assert.DoesNotContain(mine, x => x.Rule is "regexp-top-level-alternation" or "regexp-backtracking" or "regexp-trailing-newline");
        Assert.DoesNotContain(mine, x => x.Message.Contains("start|stop` admits any path"));
    }

    [Fact]
    public void Chaining_by_basename_is_the_references_and_H8_closes_it_for_a_native_policy()
    {
        const string filters = "ns: IpNetnsExecFilter, ip, root\ndnsmasq: CommandFilter, dnsmasq, root\ndd: CommandFilter, dd, root";
        // As oslo.rootwrap runs plain filter files: still root, and the message says H8 refuses it.
        var plain = Assert.Single(Mine(filters, "ns"), f => f.Rule == "chaining-basename");
        Assert.Equal(Severity.Critical, plain.Severity);
        Assert.Contains("H8", plain.Message);
        // A rootwrap-native policy: no chaining by basename; without [Chains], every leaf.
        var native = Mine(filters + "\n[Capabilities]\nns: CAP_NET_ADMIN, CAP_SYS_ADMIN\ndnsmasq: CAP_NET_ADMIN", "ns");
        Assert.DoesNotContain(native, f => f.Rule == "chaining-basename");
        var any = Assert.Single(native, f => f.Rule == "chaining-any-leaf");
        Assert.Contains("dd", any.Message);
        // With [Chains], only the listed leaves: nothing left to say about the chain itself.
        var listed = Mine(filters + "\n[Chains]\nns: dnsmasq\n[Capabilities]\nns: CAP_NET_ADMIN", "ns");
        Assert.DoesNotContain(listed, f => f.Rule is "chaining-basename" or "chaining-any-leaf");
        Assert.All(listed, f => Assert.True(f.Severity <= Severity.Low, f.Message));
        // A capability profile named by rootwrap.conf makes it a native policy too.
        using var fx = new AuditFixture();
        fx.Filters(filters);
        var profile = Path.Combine(fx.Root, "p.profile");
        File.WriteAllText(profile, "[Chains]\nns: dnsmasq\n");
        var viaConf = fx.Audit(fx.Conf($"capability_profiles={profile}")).Where(f => f.Filter == "ns").ToList();
        Assert.DoesNotContain(viaConf, f => f.Rule is "chaining-basename" or "chaining-any-leaf");
    }

    [Theory]
    [InlineData("ns: IpNetnsExecFilter, ip, root\ndnsmasq: CommandFilter, dnsmasq, root\n[Chains]\nns: dnsmasq, haproxy", "lists 'haproxy'")]
    [InlineData("ns: IpNetnsExecFilter, ip, root\ndnsmasq: CommandFilter, dnsmasq, root\n[Chains]\ndnsmasq: ns", "no chaining filter")]
    public void A_chains_entry_the_helper_refuses_is_reported(string filters, string why)
    {
        using var fx = new AuditFixture();
        fx.Filters(filters);
        var f = Assert.Single(fx.Audit(), x => x.Rule == "capability-declaration-invalid");
        Assert.Equal(Severity.Medium, f.Severity);
        Assert.Contains(why, f.Message);
        Assert.Contains("exit 97", f.Message);
    }

    [Fact]
    public void A_chains_own_shape_is_its_prefix_not_a_program()
    {
        using var fx = new AuditFixture();
        fx.Filters("ns: IpNetnsExecFilter, ip, root\ndnsmasq: CommandFilter, dnsmasq, root\n[Chains]\nns: dnsmasq\n[Arguments]\nns: netns, exec, (qrouter|qdhcp)-[0-9a-f-]+");
        var mine = fx.Audit().Where(x => x.Filter == "ns").ToList();
        Assert.DoesNotContain(mine, x => x.Message.Contains("runs any program"));
        Assert.All(mine, f => Assert.True(f.Severity <= Severity.Low, f.Message));
    }
}

public class AuditDocsTests
{
    [Fact]
    public void Every_rule_is_in_docs_audit_md()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Rootwrap.sln"))) dir = dir.Parent;
        var doc = File.ReadAllText(Path.Combine(dir!.FullName, "docs", "audit.md"));
        Assert.Empty(Rules.All.Where(r => !doc.Contains($"| `{r.Id}` |")).Select(r => r.Id));
    }

    [Fact]
    public void Every_filter_line_the_knowledge_base_suggests_loads_as_the_reference_splits_it()
    {
        // oslo.rootwrap splits a filter line on every comma (no escape), so a suggested
        // pattern must spell a comma as \x2c; each field must then be a pattern that compiles.
        int lines = 0;
        foreach (var (command, line, fields) in SuggestedFilters.Lines())
        {
            lines++;
            Assert.NotNull(Rootwrap.Filters.FilterFactory.Build(fields, "knowledge", 1));
            if (fields[0] != "RegExpFilter") continue;
            foreach (var pattern in fields.Skip(3))
                Assert.False(new Rootwrap.Filters.PyRegex(pattern).IsInvalid, $"{command}: '{pattern}' in {line}");
        }
        Assert.True(lines > 20, $"{lines} suggested filter lines");
    }

    [Fact]
    public void Knowledge_base_entries_are_complete()
    {
        var all = CommandKnowledge.All.ToList();
        Assert.True(all.Count > 200, $"{all.Count} commands");
        foreach (var c in all)
        {
            Assert.False(string.IsNullOrWhiteSpace(c.How), c.Name);
            Assert.False(string.IsNullOrWhiteSpace(c.Fix), c.Name);
            if (c.Caps is not null) Assert.True(c.Capabilities.HasValue, $"{c.Name}: bad capability list '{c.Caps}'");
        }
    }
}
