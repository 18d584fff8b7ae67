using System.Collections.Concurrent;
using System.Text;
using CsCheck;
using Xunit;
using Xunit.Abstractions;

namespace Rootwrap.Tests.Differential;

/// <summary>
/// Property: for any command line, rootwrap-native does what oslo-rootwrap does, or refuses
/// where a hardening says it must. Command lines are generated (CsCheck) from the hostile
/// scenario's commands and from argument parts that matter to filters: '..', symlinks,
/// siblings, trailing newlines, empty strings, shell metacharacters, NAME=VALUE words,
/// netns words, non-UTF-8 bytes, non-ASCII digits and letters, long strings. A failure
/// prints CsCheck's seed for replay.
/// </summary>
[Collection("Differential")]
public sealed class GeneratedCases(Sandbox sb, DiffSummary summary, ITestOutputHelper output)
{
    private static byte[] B(string s) => Encoding.UTF8.GetBytes(s);

    private static readonly string[] Words =
    [
        "start", "stop", "status", "startx", "xstop", "status\n", "5", "5\n", "-5", "--5", "\u0663", "", "nova", "nova\n",
        "-c", "-a", "-maxdepth", "echo 'x' > /tmp/y", "echo 'a\nb' > /etc/x", "echo 'x' > /tmp/y\n", "echo 'x';id > /y",
        "/etc/hosts", "/etc/../etc/shadow", "/etc/..", "/etc/x\n", "/etc/\u00e9t\u00e9", "/backup/abc", "abc-abc", "abc-abd", "abc-abc\n",
        "CONFIG_FILE=/x", "NETWORK_ID=1", "NETWORK_ID=", "A=b", "=x", "LD_PRELOAD=/tmp/x.so", "env",
        "netns", "net", "exec", "e", "exe", "link", "set", "qrouter-1", "ip", "ls", "cat", "sleep", "nice", "id", "dd",
        "$(id)", "`id`", ";", "|", "&&", "*", "~", "\n", " ", "\t", "a b", "'", "\"", "\\", "%s%n", "-", "--",
    ];

    private static readonly byte[][] RawWords =
    [
        [0xff], [0xfe, 0x41], "caf"u8.ToArray().Append((byte)0xe9).ToArray(), [0xc3], [0xed, 0xa0, 0x80], [0xc0, 0xaf],
        [0x35, 0x80], [0x2f, 0x65, 0x74, 0x63, 0x2f, 0xff], [0xe2, 0x82],
    ];

    private static Gen<byte[]> ArgGen(HostileScenario hs)
    {
        var word = Gen.OneOf(Words.Select(B).Concat(RawWords).ToArray());
        var path = Gen.OneOf(hs.Paths.Select(B).ToArray());
        var suffix = Gen.OneOf(B(""), B("\n"), B("/"), B("/.."), B("/x"), [0xff], B(" "));
        var concat = Gen.Select(Gen.OneOf(word, path), suffix, (a, b) => a.Concat(b).ToArray());
        var ascii = Gen.String[Gen.Char['!', '~'], 0, 12].Select(B);
        var bytes = Gen.Byte.Where(b => b != 0).Array[1, 6];
        var longArg = Gen.OneOf(B(new string('a', 5000)), B(new string('5', 3000)), B("/" + new string('x', 4000)));
        return Gen.Frequency(new (int, IGen<byte[]>)[] { (6, word), (5, path), (4, concat), (2, ascii), (2, bytes), (1, longArg) });
    }

    private static Gen<byte[]> W(params string[] words) => Gen.OneOf(words.Select(B).ToArray());

    /// <summary>Mostly the words a filter is about, sometimes anything.</summary>
    private static Gen<byte[]> Near(Gen<byte[]> any, params string[] words) =>
        Gen.Frequency(new (int, IGen<byte[]>)[] { (4, W(words)), (1, any) });

    private static Gen<byte[][]> Seq(params Gen<byte[]>[] parts) =>
        parts.Aggregate(Gen.Const(Array.Empty<byte[]>()), (acc, g) => Gen.Select(acc, g, (a, x) => a.Append(x).ToArray()));

