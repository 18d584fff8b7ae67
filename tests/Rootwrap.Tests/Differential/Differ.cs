using System.Collections.Concurrent;
using System.Text;
using Xunit.Abstractions;

namespace Rootwrap.Tests.Differential;

/// <summary>
/// One input: a configuration and a command line (bytes, exactly as the caller passes them).
/// <see cref="Untrusted"/> marks a configuration that H5 must refuse; <see cref="KillTarget"/>
/// an executable to start fresh before each run, its pid replacing every <see cref="Pid"/>.
/// </summary>
public sealed record DiffCase(string Name, string Conf, IReadOnlyList<byte[]> Command)
{
    public static readonly byte[] Pid = "{PID}"u8.ToArray();
    public bool Untrusted { get; init; }
    public string? KillTarget { get; init; }

    public static DiffCase Of(string name, string conf, params string[] command) =>
        new(name, conf, command.Select(Encoding.UTF8.GetBytes).ToArray());

    public string Show() => $"{Name}: [{string.Join(", ", Command.Take(8).Select(Escape))}{(Command.Count > 8 ? $", ... {Command.Count} arguments" : "")}]";

    internal static string Escape(byte[] b)
    {
        if (b.Length > 60) return $"<{b.Length} bytes>";
        var sb = new StringBuilder("'");
        foreach (var x in b)
            sb.Append(x is >= 0x20 and < 0x7f and not (byte)'\'' and not (byte)'\\' ? ((char)x).ToString() : $"\\x{x:x2}");
        return sb.Append('\'').ToString();
    }
}

public enum Verdict { Agree, Hardened, Other }

public sealed record CaseResult(DiffCase Case, Verdict Verdict, string Label, Outcome Reference, Outcome Native, string Detail);

