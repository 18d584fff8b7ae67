using System.Text.Json;
using NJsonSchema;
using Rootwrap.Audit;
using Rootwrap.Config;
using Xunit;

namespace Rootwrap.Tests.Audit;

/// <summary>The JSON and SARIF reports against their schemas; the suggested profile against the helper's loader; the real corpus.</summary>
public class AuditOutputTests
{
    private static string RepoRoot() => RepoFiles.Repo;

    /// <summary>The corpus of Debian's filter files (its tests need <see cref="Need.Corpus"/>).</summary>
    private static string Corpus() => RepoFiles.Corpus;

    /// <summary>A fixture that makes most rules fire at once.</summary>
    private static AuditFixture Everything()
    {
        var fx = new AuditFixture();
        fx.Filters("""
            [DEFAULT]
            d: CommandFilter, id, root
            [Filters]
            dd: CommandFilter, dd, root
            chmod: CommandFilter, chmod, root, 0644
            tee: RegExpFilter, tee, root, tee, .*
            shcat: RegExpFilter, sh, root, sh, -c, echo '((.|\n)*)' > /.*
            sc: RegExpFilter, systemctl, root, systemctl, start|stop, x
            find: RegExpFilter, find, root, find, ^[/]*([^/\0]+(/+)?)*$, -maxdepth, \d+
            bad: RegExpFilter, ls, root, ls, (x
            chown: PathFilter, chown, root, nova, /var/lib/nova/instances
            e: EnvFilter, env, root, LD_PRELOAD=, LVM_SYSTEM_DIR=, lvcreate
            k: KillFilter, root, python3
            ip: IpFilter, ip, root
            ns: IpNetnsExecFilter, ip, root
            typo: RegexpFilter, ls, root, ls
            few: CommandFilter, ls
            dup: CommandFilter, id, root
            dup: CommandFilter, true, root
            garbage line
            [Capabilities]
            dd: CAP_SYS_ADMIN
            """);
        return fx;
    }

    private static async Task<ICollection<NJsonSchema.Validation.ValidationError>> Validate(string schemaFile, string json)
    {
        var schema = await JsonSchema.FromFileAsync(Path.Combine(RepoRoot(), "docs", schemaFile));
        return schema.Validate(json);
    }

    [Fact]
    public async Task Json_report_is_valid_against_docs_audit_schema()
    {
        using var fx = Everything();
        var (result, _) = AuditRun.Run([fx.FiltersDir]);
        var json = Reports.Json(result);
        var errors = await Validate("audit.schema.json", json);
        Assert.Empty(errors.Select(e => e.ToString()));

        using var doc = JsonDocument.Parse(json);
        var summary = doc.RootElement.GetProperty("summary");
        Assert.Equal(result.Findings.Count, new[] { "critical", "high", "medium", "low", "info" }.Sum(s => summary.GetProperty(s).GetInt32()));
        Assert.Equal(1, summary.GetProperty("files").GetInt32());
        Assert.True(summary.GetProperty("critical").GetInt32() >= 5);
    }

    [Fact]
    public async Task Json_schema_rejects_what_the_spec_does_not_allow()
    {
        const string bad = """{"findings":[{"file":"x","line":-1,"filter":"a","class":"C","severity":"severe","rule":"r","message":"m","fix":"f"}],"summary":{"files":1,"filters":1,"critical":0,"high":0,"medium":0,"low":0,"info":0}}""";
        var errors = await Validate("audit.schema.json", bad);
        var text = string.Join("; ", errors.Select(e => e.ToString()));
        Assert.Contains("NumberTooSmall", text);
        Assert.Contains("NotInEnumeration", text);
    }

    [Fact]
    public async Task Sarif_report_is_valid_against_the_SARIF_2_1_0_schema()
    {
        using var fx = Everything();
        var (result, _) = AuditRun.Run([fx.FiltersDir]);
        var sarif = Reports.Sarif(result, fx.Root);
        var errors = await Validate("sarif-schema-2.1.0.json", sarif);
        Assert.Empty(errors.Select(e => e.ToString()));

        using var doc = JsonDocument.Parse(sarif);
        var run = doc.RootElement.GetProperty("runs")[0];
        var rules = run.GetProperty("tool").GetProperty("driver").GetProperty("rules");
        var results = run.GetProperty("results");
        Assert.Equal(result.Findings.Count, results.GetArrayLength());
        foreach (var r in results.EnumerateArray())
        {
            var i = r.GetProperty("ruleIndex").GetInt32();
            Assert.Equal(rules[i].GetProperty("id").GetString(), r.GetProperty("ruleId").GetString());
            var uri = r.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString()!;
            Assert.StartsWith("rootwrap.d", uri); // relative to the base folder, as code scanning wants
        }
        Assert.Contains(results.EnumerateArray(), r => r.GetProperty("level").GetString() == "error");
    }

    [RequiresFact(Need.Corpus)]
    public async Task Corpus_reports_are_valid_too()
    {
        var corpus = Corpus();
        var (result, _) = AuditRun.Run(Directory.GetDirectories(corpus).Select(d => Path.Combine(d, "rootwrap.d")).Where(Directory.Exists));
        Assert.Empty((await Validate("audit.schema.json", Reports.Json(result))).Select(e => e.ToString()));
        Assert.Empty((await Validate("sarif-schema-2.1.0.json", Reports.Sarif(result, corpus))).Select(e => e.ToString()));
    }

