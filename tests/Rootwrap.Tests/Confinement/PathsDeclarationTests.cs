using Rootwrap.Capabilities;
using Rootwrap.Config;
using Rootwrap.Filters;
using Rootwrap.Matching;
using Xunit;

namespace Rootwrap.Tests.Confinement;

/// <summary>SPEC 4b, the pure half: what [Paths] accepts, and what a confined plan keeps.</summary>
public sealed class PathsDeclarationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rwn-paths-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private FilterSet Load(string filters, string extra = "")
    {
        Directory.CreateDirectory(Path.Combine(_dir, "f"));
        File.WriteAllText(Path.Combine(_dir, "f", "t.filters"), filters);
        var conf = Path.Combine(_dir, "rootwrap.conf");
        File.WriteAllText(conf, $"[DEFAULT]\nfilters_path={_dir}/f\nexec_dirs=/bin,/usr/bin\n{extra}");
        return FilterLoader.Load(RootwrapConfig.Load(conf, "/bin:/usr/bin"), TrustAnything.Instance);
    }

    private RootwrapConfig Config(string extra = "")
    {
        var conf = Path.Combine(_dir, "rootwrap.conf");
        File.WriteAllText(conf, $"[DEFAULT]\nfilters_path={_dir}/f\nexec_dirs=/bin,/usr/bin\n{extra}");
        return RootwrapConfig.Load(conf, "/bin:/usr/bin");
    }


    private ExecPlan Plan(FilterSet set, string extra, params string[] command) =>
        ((Decision.Run)Decision.Make(Config(extra), set, command, new HostSystem("/bin:/usr/bin"), new FakeUsers())).Plan;

    [Fact]
    public void Rw_and_ro_entries_are_read_normalized()
    {
        var set = Load($"[Filters]\ntee: CommandFilter, tee, root\n[Paths]\ntee: rw {_dir}/, ro {_dir}//f  # why\n");
        var d = set.Paths["tee"];
        Assert.Equal([_dir], d.ReadWrite);
        Assert.Equal([$"{_dir}/f"], d.ReadOnly!);
    }

    [Fact]
    public void An_empty_declaration_confines_with_nothing_writable()
    {
        var set = Load("[Filters]\ntee: CommandFilter, tee, root\n[Paths]\ntee:\n");
        Assert.Empty(set.Paths["tee"].ReadWrite);
        Assert.Null(set.Paths["tee"].ReadOnly);
    }

    [Theory]
    [InlineData("rw /does/not/exist", "does not exist")]
    [InlineData("rw relative/path", "not absolute")]
    [InlineData("rw /var/../etc", "'..'")]
    [InlineData("rw /", "contains /proc/sys")]
    [InlineData("rw /proc", "contains /proc/sys")]
    [InlineData("rw /sys", "contains /sys")]
    [InlineData("wr /tmp", "expected 'rw /path' or 'ro /path'")]
    [InlineData("rw", "expected")]
    public void Bad_paths_are_configuration_errors(string value, string message)
    {
        var e = Assert.Throws<ConfigException>(() => Load($"[Filters]\ntee: CommandFilter, tee, root\n[Paths]\ntee: {value}\n"));
        Assert.Contains(message, e.Message);
        Assert.Equal(4, e.Line);
    }

    [Fact]
    public void A_path_inside_proc_sys_may_be_writable()
    {
        var set = Load("[Filters]\nsysctl: CommandFilter, sysctl, root\n[Paths]\nsysctl: rw /proc/sys/net\n");
        Assert.Equal(["/proc/sys/net"], set.Paths["sysctl"].ReadWrite);
    }

    [Fact]
    public void Paths_for_an_unknown_filter_are_a_configuration_error() =>
        Assert.Throws<ConfigException>(() => Load($"[Filters]\ntee: CommandFilter, tee, root\n[Paths]\ncp: rw {_dir}\n"));

    [Fact]
    public void A_confined_filter_without_a_declaration_keeps_no_capability_that_undoes_it()
    {
        var set = Load($"[Filters]\ntee: CommandFilter, tee, root\n[Paths]\ntee: rw {_dir}\n");
        var plan = Plan(set, "", "tee", "x");
        Assert.Equal([_dir], plan.ReadWritePaths!);
        Assert.NotNull(plan.Capabilities);
        Assert.True(ConfinementRules.Voiding(plan.Capabilities!.Keep).IsEmpty);
        Assert.True(plan.Capabilities.Keep.Contains(0)); // CAP_CHOWN: a root chown still works inside
        Assert.False(plan.Capabilities.Keep.Contains(ConfinementRules.CapSysAdmin));
    }

    [Fact]
    public void A_bound_is_narrowed_too_and_none_stays_none()
    {
        var set = Load($"[Filters]\ntee: CommandFilter, tee, root\n[Paths]\ntee: rw {_dir}\n");
        var bounded = Plan(set, "capability_bound=CAP_CHOWN, CAP_SYS_ADMIN, CAP_DAC_OVERRIDE\n", "tee", "x");
        Assert.Equal(CapabilitySet.Of(0, 1), bounded.Capabilities!.Keep);
        var none = Plan(set, "undeclared_capabilities=none\n", "tee", "x");
        Assert.Equal(CapabilitySet.Empty, none.Capabilities!.Keep);
    }

    [Fact]
    public void A_declared_voiding_capability_is_kept_and_reported_as_voiding()
    {
        var set = Load($"[Filters]\nmount: CommandFilter, mount, root\n[Paths]\nmount: rw {_dir}\n[Capabilities]\nmount: CAP_SYS_ADMIN, CAP_CHOWN\n");
        var plan = Plan(set, "", "mount", "x");
        Assert.True(plan.Capabilities!.Keep.Contains(ConfinementRules.CapSysAdmin));
        Assert.Equal(CapabilitySet.Of(ConfinementRules.CapSysAdmin), ConfinementRules.Voiding(plan.Capabilities.Keep));
    }

    [Fact]
    public void A_confined_filter_stays_confined_behind_a_chain()
    {
        var set = Load($"[Filters]\nnice: ChainingRegExpFilter, nice, root, nice\ntee: CommandFilter, tee, root\n[Paths]\ntee: rw {_dir}\n");
        var plan = Plan(set, "", "nice", "tee", "/etc/passwd");
        Assert.Equal("nice", plan.FilterName);
        Assert.Equal([_dir], plan.ReadWritePaths!);
        Assert.True(ConfinementRules.Voiding(plan.Capabilities!.Keep).IsEmpty);
    }

    [Fact]
    public void A_chain_whose_filters_both_declare_paths_gets_both()
    {
        Directory.CreateDirectory($"{_dir}/a");
        var set = Load($"[Filters]\nnice: ChainingRegExpFilter, nice, root, nice\ntee: CommandFilter, tee, root\n[Paths]\ntee: rw {_dir}, ro /etc\nnice: rw {_dir}/a\n");
        var plan = Plan(set, "", "nice", "tee", "x");
        Assert.Equal([$"{_dir}/a", _dir], plan.ReadWritePaths!);
        Assert.Null(plan.ReadOnlyPaths);
    }

    [Fact]
    public void Containment_is_by_path_components()
    {
        Assert.True(ConfinementRules.IsUnder("/var/lib/nova", "/var/lib/nova"));
        Assert.True(ConfinementRules.IsUnder("/var/lib/nova/x", "/var/lib/nova"));
        Assert.False(ConfinementRules.IsUnder("/var/lib/nova2", "/var/lib/nova"));
        Assert.True(ConfinementRules.IsUnder("/etc", "/"));
    }
}

/// <summary>What the auditor says of [Paths] (SPEC 4b, SPEC 6).</summary>
public class PathsAuditTests
{
    [Fact]
    public void Ro_entries_are_no_finding_and_a_voiding_capability_is_reported()
    {
        using var fx = new Rootwrap.Tests.Audit.AuditFixture();
        fx.Filters("cat: CommandFilter, cat, root\nmount: CommandFilter, mount, root\n[Paths]\ncat: ro /etc, rw /tmp\nmount: rw /tmp\n[Capabilities]\ncat:\nmount: CAP_SYS_ADMIN, CAP_CHOWN");
        var findings = fx.Audit();
        Assert.DoesNotContain(findings, f => f.Rule == "capability-declaration-invalid");
        var v = Assert.Single(findings, f => f.Rule == "paths-confinement-void");
        Assert.Equal("mount", v.Filter);
        Assert.Contains("CAP_SYS_ADMIN", v.Message);
        Assert.DoesNotContain("CAP_CHOWN", v.Message);
    }
}
