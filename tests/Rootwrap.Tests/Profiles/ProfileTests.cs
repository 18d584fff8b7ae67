using Rootwrap.Capabilities;
using Rootwrap.Config;
using Rootwrap.Ini;
using Xunit;

namespace Rootwrap.Tests.Profiles;

/// <summary>
/// The shipped profiles (profiles/*.profile) against the real filter files of the Debian
/// packages they are written for (tests/corpus/fetch.sh caches them).
/// </summary>
public class ProfileTests
{
    private static string Repo => RepoFiles.Repo;
    private static string Corpus => RepoFiles.Corpus;

    /// <summary>The services profiles/ ships a profile for.</summary>
    public static TheoryData<string> Services => new() { "neutron", "cinder", "nova", "manila", "ironic", "designate" };

    private static string Profile(string service) => Path.Combine(Repo, "profiles", service + ".profile");

    private static FilterSet Load(string service, string defaults = "")
    {
        var conf = $"[DEFAULT]\nfilters_path={Corpus}/{service}/rootwrap.d\nexec_dirs=/usr/sbin,/usr/bin\n" +
            $"capability_profiles={Profile(service)}\n{defaults}";
        var config = RootwrapConfig.FromIni(IniDocument.Parse($"{service}-rootwrap.conf", conf, strict: true), null);
        return FilterLoader.Load(config, TrustAnything.Instance);
    }

    [RequiresTheory(Need.Corpus)]
    [MemberData(nameof(Services))]
    public void Profile_loads_against_the_real_filter_files(string service)
    {
        var set = Load(service);
        Assert.NotEmpty(set.Filters);
        Assert.All(set.Capabilities.Values, d => Assert.Equal(Profile(service), d.File));
    }

    [RequiresTheory(Need.Corpus)]
    [MemberData(nameof(Services))]
    public void Profile_declares_every_filter_including_the_implicit_privsep_helper(string service)
    {
        var set = Load(service);
        var undeclared = set.Filters.Select(f => f.Name).Where(n => !set.Capabilities.ContainsKey(n)).ToList();
        Assert.True(undeclared.Count == 0, "undeclared: " + string.Join(", ", undeclared));
    }

    [RequiresTheory(Need.Corpus)]
    [MemberData(nameof(Services))]
    public void Profile_works_with_undeclared_deny_and_its_own_union_as_the_bound(string service)
    {
        var union = Load(service).Capabilities.Values.Aggregate(CapabilitySet.Empty, (a, d) => a.Union(d.Capabilities));
        var set = Load(service, $"undeclared_capabilities = deny\ncapability_bound = {union}\n");
        Assert.Equal(union, set.Capabilities.Values.Aggregate(CapabilitySet.Empty, (a, d) => a.Union(d.Capabilities)));
        // Nothing that lets a command hand itself more (SETPCAP, SETFCAP), reboot, or reconfigure audit and MAC.
        foreach (var cap in new[] { 8, 31, 22, 29, 30, 32, 33 })
            Assert.False(union.Contains(cap), $"{service}.profile grants {CapabilitySet.Names[cap]}");
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void Every_declaration_has_its_one_line_why_right_above_it(string service)
    {
        var lines = File.ReadAllLines(Profile(service));
        int start = Array.IndexOf(lines, "[Capabilities]");
        Assert.True(start >= 0);
        for (int i = start + 1; i < lines.Length; i++)
        {
            if (lines[i].StartsWith('#') || lines[i].Length == 0 || lines[i].StartsWith('[')) continue;
            // The why of a section's first entry may stand above the section's header.
            int above = lines[i - 1].StartsWith('[') ? i - 2 : i - 1;
            Assert.True(lines[above].StartsWith("# "), $"{service}.profile:{i + 1}: '{lines[i]}' has no comment line above it");
            Assert.True(lines[above].Length > 20, $"{service}.profile:{above + 1}: '{lines[above]}' does not say why");
        }
    }
}
