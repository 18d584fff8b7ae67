using Xunit;
using Xunit.Abstractions;

namespace Rootwrap.Tests.Differential;

/// <summary>
/// oslo.rootwrap's own unit tests (<c>oslo_rootwrap/tests/test_rootwrap.py</c>), each
/// assertion turned into a call of both helpers. Absolute paths of the originals
/// (<c>/bin/ls</c>, <c>/bin/cat</c>, ...) become stubs under the sandbox's <c>abs/</c> folder.
/// </summary>
[Collection("Differential")]
public sealed class ReferenceUnitTestCases(Sandbox sb, DiffSummary summary, ITestOutputHelper output)
{
    private string Abs(string path, bool create = true)
    {
        var p = sb.Root + "/abs" + path;
        return create ? sb.AddStub(p) : p;
    }

    public static IEnumerable<DiffCase> Build(Sandbox sb, Func<string, bool, string> abs)
    {
        var cases = new List<DiffCase>();
        void Add(string name, string conf, params string[] cmd) => cases.Add(DiffCase.Of(name, conf, cmd));

        // RootwrapTestCase.setUp's five filters, in order.
        var ls = abs("/bin/ls", true);
        var cat = abs("/bin/cat", true);
        var fooMissing = abs("/usr/bin/foo_bar_not_exist", false);
        var setup = sb.Scenario($"""
            [Filters]
            ls: RegExpFilter, {ls}, root, ls, /[a-z]+
            foo: CommandFilter, {fooMissing}, root
            cat1: RegExpFilter, {cat}, root, cat, /[a-z]+
            cat_missing: CommandFilter, /nonexistent/cat, root
            cat_last: CommandFilter, {cat}, root
            """);
        Add("test_RegExpFilter_match", setup, "ls", "/root");
        Add("test_RegExpFilter_reject", setup, "ls", "root");
        Add("test_missing_command (96)", setup, "foo_bar_not_exist");
        Add("test_missing_command (99)", setup, "foo_bar_not_exist_and_not_matched");
        Add("test_skips", setup, "cat", "/");
        Add("test_returncode", setup, "cat", "a", "b", "c");

        sb.AddStub("sleep");
        sb.AddStub("sleep2");
        var sleep = sb.Scenario("[Filters]\nsleep: CommandFilter, sleep, root, 10\n");
        Add("test_CommandFilter sleep2", sleep, "sleep2");
        Add("test_CommandFilter sleep", sleep, "sleep");
        Add("test_CommandFilter sleep anything", sleep, "sleep", "anything");
        Add("test_CommandFilter sleep 10", sleep, "sleep", "10");
        Add("test_empty_commandfilter", sleep);

        var emptyRe = sb.Scenario("[Filters]\nsleep: RegExpFilter, sleep, root, sleep\n");
        Add("test_empty_regexpfilter []", emptyRe);
        Add("test_empty_regexpfilter sleep", emptyRe, "sleep");
        var invalidRe = sb.Scenario("[Filters]\nsleep: RegExpFilter, sleep, root\n");
        Add("test_empty_invalid_regexpfilter", invalidRe, "anything");
        Add("test_empty_invalid_regexpfilter sleep", invalidRe, "sleep");

        var dnsmasq = abs("/usr/bin/dnsmasq", true);
        foreach (var var in new[] { "CONFIG_FILE", "DNSMASQ_CONFIG_FILE" })
        {
            var conf = sb.Scenario($"[Filters]\ndnsmasq: EnvFilter, env, root, {var}=A, NETWORK_ID=, {dnsmasq}\n");
            Add($"_test_EnvFilter_as_DnsMasq {var}", conf, "env", var + "=A", "NETWORK_ID=foobar", "dnsmasq", "foo");
        }

        var env = sb.Scenario("[Filters]\nsleep_env: EnvFilter, env, root, A=, B=ignored, sleep\n");
        string[] envset = ["A=/some/thing", "B=somethingelse"];
        Add("test_EnvFilter with env", env, ["env", .. envset, "sleep"]);
        Add("test_EnvFilter without env", env, [.. envset, "sleep"]);
        Add("test_EnvFilter other command", env, ["env", .. envset, "sleep2"]);
        Add("test_EnvFilter other command without env", env, [.. envset, "sleep2"]);
        Add("test_EnvFilter trailing arguments", env, ["env", .. envset, "sleep", "10"]);
        Add("test_EnvFilter C=ELSE", env, ["env", .. envset, "C=ELSE"]);
        Add("test_EnvFilter env C=xx", env, "env", "C=xx");
        Add("test_EnvFilter env A=xx", env, "env", "A=xx");
        Add("test_EnvFilter realcmd", env, "sleep", "10");
        Add("test_EnvFilter envcmd", env, ["env", .. envset]);
        Add("test_EnvFilter envset", env, envset);
        Add("test_EnvFilter empty value", env, "env", "A=", "B=x", "sleep", "1");

        var envNoLead = sb.Scenario("[Filters]\nsleep_env: EnvFilter, sleep, root, A=, B=ignored\n");
        Add("test_EnvFilter_without_leading_env", envNoLead, [.. envset, "sleep"]);
        Add("test_EnvFilter_without_leading_env env", envNoLead, ["env", .. envset, "sleep", "10"]);
        Add("test_EnvFilter_without_leading_env no env", envNoLead, [.. envset, "sleep", "10"]);

        var goodfn = sb.WriteFile(sb.Data + "/good/file.name", "the good file\n");
        var readFile = sb.Scenario($"[Filters]\nread: ReadFileFilter, {goodfn}\n");
        Add("test_ReadFileFilter bad", readFile, "cat", "/bad/file");
        Add("test_ReadFileFilter good", readFile, "cat", goodfn);
        Add("test_ReadFileFilter extra", readFile, "cat", goodfn, goodfn);

        var ip = abs("/sbin/ip", true);
        var ipf = sb.Scenario($"[Filters]\nip: IpFilter, {ip}, root\n");
        foreach (var c in new[]
        {
            "link list", "-s link list", "-s -v netns add", "link set interface netns somens",
            "netns exec foo", "netns exec", "-s netns exec", "-l 42 netns exec", "net exec foo", "netns e foo",
            "link add", "link delete", "link list",
        })
            Add("test_IpFilter " + c, ipf, ["ip", .. c.Split(' ')]);

        var netns = sb.Scenario($"[Filters]\nip_exec: IpNetnsExecFilter, {ip}, root\nip: IpFilter, {ip}, root\n");
        foreach (var c in new[]
        {
            "netns exec foo ip link list", "net exec foo ip", "netn e foo ip", "net e foo ip", "net exe foo ip",
            "link list", "foo bar netns", "-s netns exec", "-l 42 netns exec", "netns exec", "netns exec foo bar",
            "netns exec foo ip netns exec bar ip link list",
        })
            Add("test_IpNetnsExecFilter " + c, netns, ["ip", .. c.Split(' ')]);
        Add("test_IpNetnsExecFilter 'netns exec'", netns, "ip", "netns exec", "foo", "bar", "baz");
        var netnsUser = sb.Scenario($"[Filters]\nip_exec: IpNetnsExecFilter, {ip}, nobody\nip: IpFilter, {ip}, nobody\n");
        Add("test_IpNetnsExecFilter_nomatch_nonroot", netnsUser, "ip", "netns", "exec", "foo", "ip", "link", "list");
        var netnsMixed = sb.Scenario($"[Filters]\nip_exec: IpNetnsExecFilter, {ip}, root\nip: IpFilter, {ip}, nobody\n");
        Add("test_match_filter_recurses_exec_command_matches_user", netnsMixed, "ip", "netns", "exec", "foo", "ip", "link", "list");
        Add("IpFilter run as nobody", netnsMixed, "ip", "link", "list");

        sb.AddStub("nice");
        sb.AddStub("cat");
        sb.AddStub("ls");
        var nice = sb.Scenario("[Filters]\nnice: ChainingRegExpFilter, nice, root, nice, -?\\d+\ncat: CommandFilter, cat, root\n");
        Add("test_ChainingRegExpFilter_match", nice, "nice", "5", "cat", "/a");
        Add("test_ChainingRegExpFilter_match full path", nice, "nice", "-5", "/usr/bin/cat", "/a");
        foreach (var c in new[] { "nice 5 ls /a", "nice --5 cat /a", "nice2 5 cat /a", "nice cat /a", "nice 5" })
            Add("test_ChainingRegExpFilter_not_match " + c, nice, c.Split(' '));
        sb.AddStub("ionice");
        var ionice = sb.Scenario("""
            [Filters]
            ionice_1: ChainingRegExpFilter, ionice, root, ionice, -c[0-3]
            ionice_2: ChainingRegExpFilter, ionice, root, ionice, -c[0-3], -n[0-7]
            cat: CommandFilter, cat, root
            """);
        Add("test_ChainingRegExpFilter_multiple", ionice, "ionice", "-c2", "-n7", "cat", "/a");
        Add("test_ChainingRegExpFilter_multiple first", ionice, "ionice", "-c2", "cat", "/a");

        var execDirs = sb.Scenario("[Filters]\ncat: CommandFilter, cat, root\n", $"exec_dirs={sb.Root}/nonexistent,{sb.Bin}", execDirs: false);
        Add("test_exec_dirs_search", execDirs, "cat", "/f");
        var pathDefault = sb.Scenario("[Filters]\ncat: CommandFilter, cat, root\n", execDirs: false);
        Add("test_RootwrapConfig exec_dirs from PATH", pathDefault, "cat", "/f");

        var privsepOnly = sb.Scenario([]);
        sb.AddStub("privsep-helper");
        Add("test_privsep_in_loader", privsepOnly, "privsep-helper", "--context", "foo");
        var strictOff = sb.Scenario("[Filters]\nprivsep: PathFilter, privsep-helper, root\nprivsep: PathFilter, privsep-helper, root\n");
        Directory.CreateDirectory(Path.Combine(Path.GetDirectoryName(strictOff)!, "filters.d", "nested"));
        Add("test_strict_switched_off_in_configparser", strictOff, "privsep-helper", "--context", "foo");

        // test_RootwrapConfig: each value the reference rejects, and the ones it accepts.
        foreach (var (name, defaults) in new[]
        {
            ("use_syslog=oui", "use_syslog=oui"), ("use_syslog=true", "use_syslog=true"),
            ("syslog_log_facility=moo", "syslog_log_facility=moo"), ("syslog_log_facility=local0", "syslog_log_facility=local0"),
            ("syslog_log_facility=LOG_AUTH", "syslog_log_facility=LOG_AUTH"), ("syslog_log_level=bar", "syslog_log_level=bar"),
            ("syslog_log_level=INFO", "syslog_log_level=INFO"),
        })
            Add("test_RootwrapConfig " + name, sb.Scenario("[Filters]\ncat: CommandFilter, cat, root\n", defaults), "cat", "/f");
        var empty = sb.WriteFile(sb.Root + "/scenario/empty.conf", "");
        Add("test_RootwrapConfig empty config", empty, "cat", "/f");

        // PathFilterTestCase, with the same tree of files and symlinks.
        var tmpRoot = sb.MakeDirs(sb.Data + "/pathfilter");
        var tmp = sb.MakeDirs(tmpRoot + "/tmpdir");
        string Link(string name, string target)
        {
            var p = Path.Combine(tmp, name);
            if (!File.Exists(p) && !Directory.Exists(p)) File.CreateSymbolicLink(p, target);
            return p;
        }
        var simpleWithin = tmp + "/some";
        var simpleOutside = tmpRoot + "/some";
        var traversalWithin = tmp + "/a/../some";
        var traversalOutside = tmp + "/../some";
        var traversalSymlinkWithin = Link("6d0f0a9c-within", tmp + "/a/../a");
        var traversalSymlinkOutside = Link("0b7b1e53-outside", tmp + "/a/../../../etc");
        var symlinkWithin = Link("c2b4a1f0-within", tmp + "/a");
        var symlinkOutside = Link("f1e6c3d2-outside", tmpRoot + "/some_file");
        var chown = abs("/bin/chown", true);
        var pf = sb.Scenario($"[Filters]\nchown: PathFilter, {chown}, root, nova, {tmp}\n");
        Add("PathFilter test_empty_args", pf);
        Add("PathFilter test_wrong_arguments_number", pf, "chown", "-c", "nova", simpleWithin);
        Add("PathFilter test_wrong_exec_command", pf, "wrong_exec", simpleWithin);
        Add("PathFilter test_match", pf, "chown", "nova", simpleWithin);
        Add("PathFilter test_match_traversal", pf, "chown", "nova", traversalWithin);
        Add("PathFilter test_match_symlink", pf, "chown", "nova", symlinkWithin);
        Add("PathFilter test_match_traversal_symlink", pf, "chown", "nova", traversalSymlinkWithin);
        Add("PathFilter test_reject", pf, "chown", "nova", simpleOutside);
        Add("PathFilter test_reject_traversal", pf, "chown", "nova", traversalOutside);
        Add("PathFilter test_reject_symlink", pf, "chown", "nova", symlinkOutside);
        Add("PathFilter test_reject_traversal_symlink", pf, "chown", "nova", traversalSymlinkOutside);
        Add("PathFilter sibling with common prefix", pf, "chown", "nova", tmp + "2/x");
        var pass = sb.Scenario($"[Filters]\nchown: PathFilter, {chown}, root, pass, pass\n");
        Add("PathFilter test_argument_pass_constraint", pass, "chown", "something", simpleOutside);
        var eggs = tmpRoot + "/spam/eggs";
        var eq = sb.Scenario($"[Filters]\nchown: PathFilter, {chown}, root, nova, {eggs}\n");
        Add("PathFilter test_argument_equality_constraint", eq, "chown", "nova", eggs);
        Add("PathFilter test_argument_equality_constraint quantum", eq, "chown", "quantum", eggs);
        return cases;
    }