    [Fact]
    public void Text_report_has_colour_only_when_asked()
    {
        using var fx = Everything();
        var (result, _) = AuditRun.Run([fx.FiltersDir]);
        var plain = Reports.Text(result, colour: false);
        Assert.DoesNotContain("\x1b[", plain);
        Assert.Contains("\x1b[1;31mcritical", Reports.Text(result, colour: true));
        Assert.Matches(@"\n1 file, \d+ filters: \d+ critical, \d+ high, \d+ medium, \d+ low, \d+ info\n$", plain);
    }

    /// <summary>The suggested profile loads where the helper loads profiles: no unknown capability, no unknown filter.</summary>
    private static void AssertProfileLoads(string filtersDir, string profileDir)
    {
        var target = AuditTarget.Load(filtersDir);
        var text = CapabilityProfile.Render(target, CapabilityProfile.Suggest(target));
        var profile = Path.Combine(profileDir, "suggested-" + Path.GetFileName(Path.GetDirectoryName(filtersDir)) + ".conf");
        File.WriteAllText(profile, text);
        var config = new RootwrapConfig
        {
            File = "rootwrap.conf", FiltersPath = [filtersDir], ExecDirs = [], CapabilityProfiles = [profile],
        };
        var set = FilterLoader.Load(config, TrustAnything.Instance);
        // Every line is a comment, the header, or a declaration the loader kept; each declaration has a "# why" above it.
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].StartsWith('#') || lines[i] == "[Capabilities]") continue;
            var name = lines[i][..lines[i].IndexOf(':')];
            Assert.True(set.Capabilities.ContainsKey(name), name);
            Assert.StartsWith("# ", lines[i - 1]);
        }
    }

    [Fact]
    public void Suggested_profile_loads_as_a_capability_profile()
    {
        using var fx = new AuditFixture();
        fx.Filters("""
            dd: CommandFilter, dd, root
            ip: IpFilter, ip, root
            ns: IpNetnsExecFilter, ip, root
            k: KillFilter, root, /usr/sbin/dnsmasq, -9
            r: ReadFileFilter, /etc/iscsi/initiatorname.iscsi
            sleep: RegExpFilter, sleep, root, sleep, \d+
            frob: CommandFilter, frobnicate, root
            cat: CommandFilter, cat, nova
            """);
        AssertProfileLoads(fx.FiltersDir, fx.Root);
        var target = AuditTarget.Load(fx.FiltersDir);
        var s = CapabilityProfile.Suggest(target).ToDictionary(x => x.Filter);
        Assert.Equal("CAP_DAC_OVERRIDE", s["dd"].Capabilities.ToString());
        Assert.Equal("CAP_KILL", s["k"].Capabilities.ToString());
        Assert.True(s["sleep"].Capabilities!.Value.IsEmpty);
        Assert.Null(s["frob"].Capabilities);
        Assert.True(s["cat"].Capabilities!.Value.IsEmpty);
        // A chain keeps its own set; the chained command adds its own filter's (SPEC section 4).
        Assert.Equal("CAP_SYS_ADMIN", s["ns"].Capabilities.ToString());
    }

    [RequiresFact(Need.Corpus)]
    public void Suggested_profiles_of_every_corpus_service_load()
    {
        var corpus = Corpus();
        var tmp = Directory.CreateTempSubdirectory("rwaudit-profiles-");
        try
        {
            foreach (var d in Directory.GetDirectories(corpus).Select(d => Path.Combine(d, "rootwrap.d")).Where(Directory.Exists))
                AssertProfileLoads(d, tmp.FullName);
        }
        finally { tmp.Delete(recursive: true); }
    }

    [RequiresFact(Need.Corpus)]
    public void Corpus_findings_are_the_known_holes()
    {
        var corpus = Corpus();
        List<Finding> Of(string svc) => AuditRun.Run([Path.Combine(corpus, svc, "rootwrap.d")]).Result.Findings.ToList();
        var cinder = Of("cinder");
        Assert.Contains(cinder, f => f.Filter == "dd" && f.Severity == Severity.Critical);
        Assert.Contains(cinder, f => f.Filter == "lvcreate_lvmconf" && f.Rule == "env-dangerous-variable" && f.Severity == Severity.Critical);
        Assert.Contains(cinder, f => f.Filter == "ionice_1" && f.Rule == "chaining-basename");
        Assert.Contains(cinder, f => f.Filter == "privsep-rootwrap" && f.Rule == "privsep-config-file");
        Assert.Contains(cinder, f => f.Filter == "netapp_nfs_find" && f.Rule == "regexp-backtracking");
        var neutron = Of("neutron");
        Assert.Contains(neutron, f => f.Filter == "ip_exec" && f.Rule == "chaining-basename");
        Assert.Contains(neutron, f => f.Filter == "haproxy" && f.Severity == Severity.Critical);
        Assert.Contains(neutron, f => f.Filter == "dnsmasq" && f.Severity == Severity.Critical);
        Assert.DoesNotContain(neutron, f => f.Filter == "sleep" && f.Severity > Severity.Low);
        var manila = Of("manila");
        Assert.Contains(manila, f => f.Filter == "shcat" && f.Rule == "shell-injection");
        Assert.Contains(manila, f => f.Filter == "rmconf" && f.Rule == "shell-injection");
        var total = Directory.GetDirectories(corpus).Select(d => Path.Combine(d, "rootwrap.d")).Where(Directory.Exists)
            .Sum(d => AuditRun.Run([d]).Result.Filters);
        Assert.Equal(165, total); // every filter line of the seven services' files
    }
}
