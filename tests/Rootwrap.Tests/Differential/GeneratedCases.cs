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

    private static Gen<byte[][]> CommandGen(HostileScenario hs)
    {
        var cmd = Gen.Frequency(new (int, IGen<byte[]>)[]
        {
            (10, Gen.OneOf(HostileScenario.Commands.Select(B).ToArray())),
            (1, Gen.OneOf(B("/usr/bin/ls"), B("ls\n"), B(""), B("LS"), B("nice\n"), [0x6c, 0x73, 0xff])),
        });
        return Gen.Select(cmd, ArgGen(hs).Array[0, 6], (c, args) => args.Prepend(c).ToArray());
    }

    [Fact]
    public void Generated_command_lines_agree_or_are_hardenings()
    {
        if (!sb.IsAvailable) { output.WriteLine("skipped: " + sb.Unavailable); return; }
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