/// <summary>
/// Runs a case through oslo-rootwrap and rootwrap-native and classifies the result: agree
/// (same exit status, same bytes from the command, same message), one of SPEC's hardenings,
/// or other. A difference is H1 or H2 when the reference with that hardening applied
/// (<c>hardened_reference.py</c>) agrees with rootwrap-native; H3 when the reference died with
/// a traceback where rootwrap-native refused cleanly; H5 when the case is an untrusted file;
/// H8 when a chain would run a path that is not its leaf's executable and the reference with
/// that hardening refuses as well.
/// </summary>
public static class Differ
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static async Task<CaseResult> RunAsync(Sandbox sb, DiffCase c)
    {
        var reference = await RunOneAsync(sb, c, [Sandbox.Reference]);
        var native = await RunOneAsync(sb, c, [sb.Native]);
        if (Agrees(reference, native, out var why))
            return new CaseResult(c, Verdict.Agree, "", reference, native, "");

        if (reference.Traceback && native.Exit is 97 or 99 && !native.RanCommand)
            return new CaseResult(c, Verdict.Hardened, "H3", reference, native, FirstLine(native.Stderr));
        if (c.Untrusted && native.Exit == 97 && native.Stderr.Contains("untrusted", StringComparison.Ordinal) && !native.RanCommand)
            return new CaseResult(c, Verdict.Hardened, "H5", reference, native, FirstLine(native.Stderr));
        // H8 (ours, docs/SPEC.md): the reference with it refuses too, with its own message.
        if (native.Exit == 99 && !native.RanCommand && native.Stderr.Contains("which is not the executable of filter", StringComparison.Ordinal)
            && await RunOneAsync(sb, c, [Sandbox.Python, sb.HardenedReference, "H1,H2,H8"]) is { Exit: 99, RanCommand: false })
            return new CaseResult(c, Verdict.Hardened, "H8", reference, native, FirstLine(native.Stderr));
        foreach (var h in new[] { "H1", "H2", "H1,H2" })
        {
            var hardened = await RunOneAsync(sb, c, [Sandbox.Python, sb.HardenedReference, h]);
            if (Agrees(hardened, native, out _))
                return new CaseResult(c, Verdict.Hardened, h.Replace(',', '+'), reference, native, "");
        }
        return new CaseResult(c, Verdict.Other, "other", reference, native, why);
    }

    private static async Task<Outcome> RunOneAsync(Sandbox sb, DiffCase c, string[] program)
    {
        var argv = new List<byte[]>();
        foreach (var p in program) argv.Add(Encoding.UTF8.GetBytes(p));
        argv.Add(Encoding.UTF8.GetBytes(c.Conf));
        System.Diagnostics.Process? target = null;
        if (c.KillTarget is not null) target = sb.StartSleeper(c.KillTarget);
        try
        {
            foreach (var a in c.Command)
                argv.Add(target is not null && a.AsSpan().SequenceEqual(DiffCase.Pid) ? Encoding.UTF8.GetBytes(target.Id.ToString()) : a);
            var outcome = await sb.RunAsync(argv, Timeout);
            // Each run has its own target: its pid in a message is not a difference.
            return target is null ? outcome : outcome with { Stderr = outcome.Stderr.Replace(" " + target.Id, " {PID}") };
        }
        finally
        {
            if (target is not null)
            {
                try { target.Kill(); } catch (Exception) { }
                target.WaitForExit();
                target.Dispose();
            }
        }
    }

    /// <summary>
    /// Same exit status; same stub output (argv, environment, uids: the gid line is left out,
    /// as the reference switches only the uid of a non-root run_as); for the helper's own
    /// refusals (96, 98, 99) the same message; the same warnings.
    /// </summary>
    public static bool Agrees(Outcome a, Outcome b, out string why)
    {
        why = "";
        if (a.TimedOut || b.TimedOut) { why = $"timed out: reference {a.TimedOut}, native {b.TimedOut}"; return false; }
        if (a.Exit != b.Exit) { why = $"exit {a.Exit} vs {b.Exit}"; return false; }
        var sa = StubView(a.Stdout);
        var sbv = StubView(b.Stdout);
        if (sa != sbv) { why = "command output differs:\n" + FirstDifference(sa, sbv); return false; }
        if (a.Exit is 96 or 98 or 99 && Message(a.Stderr) != Message(b.Stderr))
        {
            why = $"message '{Cut(Message(a.Stderr))}' vs '{Cut(Message(b.Stderr))}'";
            return false;
        }
        var wa = Warnings(a.Stderr);
        var wb = Warnings(b.Stderr);
        if (wa != wb) { why = $"warnings '{wa}' vs '{wb}'"; return false; }
        return true;
    }

    private static string StubView(byte[] stdout)
    {
        var text = Encoding.Latin1.GetString(stdout);
        if (!text.StartsWith("uid ", StringComparison.Ordinal)) return text;
        return string.Join('\n', text.Split('\n').Where(l => !l.StartsWith("gid ", StringComparison.Ordinal)));
    }

    /// <summary>The helper's message without the program name in front ("NAME: message").</summary>
    private static string Message(string stderr)
    {
        var line = stderr.Split('\n').LastOrDefault(l =>
            l.StartsWith(Sandbox.Reference + ": ", StringComparison.Ordinal) || l.StartsWith("/", StringComparison.Ordinal) && l.Contains("rootwrap-native: ", StringComparison.Ordinal)) ?? "";
        int i = line.IndexOf(": ", StringComparison.Ordinal);
        return i < 0 ? line : line[(i + 2)..];
    }

    /// <summary>
    /// Warnings as Python's logging prints them. Without a /dev/log, Python 3.11's reference
    /// reports "--- Logging error ---" blocks at each log call where rootwrap-native warns once
    /// that syslog is unavailable: both say the same thing, so neither counts.
    /// </summary>
    internal static string Warnings(string stderr) =>
        string.Join('\n', stderr.Split('\n').Where(l => l.StartsWith("WARNING:", StringComparison.Ordinal)
            && !l.StartsWith("WARNING:root:Unable to setup syslog", StringComparison.Ordinal)));

    internal static string Cut(string s) => s.Length <= 300 ? s : s[..300] + $"... ({s.Length} characters)";

    private static string FirstLine(string s) => s.Split('\n').FirstOrDefault(l => l.Length > 0) ?? "";

    private static string FirstDifference(string a, string b)
    {
        var la = a.Split('\n');
        var lb = b.Split('\n');
        for (int i = 0; i < Math.Max(la.Length, lb.Length); i++)
        {
            var x = i < la.Length ? la[i] : "<end>";
            var y = i < lb.Length ? lb[i] : "<end>";
            if (x != y) return $"  line {i + 1}: reference {Decode(x)}\n  line {i + 1}: native    {Decode(y)}";
        }
        return "";
    }

    /// <summary>Stub lines carry hex; show them readable.</summary>
    private static string Decode(string line)
    {
        int sp = line.IndexOf(' ');
        if (sp < 0 || line[..sp] is not ("arg" or "env")) return line.Length > 200 ? line[..200] + "..." : line;
        try { return line[..sp] + " " + DiffCase.Escape(Convert.FromHexString(line[(sp + 1)..])); }
        catch (FormatException) { return line; }
    }

    /// <summary>Runs cases a few at a time (the reference costs ~85 ms of Python start-up each).</summary>
    public static async Task<List<CaseResult>> RunAllAsync(Sandbox sb, IEnumerable<DiffCase> cases, int parallel = 3)
    {
        var list = cases.ToList();
        var results = new CaseResult[list.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, list.Count), new ParallelOptions { MaxDegreeOfParallelism = parallel },
            async (i, _) => results[i] = await RunAsync(sb, list[i]));
        return results.ToList();
    }
}

