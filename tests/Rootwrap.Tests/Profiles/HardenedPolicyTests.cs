using System.Text.Json;
using Rootwrap.Config;
using Rootwrap.Ini;
using Rootwrap.Matching;
using Xunit;
using Xunit.Abstractions;
using Rootwrap.Tests.Filters;

namespace Rootwrap.Tests.Profiles;

/// <summary>
/// The hardened policies (profiles/hardened/*.profile) judged by the helper's own decision,
/// on the real filter files: every command line the service's upstream code builds
/// (tests/isolation/legit) is admitted, and every exploit's (tests/isolation/exploits) is
/// refused before anything runs, or, where the exploit says so, admitted only to a confined
/// run. The kernel side, through sudo, is tests/suites.d/75-isolation.sh.
/// trusted: items are not judged here (no root, no trust policy): the suites do that.
/// </summary>
public class HardenedPolicyTests(ITestOutputHelper output)
{
    private static string Repo => RepoFiles.Repo;
    private static string Corpus => RepoFiles.Corpus;

    private static (RootwrapConfig, FilterSet) Load(string service, bool hardened = true)
    {
        var conf = $"[DEFAULT]\nfilters_path={Corpus}/{service}/rootwrap.d\nexec_dirs=/sbin,/usr/sbin,/bin,/usr/bin\n" +
            (hardened
                ? $"capability_profiles={Repo}/profiles/{service}.profile,{Repo}/profiles/hardened/{service}.profile\nundeclared_capabilities=deny\n"
                : $"capability_profiles={Repo}/profiles/{service}.profile\n");
        var config = RootwrapConfig.FromIni(IniDocument.Parse($"{service}-rootwrap.conf", conf, strict: true), null);
        return (config, FilterLoader.Load(config, TrustAnything.Instance));
    }

    /// <summary>The helper's decision under one service's hardened policy, read once.</summary>
    private static Func<IReadOnlyList<string>, Decision> Decider(string service, bool hardened = true)
    {
        var (config, set) = Load(service, hardened);
        var users = new FakeUsers(new UserSpec("neutron", 104, 106, [106]));
        return argv => Decision.Make(config, set, argv, FakeMachine.Permissive(), users);
    }

    public static IEnumerable<object[]> Services() =>
        Directory.EnumerateFiles(Path.Combine(Repo, "profiles", "hardened"), "*.profile").Select(p => new object[] { Path.GetFileNameWithoutExtension(p) });

    [RequiresTheory(Need.Corpus)]
    [MemberData(nameof(Services))]
    public void Every_command_line_of_the_upstream_code_is_admitted(string service)
    {
        var decide = Decider(service);
        Func<IReadOnlyList<string>, Decision>? plain = null;
        var legit = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repo, "tests", "isolation", "legit", service + ".json"))).RootElement;
        int n = 0, dead = 0, byFilters = 0;
        var refused = new List<string>();
        foreach (var e in legit.EnumerateArray())
        {
            // A filter no code uses (ironic's mount) is listed with no command line.
            if (e.GetProperty("argv").ValueKind != JsonValueKind.Array) { dead++; continue; }
            // The agent's euid/egid (run_legit.py fills in the neutron account's): any number here.
            var argv = e.GetProperty("argv").EnumerateArray().Select(a => a.GetString()!
                .Replace("$NEUTRON_UID", "104").Replace("$NEUTRON_GID", "106")).ToList();
            // A line the filters themselves refuse, as the reference does (cinder's cgexec
            // before ionice): no policy can admit it; it must stay refused without one.
            if (e.TryGetProperty("reference_refuses", out _))
            {
                plain ??= Decider(service, hardened: false);
                if (plain(argv) is Decision.Run)
                    refused.Add($"{e.GetProperty("filter").GetString()}: {string.Join(' ', argv)}: marked reference_refuses, but the filters admit it");
                byFilters++;
                continue;
            }
            n++;
            if (decide(argv) is Decision.Unauthorized u)
                refused.Add($"{e.GetProperty("filter").GetString()} ({e.GetProperty("source").GetString()}): {string.Join(' ', argv)}: {u.Reason}");
        }
        output.WriteLine($"{service}: {n - refused.Count} of {n} upstream command lines admitted ({dead} filters no code uses" +
            (byFilters > 0 ? $"; {byFilters} refused by the filters themselves, as by the reference)" : ")"));
        Assert.True(n + dead > 0, $"tests/isolation/legit/{service}.json lists nothing");
        Assert.True(refused.Count == 0, string.Join("\n", refused));
    }

    [RequiresTheory(Need.Corpus)]
    [MemberData(nameof(Services))]
    public void Every_exploit_is_refused_before_it_runs(string service)
    {
        var decide = Decider(service);
        var exploits = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repo, "tests", "isolation", "exploits", service + ".json"))).RootElement;
        int n = 0, confined = 0, asUser = 0;
        var admitted = new List<string>();
        foreach (var e in exploits.EnumerateArray())
        {
            var argv = e.GetProperty("argv").EnumerateArray().Select(a => a.GetString()!
                .Replace("$WORK", "/tmp/rwn-work").Replace("$CANARY", "/tmp/rwn-canary").Replace("$TAG", "0123abcd")
                .Replace("$PORT", "40000").Replace("$SVC_USER", "rwsvc").Replace("$OUT", "/tmp/rwn-out")).ToList();
            n++;
            var d = decide(argv);
            // "stopped_by": "paths": a command line the service builds, which the kernel stops in
            // the [Paths] view (a symlink the caller planted in its own folder): it must run confined.
            if (e.TryGetProperty("stopped_by", out var by) && by.GetString() == "paths")
            {
                confined++;
                if (d is not Decision.Run { Plan.ReadWritePaths: not null })
                    admitted.Add($"{e.GetProperty("id").GetString()}: {string.Join(' ', argv)}: marked stopped_by paths, but the decision is {d}");
                continue;
            }
            // "stopped_by": "user": a command line the service builds, run as the service's
            // account ([RunAs]): the kernel refuses the root file it writes through the symlink.
            if (by.ValueKind == JsonValueKind.String && by.GetString() == "user")
            {
                asUser++;
                if (d is not Decision.Run { Plan.User.Uid: > 0 })
                    admitted.Add($"{e.GetProperty("id").GetString()}: {string.Join(' ', argv)}: marked stopped_by user, but the decision is {d}");
                continue;
            }
            if (d is Decision.Run r)
                admitted.Add($"{e.GetProperty("id").GetString()}: {string.Join(' ', argv)} -> {r.Plan}");
        }
        output.WriteLine($"{service}: {n - confined - asUser - admitted.Count} of {n - confined - asUser} exploits refused by the decision" +
            (confined > 0 ? $"; {confined} run confined, for the kernel to stop" : "") +
            (asUser > 0 ? $"; {asUser} run as the service's account, for the kernel to stop" : ""));
        Assert.True(admitted.Count == 0, string.Join("\n", admitted));
    }
}
