using System.Text;
using Xunit;
using Xunit.Abstractions;

namespace Rootwrap.Tests.Differential;

/// <summary>
/// Chosen hostile inputs: one example of each hardening, 100 000 arguments, non-UTF-8
/// bytes, and every kind of broken or untrusted configuration, through both helpers.
/// </summary>
[Collection("Differential")]
public sealed class HostileCases(Sandbox sb, DiffSummary summary, ITestOutputHelper output)
{
    private static byte[] B(string s) => Encoding.UTF8.GetBytes(s);

    public static List<DiffCase> Commands(Sandbox sb, HostileScenario hs)
    {
        var conf = hs.Conf;
        var many = new byte[100_000][];
        many[0] = B("ls");
        for (int i = 1; i < many.Length; i++) many[i] = B(i % 3 == 0 ? "" : "x" + i);
        var manyRegexp = many.ToArray();
        manyRegexp[0] = B("sleep");
        return
        [
            DiffCase.Of("H1 alternation admits a longer word", conf, "svc", "startx", "web"),
            DiffCase.Of("H1 trailing newline after \\d+", conf, "sleep", "5\n"),
            DiffCase.Of("H1 trailing newline after .*", conf, "echo", "hello\n"),
            DiffCase.Of("H1 newline inside the manila sh -c pattern", conf, "sh", "-c", "echo 'x' > /etc/y\n"),
            DiffCase.Of("H2 sibling folder with a common prefix", conf, "chown", "nova", sb.Data + "/images2/x"),
            DiffCase.Of("H2 sibling folder itself", conf, "chown", "nova", sb.Data + "/images2"),
            DiffCase.Of("PathFilter symlink out", conf, "chown", "nova", hs.Images + "/out"),
            DiffCase.Of("PathFilter .. out", conf, "chown", "nova", hs.Images + "/../secret"),
            DiffCase.Of("PathFilter .. through a symlink", conf, "chown", "nova", hs.Images + "/dotdot/secret"),
            DiffCase.Of("PathFilter symlink loop", conf, "chown", "nova", hs.Images + "/loop/x"),
            DiffCase.Of("PathFilter relative path from the working folder", conf, "chown", "nova", "data/images/a"),
            DiffCase.Of("empty strings", conf, "ls", "", "", "x", ""),
            DiffCase.Of("empty command", conf, ""),
            DiffCase.Of("shell metacharacters", conf, "ls", "; rm -rf /", "$(reboot)", "`id`", "a|b", "&&", ">", "*"),
            DiffCase.Of("newlines and tabs", conf, "ls", "a\nb", "\t", "\r\n"),
            new("non-UTF-8 argument", conf, [B("ls"), [0xff, 0xfe, 0x2f, 0xc3, 0x28], B("caf\u00e9")]),
            new("non-UTF-8 argument refused", conf, [B("sleep"), [0x35, 0xff]]),
            new("non-UTF-8 in an environment value", conf, [B("env"), [.. B("CONFIG_FILE="), 0xff], B("NETWORK_ID=1"), B("dnsmasq")]),
            DiffCase.Of("EnvFilter variables and values", conf, "env", "CONFIG_FILE=/etc/x=y", "NETWORK_ID=", "dnsmasq", "--x"),
            DiffCase.Of("EnvFilter extra variable", conf, "env", "CONFIG_FILE=a", "NETWORK_ID=b", "PATH=/tmp", "dnsmasq"),
            DiffCase.Of("EnvFilter removes 'env' for later filters", conf, "env", "ls", "-l"),
            DiffCase.Of("run_as nobody", conf, "id", "-u"),
            DiffCase.Of("run_as nobody through cat", conf, "cat", "/etc/hostname"),
            DiffCase.Of("chained command's basename", conf, "nice", "-5", "/usr/bin/ls", "-l"),
            DiffCase.Of("chained command refused", conf, "nice", "5", "dd", "if=/dev/zero"),
            DiffCase.Of("netns exec of an allowed command", conf, "ip", "netns", "exec", "ns1", "ls", "/"),
            DiffCase.Of("netns exec of a refused command", conf, "ip", "netns", "exec", "ns1", "dd"),
            DiffCase.Of("named group and back-reference", conf, "cp", "abc-abc", "/backup/abc"),
            DiffCase.Of("back-reference refused", conf, "cp", "abc-abd", "/backup/abd"),
            DiffCase.Of("back-reference, trailing newline", conf, "cp", "abc-abc\n", "/backup/abc"),
            DiffCase.Of("look-ahead pattern", conf, "tee", "-a", "/etc/hosts"),
            DiffCase.Of("look-ahead pattern refused", conf, "tee", "-a", "/etc/../shadow"),
            DiffCase.Of("nested quantifiers, long input", conf, "find", "/" + string.Concat(Enumerable.Repeat("abc/", 500)), "-maxdepth", "1"),
            DiffCase.Of("non-ASCII digit for \\d", conf, "sleep", "\u0663"),
            new("100 000 arguments", conf, many),
            new("100 000 arguments refused", conf, manyRegexp),
        ];
    }