    /// <summary>KillFilter cases need a live process of the right executable for each run.</summary>
    public static IEnumerable<DiffCase> BuildKill(Sandbox sb, Func<string, bool, string> abs)
    {
        var target = abs("/bin/cat", true);
        var withSignals = sb.Scenario($"[Filters]\nkill_cat: KillFilter, root, {target}, -9, -HUP\n");
        var anySignal = sb.Scenario($"[Filters]\nkill_cat: KillFilter, root, {target}\n");
        var byName = sb.Scenario("[Filters]\nkill_cat: KillFilter, root, cat\n");
        var empty = sb.Scenario("[Filters]\nkill_x: KillFilter, root, \n");
        var pathCat = sb.AddStub("cat");
        DiffCase K(string name, string conf, string exe, params string[] cmd) => DiffCase.Of(name, conf, cmd) with { KillTarget = exe };
        return
        [
            K("test_KillFilter -ALRM", withSignals, target, "kill", "-ALRM", "{PID}"),
            K("test_KillFilter no signal", withSignals, target, "kill", "{PID}"),
            K("test_KillFilter -9", withSignals, target, "kill", "-9", "{PID}"),
            K("test_KillFilter -HUP", withSignals, target, "kill", "-HUP", "{PID}"),
            K("test_KillFilter any signal, no signal", anySignal, target, "kill", "{PID}"),
            DiffCase.Of("test_KillFilter pid 1", anySignal, "kill", "1"),
            DiffCase.Of("test_KillFilter nonexistent pid", anySignal, "kill", "999999"),
            K("test_KillFilter relative name in PATH", byName, pathCat, "kill", "{PID}"),
            K("test_KillFilter relative name, process elsewhere", byName, target, "kill", "{PID}"),
            DiffCase.Of("test_KillFilter_no_raise notkill", empty, "notkill", "999999"),
            DiffCase.Of("test_KillFilter_no_raise notapid", empty, "kill", "notapid"),
            DiffCase.Of("test_KillFilter_no_raise nothing", empty, "kill"),
        ];
    }

    [RequiresFact(Need.Differential)]
    public async Task Reference_unit_test_cases_agree_or_are_hardenings()
    {
        var cases = Build(sb, (p, c) => Abs(p, c)).Concat(BuildKill(sb, (p, c) => Abs(p, c)));
        var results = await Differ.RunAllAsync(sb, cases);
        summary.Report(output, "oslo.rootwrap unit tests", results);
    }
}