    /// <summary>
    /// Command lines close to what each filter of the hostile scenario admits (so that most
    /// of them reach the interesting part of a filter), and free-form ones.
    /// </summary>
    private static Gen<byte[][]> CommandGen(HostileScenario hs)
    {
        var any = ArgGen(hs);
        var path = Gen.Frequency(new (int, IGen<byte[]>)[] { (4, Gen.OneOf(hs.Paths.Select(B).ToArray())), (1, any) });
        var cmd = Gen.Frequency(new (int, IGen<byte[]>)[]
        {
            (10, Gen.OneOf(HostileScenario.Commands.Select(B).ToArray())),
            (1, Gen.OneOf(B("/usr/bin/ls"), B("ls\n"), B(""), B("LS"), B("nice\n"), [0x6c, 0x73, 0xff])),
        });
        var free = Gen.Select(cmd, any.Array[0, 6], (c, args) => args.Prepend(c).ToArray());
        var templates = Gen.OneOf(
            Seq(W("svc"), Near(any, "start", "stop", "status", "startx", "xstop", "status\n", "stop\n"), Near(any, "web", "a_1", "Web", "web\n", "-x", "")),
            Seq(W("sleep"), Near(any, "5", "5\n", "\u0663", "-5", "12345678901234567890", "5 ", "+5", "")),
            Seq(W("echo"), any),
            Seq(W("sh"), Near(any, "-c"), Near(any, "echo 'x' > /tmp/y", "echo 'a\nb' > /etc/x", "echo 'x' > /tmp/y\n", "echo 'x';id > /y", "echo '' > /")),
            Seq(W("chown"), Near(any, "nova", "nova\n"), path),
            Seq(W("chmod"), any, path),
            Seq(Near(any, "env"), Near(any, "CONFIG_FILE=/x", "CONFIG_FILE="), Near(any, "NETWORK_ID=1", "NETWORK_ID="), Near(any, "dnsmasq", "/usr/sbin/dnsmasq", "dnsmasq\n")),
            Seq(W("ip"), Near(any, "netns", "net", "-s", "link", "netn"), Near(any, "exec", "e", "add", "exe"), Near(any, "ns1", ""), Near(any, "ls", "ip", "dd", "cat")),
            Seq(W("nice"), Near(any, "5", "-5", "5\n", "--5"), Near(any, "ls", "/usr/bin/ls", "cat", "dd", "nice")),
            Seq(W("cp"), Near(any, "abc-abc", "abc-abd", "abc-abc\n", "\u01c5-\u01c5"), Near(any, "/backup/x", "/backup/\n")),
            Seq(W("find"), path, Near(any, "-maxdepth"), Near(any, "1", "1\n")),
            Seq(W("tee"), Near(any, "-a"), Near(any, "/etc/hosts", "/etc/../shadow", "/etc/x\n", "/etc/..x", "/etc/..")),
            Seq(W("ls", "cat", "id"), any),
            free, free, free);
        var tail = Gen.Frequency(new (int, IGen<byte[][]>)[] { (5, Gen.Const(Array.Empty<byte[]>())), (1, any.Array[1, 3]) });
        return Gen.Select(templates, tail, (t, x) => t.Concat(x).ToArray());
    }

    [RequiresFact(Need.Differential)]
    public void Generated_command_lines_agree_or_are_hardenings()
    {
        var hs = new HostileScenario(sb);
        var results = new ConcurrentBag<CaseResult>();
        Exception? failure = null;
        try
        {
            Check.Sample(CommandGen(hs), command =>
            {
                var r = Differ.RunAsync(sb, new DiffCase("generated", hs.Conf, command)).GetAwaiter().GetResult();
                results.Add(r);
                if (r.Verdict == Verdict.Other)
                    throw new Xunit.Sdk.XunitException($"{r.Detail}\nreference: exit {r.Reference.Exit} {r.Reference.Stderr}\nnative: exit {r.Native.Exit} {r.Native.Stderr}");
            }, iter: Iterations, threads: 3, print: c => new DiffCase("generated", "", c).Show());
        }
        catch (Exception e) { failure = e; }
        summary.Report(output, "generated command lines", results.ToList());
        if (failure is not null) throw failure;
    }

    /// <summary>Property iterations: ROOTWRAP_DIFF_ITER, default 400 (about 30 s on two cores).</summary>
    private static long Iterations =>
        long.TryParse(Environment.GetEnvironmentVariable("ROOTWRAP_DIFF_ITER"), out var n) && n > 0 ? n : 400;
}