    /// <summary>Broken configurations: the reference says 97 or dies with a traceback (H3); we say 97.</summary>
    public static List<DiffCase> BrokenConfigurations(Sandbox sb)
    {
        var cases = new List<DiffCase>();
        void Filters(string name, string text) =>
            cases.Add(DiffCase.Of(name, sb.Scenario(text), "ls", "-l"));
        void FilterBytes(string name, byte[] bytes)
        {
            var conf = sb.Scenario("[Filters]\nls: CommandFilter, ls, root\n");
            File.WriteAllBytes(Path.Combine(Path.GetDirectoryName(conf)!, "filters.d", "test.filters"), bytes);
            cases.Add(DiffCase.Of(name, conf, "ls", "-l"));
        }
        void Config(string name, string text)
        {
            var conf = sb.Scenario("[Filters]\nls: CommandFilter, ls, root\n");
            File.WriteAllText(conf, text.Replace("FILTERS", Path.Combine(Path.GetDirectoryName(conf)!, "filters.d")).Replace("BIN", sb.Bin));
            cases.Add(DiffCase.Of(name, conf, "ls", "-l"));
        }
        sb.AddStub("ls");
        cases.Add(DiffCase.Of("missing CONFIG", sb.Root + "/no/such/rootwrap.conf", "ls"));
        cases.Add(DiffCase.Of("CONFIG is a folder", sb.Data, "ls"));
        Config("no filters_path", "[DEFAULT]\nexec_dirs=BIN\n");
        Config("CONFIG syntax error", "[DEFAULT]\nfilters_path=FILTERS\nthis is not an option\n");
        Config("CONFIG text before a section", "filters_path=FILTERS\n");
        Config("CONFIG repeated option", "[DEFAULT]\nfilters_path=FILTERS\nfilters_path=FILTERS\n");
        Config("CONFIG repeated section", "[DEFAULT]\nfilters_path=FILTERS\n[x]\n[x]\n");
        Config("CONFIG daemon_timeout not a number", "[DEFAULT]\nfilters_path=FILTERS\nexec_dirs=BIN\ndaemon_timeout=ten\n");
        Config("CONFIG rlimit_nofile not a number", "[DEFAULT]\nfilters_path=FILTERS\nexec_dirs=BIN\nrlimit_nofile=1k\n");
        Config("CONFIG rlimit_nofile with underscores", "[DEFAULT]\nfilters_path=FILTERS\nexec_dirs=BIN\nrlimit_nofile=1_024\n");
        Config("CONFIG filters_path missing folder", "[DEFAULT]\nfilters_path=/nonexistent,FILTERS\nexec_dirs=BIN\n");
        Config("CONFIG continuation line", "[DEFAULT]\nfilters_path=/nonexistent,\n  FILTERS\nexec_dirs=BIN\n");
        var nonUtf8Conf = sb.Scenario("[Filters]\nls: CommandFilter, ls, root\n");
        File.WriteAllBytes(nonUtf8Conf, [.. B("[DEFAULT]\n# caf"), 0xe9, .. B("\nfilters_path=/x\n")]);
        cases.Add(DiffCase.Of("CONFIG not UTF-8", nonUtf8Conf, "ls"));

        Filters("no [Filters] section", "[Other]\nls: CommandFilter, ls, root\n");
        Filters("filter syntax error", "[Filters]\nls: CommandFilter, ls, root\njunk\n");
        Filters("text before a section", "ls: CommandFilter, ls, root\n");
        Filters("filter line with the class only", "[Filters]\nls: CommandFilter\n");
        Filters("filter line with too few fields", "[Filters]\nls: CommandFilter, ls\n");
        Filters("KillFilter without fields", "[Filters]\nk: KillFilter\nls: CommandFilter, ls, root\n");
        Filters("ReadFileFilter without a file", "[Filters]\nr: ReadFileFilter\nls: CommandFilter, ls, root\n");
        Filters("unknown filter class", "[Filters]\nx: NoSuchFilter, ls, root\nls: CommandFilter, ls, root\n");
        Filters("empty filter line", "[Filters]\nx:\nls: CommandFilter, ls, root\n");
        Filters("module attribute as a class", "[Filters]\nx: os, ls, root\nls: CommandFilter, ls, root\n");
        Filters("module constant as a class", "[Filters]\nx: NETNS_VARS, ls, root\nls: CommandFilter, ls, root\n");
        Filters("regexp that does not compile", "[Filters]\nls: RegExpFilter, ls, root, ls, [a-\nls2: CommandFilter, ls, root\n");
        Filters("regexp with an unbalanced group", "[Filters]\nls: RegExpFilter, ls, root, ls, (-l\n");
        Filters("filters in [DEFAULT]", "[DEFAULT]\nls: CommandFilter, ls, root\n[Filters]\n");
        Filters("repeated filter keeps the last", "[Filters]\nls: CommandFilter, nothere, root\nls: CommandFilter, ls, root\n");
        Filters("upper-case filter name", "[Filters]\nLS: CommandFilter, ls, root\n");
        Filters("continuation lines", "[Filters]\nls: CommandFilter,\n  ls,\n\n  root\n");
        Filters("run_as unknown user", "[Filters]\nls: CommandFilter, ls, no-such-user-rw\n");
        Filters("run_as empty", "[Filters]\nls: CommandFilter, ls, \n");
        FilterBytes("filter file not UTF-8", [.. B("[Filters]\n# caf"), 0xe9, .. B("\nls: CommandFilter, ls, root\n")]);
        FilterBytes("filter file with a BOM", [0xef, 0xbb, 0xbf, .. B("[Filters]\nls: CommandFilter, ls, root\n")]);
        FilterBytes("filter file with CRLF", B("[Filters]\r\nls: CommandFilter, ls, root\r\n"));
        var hidden = sb.Scenario("[Filters]\nls: CommandFilter, ls, root\n");
        sb.WriteFile(Path.Combine(Path.GetDirectoryName(hidden)!, "filters.d", ".hidden"), "junk\n");
        sb.MakeDirs(Path.Combine(Path.GetDirectoryName(hidden)!, "filters.d", "nested"));
        cases.Add(DiffCase.Of("hidden file and sub-folder are skipped", hidden, "ls"));
        return cases;
    }