/// <summary>
/// Counts over the whole suite: cases, agree, hardened (by hardening), other. Each family's
/// test prints its own line and the running total; the total is printed again when the
/// collection ends.
/// </summary>
public sealed class DiffSummary : IDisposable
{
    private readonly ConcurrentDictionary<string, int[]> _families = new();
    private readonly ConcurrentDictionary<string, int> _hardened = new();

    public void Record(string family, IEnumerable<CaseResult> results)
    {
        var counts = _families.GetOrAdd(family, _ => new int[3]);
        foreach (var r in results)
        {
            Interlocked.Increment(ref counts[(int)r.Verdict]);
            if (r.Verdict == Verdict.Hardened) _hardened.AddOrUpdate(r.Label, 1, (_, n) => n + 1);
        }
    }

    public static string Line(string what, int agree, int hardened, int other, string? detail = null) =>
        $"differential {what}: cases {agree + hardened + other}, agree {agree}, hardened {hardened}{detail}, other {other}";

    public string FamilyLine(string family)
    {
        var c = _families.GetValueOrDefault(family) ?? new int[3];
        return Line(family, c[0], c[1], c[2]);
    }

    public string TotalLine()
    {
        int a = 0, h = 0, o = 0;
        foreach (var c in _families.Values) { a += c[0]; h += c[1]; o += c[2]; }
        var by = _hardened.IsEmpty ? "" : " (" + string.Join(", ", _hardened.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key} {kv.Value}")) + ")";
        return Line("total", a, h, o, by);
    }

    /// <summary>Prints a family's results where `dotnet test` shows them, and fails on any "other".</summary>
    public void Report(ITestOutputHelper output, string family, IReadOnlyList<CaseResult> results)
    {
        Record(family, results);
        var lines = new List<string> { FamilyLine(family), TotalLine() };
        foreach (var g in results.Where(r => r.Verdict == Verdict.Hardened).GroupBy(r => r.Label).OrderBy(g => g.Key))
            lines.Add($"  {g.Key}: {g.Count()} case(s), e.g. {g.First().Case.Show()}");
        var others = results.Where(r => r.Verdict == Verdict.Other).ToList();
        foreach (var r in others.Take(20))
            lines.Add($"  OTHER {r.Case.Show()}\n    {r.Detail.Replace("\n", "\n    ")}\n    reference: exit {r.Reference.Exit} {Tail(r.Reference.Stderr)}\n    native:    exit {r.Native.Exit} {Tail(r.Native.Stderr)}");
        foreach (var l in lines)
        {
            output.WriteLine(l);
            Console.Error.WriteLine(l);
        }
        Xunit.Assert.True(others.Count == 0,
            $"{others.Count} difference(s) from the reference that are no hardening of SPEC:\n" + string.Join('\n', lines));
    }

    private static string Tail(string s)
    {
        var lines = s.Trim().Split('\n').Select(Differ.Cut).ToArray();
        return string.Join(" | ", lines.Length <= 3 ? lines : lines[^3..]);
    }

    public void Dispose()
    {
        if (!_families.IsEmpty) Console.Error.WriteLine(TotalLine());
    }
}
