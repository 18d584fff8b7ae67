using System.Text.RegularExpressions;
using Rootwrap.Ini;
using Xunit;
using Xunit.Abstractions;

namespace Rootwrap.Tests.Differential;

/// <summary>
/// The real filter files of Debian's OpenStack packages (ROOTWRAP_CORPUS, fetched by
/// tests/corpus/fetch.sh), one configuration per service as deployed. Each file is used as
/// shipped except that an absolute executable path is moved under the sandbox (so a stub
/// runs instead of the real <c>/usr/sbin/rndc</c>); a few executables are left out on
/// purpose so that "Executable not found" (96) is compared too. For every filter: a command
/// it should admit, and variants it should not (trailing newline, missing or extra
/// argument, other variables, other commands behind chaining filters).
/// </summary>
[Collection("Differential")]
public sealed class CorpusCases(Sandbox sb, DiffSummary summary, ITestOutputHelper output)
{
    public static string? CorpusFolder()
    {
        var env = Environment.GetEnvironmentVariable("ROOTWRAP_CORPUS");
        if (!string.IsNullOrEmpty(env)) return Directory.Exists(env) ? env : null;
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            var p = Path.Combine(d.FullName, ".cache", "corpus");
            if (File.Exists(Path.Combine(d.FullName, "Rootwrap.sln"))) return Directory.Exists(p) ? p : null;
        }
        return null;
    }

    /// <summary>Left out of the sandbox: the filters naming them match but can't run (96).</summary>
    private static bool LeftOut(string name) => name is "mmgetstate" or "knotc" or "dibbler-client" or "smbd" or "lvrename";

    private static readonly string[] HostileArgs = ["-x", "a b", "; rm -rf / #", "", "$(id)", "`id`", "x\ny", "*", "../../etc/shadow"];

    public static List<DiffCase> Build(Sandbox sb, string corpus)
    {
        var cases = new List<DiffCase>();
        foreach (var serviceDir in Directory.GetDirectories(corpus).Order(StringComparer.Ordinal))
        {
            var service = Path.GetFileName(serviceDir);
            var rootwrapD = Path.Combine(serviceDir, "rootwrap.d");
            if (!Directory.Exists(rootwrapD)) continue;
            var files = new List<(string, string)>();
            var defs = new List<string[]>();
            foreach (var file in Directory.GetFiles(rootwrapD).Order(StringComparer.Ordinal))
            {
                var text = File.ReadAllText(file);
                var doc = IniDocument.Parse(file, text, strict: false);
                var lines = text.Split('\n');
                foreach (var entry in doc.Items("Filters") ?? [])
                {
                    var fields = entry.Value.Split(',').Select(IniDocument.PyStrip).ToArray();
                    defs.Add(fields);
                    int execField = fields[0] switch { "KillFilter" => 2, "ReadFileFilter" => -1, _ => 1 };
                    if (execField < 0 || execField >= fields.Length) continue;
                    var exec = fields[execField];
                    if (exec.StartsWith('/'))
                    {
                        var moved = sb.Root + "/abs" + exec;
                        if (!LeftOut(Path.GetFileName(exec))) sb.AddStub(moved);
                        Relocate(lines, entry.Line - 1, exec, moved);
                    }
                    else if (exec.Length > 0 && !LeftOut(exec)) sb.AddStub(exec);
                    if (fields[0] == "EnvFilter" && fields.Length > 2)
                    {
                        var cmd = fields.Skip(3).FirstOrDefault(f => !f.Contains('='));
                        if (cmd is not null && !cmd.StartsWith('/') && !LeftOut(cmd)) sb.AddStub(cmd);
                    }
                }
                files.Add((Path.GetFileName(file), string.Join('\n', lines)));
            }
            var conf = sb.Scenario(files);
            foreach (var cmd in defs.SelectMany(d => CommandsFor(d, defs)).DistinctBy(c => string.Join('\0', c)))
                cases.Add(DiffCase.Of($"{service}", conf, cmd));
        }
        return cases;
    }

    /// <summary>Moves one filter's absolute executable under the sandbox, on its own line (or a continuation line).</summary>
    private static void Relocate(string[] lines, int from, string exec, string moved)
    {
        var re = new Regex(@"(?<=,\s*)" + Regex.Escape(exec) + @"(?=\s*(,|$))");
        for (int i = from; i < lines.Length; i++)
        {
            if (!re.IsMatch(lines[i])) continue;
            lines[i] = re.Replace(lines[i], moved, 1);
            return;
        }
    }

    private static IEnumerable<string[]> CommandsFor(string[] f, List<string[]> all)
    {
        var cls = f[0];
        var rest = f.Skip(1).ToArray();
        string Base(string p) => p[(p.LastIndexOf('/') + 1)..];
        switch (cls)
        {
            case "CommandFilter" when rest.Length >= 2:
                yield return [Base(rest[0]), .. HostileArgs];
                yield return [rest[0], "--version"];
                yield return [Base(rest[0]) + "\n"];
                break;
            case "RegExpFilter" when rest.Length >= 3:
            {
                var sample = rest.Skip(2).Select(Sample).ToArray();
                yield return sample;
                yield return [.. sample[..^1], sample[^1] + "\n"];
                if (sample.Length > 1) yield return [.. sample[..^1], sample[^1] + "x\n/../../x"];
                yield return sample[..^1];
                yield return [.. sample, "extra"];
                break;
            }
            case "EnvFilter" when rest.Length >= 2:
            {
                var args = rest.Skip(2).ToArray();
                var names = args.TakeWhile(a => a.Contains('=')).Select(a => a[..a.IndexOf('=')]).ToArray();
                var cmd = rest[0].Contains("env") && names.Length < args.Length ? args[names.Length] : rest[0];
                var set = names.Select((n, i) => $"{n}=v{i} x").ToArray();
                yield return ["env", .. set, Base(cmd), "-o", "name"];
                yield return [.. set, Base(cmd)];
                if (names.Length > 0)
                {
                    yield return ["env", .. set[1..], Base(cmd)];
                    yield return ["env", names[0] + "=", .. set[1..], Base(cmd), "x"];
                    yield return ["env", .. set, "LD_PRELOAD=/tmp/x.so", Base(cmd)];
                    yield return ["env", .. set, Base(cmd) + "\n"];
                }
                break;
            }
            case "IpFilter":
                yield return ["ip", "addr", "show"];
                yield return ["ip", "-o", "link", "set", "tap0", "netns", "qrouter-1"];
                yield return ["ip", "netns", "exec", "qrouter-1", "ip", "a"];
                yield return ["ip", "-s", "net", "e", "qrouter-1", "ip", "a"];
                break;
            case "IpNetnsExecFilter":
                yield return ["ip", "netns", "exec", "qrouter-1", "ip", "addr"];
                yield return ["ip", "netns", "exec", "qrouter-1", "/usr/bin/ip", "-6", "route"];
                yield return ["ip", "net", "e", "ns"];
                foreach (var other in all.Where(o => o[0] is "CommandFilter" or "RegExpFilter").Take(6))
                    foreach (var c in CommandsFor(other, all).Take(1))
                        yield return ["ip", "netns", "exec", "qrouter-1", .. c];
                break;
            case "ChainingRegExpFilter" when rest.Length >= 3:
            {
                var prefix = rest.Skip(2).Select(Sample).ToArray();
                yield return [.. prefix, "cat", "/etc/shadow"];
                yield return [.. prefix, "/usr/bin/dd", "if=/dev/zero"];
                yield return [.. prefix[..^1], prefix[^1] + "\n", "dd"];
                yield return [.. prefix, "nosuchcommand"];
                yield return prefix;
                break;
            }
            case "PathFilter" when rest.Length >= 2:
            {
                var args = rest.Skip(2).Select(c => c == "pass" ? "anything" : c.StartsWith('/') ? c.TrimEnd('/') + "/x" : c).ToArray();
                yield return [Base(rest[0]), .. args];
                yield return [Base(rest[0]), .. args.Select(a => a.StartsWith('/') ? a + "/../../../etc/shadow" : a)];
                yield return [Base(rest[0]), .. args[..^1]];
                break;
            }
            case "KillFilter":
                yield return ["kill", "-9", "999999"];
                break;
            case "ReadFileFilter" when rest.Length >= 1:
                yield return ["cat", rest[0]];
                break;
        }
    }

    private static readonly string[] Fallbacks = ["x", "5", "/tmp/x", "/etc/x", "/etc/x.conf", "-c2", "echo 'x' > /x", "rm -f /x/*.conf"];

    /// <summary>A string the pattern should admit: the pattern with its regexp syntax reduced, checked, or a stock value.</summary>
    internal static string Sample(string pattern)
    {
        var s = pattern.Replace("(?!\\.\\.)", "");
        s = Regex.Replace(s, @"\(([^()|]*)\|[^()]*\)", "$1");
        s = s.Replace(".*", "x").Replace("\\S+", "s").Replace("\\d+", "5").Replace("-?", "-").TrimStart('^').TrimEnd('$');
        s = Regex.Replace(s, @"\[([^\]\^\\])[^\]]*\]", "$1");
        s = Regex.Replace(s, @"\\(.)", "$1");
        foreach (var candidate in new[] { s }.Concat(Fallbacks))
            if (new Rootwrap.Filters.PyRegex(pattern).FullMatch(candidate)) return candidate;
        return s;
    }

    [RequiresFact(Need.Differential)]
    public async Task Debian_OpenStack_filters_agree_or_are_hardenings()
    {
        var corpus = CorpusFolder();
        Assert.True(corpus is not null, "no filter corpus: set ROOTWRAP_CORPUS (tests/corpus/fetch.sh)");
        var cases = Build(sb, corpus!);
        Assert.True(cases.Count > 300, $"only {cases.Count} corpus cases");
        var results = await Differ.RunAllAsync(sb, cases);
        summary.Report(output, "Debian OpenStack filters", results);
    }
}