    /// <summary>H5: files and folders a non-root account could have written.</summary>
    public static List<DiffCase> Untrusted(Sandbox sb)
    {
        var cases = new List<DiffCase>();
        sb.AddStub("ls");
        string Conf() => sb.Scenario("[Filters]\nls: CommandFilter, ls, root\n");
        string FiltersDir(string conf) => Path.Combine(Path.GetDirectoryName(conf)!, "filters.d");
        void Add(string name, string conf) => cases.Add(DiffCase.Of(name, conf, "ls") with { Untrusted = true });

        var c1 = Conf(); Sandbox.Chown(c1, 65534, 65534); Add("CONFIG owned by nobody", c1);
        var c2 = Conf(); Sandbox.SetMode(c2, (UnixFileMode)0x1B6); Add("CONFIG mode 0666", c2);
        var c3 = Conf(); Sandbox.Chown(Path.Combine(FiltersDir(c3), "test.filters"), 65534, 65534); Add("filter file owned by nobody", c3);
        var c4 = Conf(); Sandbox.SetMode(Path.Combine(FiltersDir(c4), "test.filters"), (UnixFileMode)0x1B4); Add("filter file mode 0664", c4);
        var c5 = Conf(); Sandbox.SetMode(FiltersDir(c5), (UnixFileMode)0x1FF); Add("filters folder mode 0777", c5);
        var c6 = Conf(); Sandbox.Chown(FiltersDir(c6), 65534, 65534); Add("filters folder owned by nobody", c6);
        var bin = sb.MakeDirs(sb.Root + "/untrusted-bin");
        sb.AddStub(bin + "/ls");
        Sandbox.SetMode(bin, (UnixFileMode)0x1FF);
        Add("exec_dirs folder mode 0777", sb.Scenario("[Filters]\nls: CommandFilter, ls, root\n", $"exec_dirs={bin}", execDirs: false));
        Add("relative exec_dirs entry", sb.Scenario("[Filters]\nls: CommandFilter, ls, root\n", "exec_dirs=bin", execDirs: false));
        return cases;
    }

    [RequiresFact(Need.Differential)]
    public async Task Hostile_inputs_and_broken_configurations_agree_or_are_hardenings()
    {
        var hs = new HostileScenario(sb);
        var cases = Commands(sb, hs).Concat(BrokenConfigurations(sb)).Concat(Untrusted(sb)).ToList();
        var results = await Differ.RunAllAsync(sb, cases);
        summary.Report(output, "hostile inputs and configurations", results);

        // The hardenings' own examples must show up as such, not just "not other".
        string LabelOf(string name) => results.Single(r => r.Case.Name == name).Label;
        Assert.Equal("H1", LabelOf("H1 alternation admits a longer word"));
        Assert.Equal("H1", LabelOf("H1 trailing newline after \\d+"));
        Assert.Equal("H2", LabelOf("H2 sibling folder with a common prefix"));
        Assert.Equal("H3", LabelOf("no [Filters] section"));
        Assert.Equal("H5", LabelOf("filter file owned by nobody"));
        Assert.Equal(Verdict.Agree, results.Single(r => r.Case.Name == "100 000 arguments").Verdict);
        Assert.Equal(Verdict.Agree, results.Single(r => r.Case.Name == "non-UTF-8 argument").Verdict);
    }
}
