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
