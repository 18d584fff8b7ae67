using System.Text;
using System.Buffers.Binary;
using Rootwrap.Config;
using Rootwrap.Daemon;
using Rootwrap.Filters;
using Rootwrap.Ini;
using Rootwrap.Matching;
using SharpFuzz;

namespace Rootwrap.Fuzz;

/// <summary>
/// Coverage-guided fuzzing targets (SharpFuzz instruments Rootwrap.Shared.dll; AFL++ drives).
/// A target fails only on what no input may cause: an exception other than the
/// configuration errors the helper turns into exit 97, or a broken invariant.
///   ini      the configparser-compatible reader (rootwrap.conf and filter files)
///   filters  a filter file: [Filters] (every class), [Capabilities], [Paths]
///   matcher  a filter file, then (after a line "----") a command, one argument a line
///   frame    the daemon's side of a connection after authentication (SPEC 5): frames
///            (8-byte big-endian length, then the JSON request) as ClientConnection reads
///            them, parsed by PyJson and answered by ManagerServer
///   handshake the daemon's mutual authentication (SPEC 5): the input is a peer's challenge
///            frame, which we answer (our answer must pass our own check), and a peer's
///            answer to our challenge (nothing it sends may pass without the key)
///   canary   fails on any input containing "boom": proves a failure is reported
/// Usage: Rootwrap.Fuzz TARGET            (under afl-fuzz: reads each input from stdin)
///        Rootwrap.Fuzz TARGET --replay DIR   (runs every file of DIR once, uninstrumented)
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length == 0) return Usage();
        Action<byte[]>? target = args[0] switch
        {
            "ini" => Targets.Ini,
            "filters" => Targets.Filters,
            "matcher" => Targets.Matcher,
            "frame" => Targets.Frames,
            "handshake" => Targets.Handshake,
            // Proves the toolchain reports a failure: throws on any input containing "boom".
            "canary" => Targets.Canary,
            _ => null,
        };
        if (target is null)
        {
            Console.Error.WriteLine($"no fuzzing target '{args[0]}' in this build");
            return 2;
        }
        if (args.Length == 3 && args[1] == "--replay")
        {
            int n = 0;
            foreach (var f in Directory.EnumerateFiles(args[2]).Order(StringComparer.Ordinal))
            {
                target(File.ReadAllBytes(f));
                n++;
            }
            Console.WriteLine($"{args[0]}: {n} inputs replayed, no failure");
            return 0;
        }
        Fuzzer.OutOfProcess.Run(stream =>
        {
            using var ms = new MemoryStream();
            stream.CopyTo(ms);
            target(ms.ToArray());
        });
        return 0;
    }

    private static int Usage()
    {
        Console.Error.WriteLine("usage: Rootwrap.Fuzz ini|filters|matcher|frame|handshake [--replay DIR]");
        return 2;
    }
}

public static class Targets
{
    // Filter files are read from disk by the loader (as in production): a tmpfs folder of
    // the process's own, rewritten for each input.
    private static readonly string Dir = Path.Combine(
        Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath(), $"rootwrap-fuzz-{Environment.ProcessId}");

    public static void Ini(byte[] input)
    {
        try
        {
            var doc = IniDocument.Parse("fuzz.ini", input, strict: false);
            foreach (var s in doc.Sections)
                foreach (var e in s.Entries)
                    if (e.Key.Length == 0) throw new InvalidOperationException("an option without a name was accepted");
            IniDocument.Parse("fuzz.ini", input, strict: true);
        }
        catch (IniException) { }
    }

    public static void Filters(byte[] input) => Load(input);

    /// <summary>A daemon that runs nothing: every command "prints" its arguments, some bytes undecodable.</summary>
    private sealed class EchoService : IRootwrapService
    {
        public CommandResult RunOneCommand(IReadOnlyList<string> userargs, byte[]? stdin) =>
            new(userargs.Count, Encoding.UTF8.GetBytes(string.Join(' ', userargs)), stdin ?? [0xff, 0xc3]);
        public void Touch() { }
        public void RequestShutdown() { }
    }

    public static void Frames(byte[] input)
    {
        var server = new ManagerServer(new EchoService());
        // An object exists, as after the client's create(); "@" in a request stands for its
        // (random) ident, so that calls on it are reachable.
        var created = server.HandleRequest(PyJson.Parse("[null, \"create\", [\"rootwrap\"], {}]"u8));
        var ident = (string)((object?[])created.Value!)[0]!;
        var rest = input.AsSpan();
        bool serving = false;
        while (rest.Length >= 8)
        {
            ulong length = BinaryPrimitives.ReadUInt64BigEndian(rest);
            rest = rest[8..];
            // ClientConnection drops a peer whose frame announces more than it sends.
            if (length > (ulong)rest.Length) return;
            var frame = Encoding.Latin1.GetString(rest[..(int)length]).Replace("\"@\"", $"\"{ident}\"");
            rest = rest[(int)length..];
            object? request;
            try { request = PyJson.Parse(Encoding.Latin1.GetBytes(frame)); }
            catch (PyJsonException) { return; }
            var reply = serving ? server.HandleCall(request) : server.HandleRequest(request);
            // What we write, the client's json.loads reads: our own parser must too.
            PyJson.Parse(reply.Serialize().ToArray());
            if (reply.Then != ManagerServer.Next.Serve) return;
            serving = true;
        }
    }

    private static readonly byte[] AuthKey = "fuzzing key, not the peer's"u8.ToArray();
    private static readonly (byte[] Frame, byte[] Message) OurChallenge = Challenge.Create();

    public static void Handshake(byte[] input)
    {
        // The daemon reads at most MaxFrame bytes of a handshake frame.
        var frame = input.AsSpan(0, Math.Min(input.Length, Challenge.MaxFrame));
        // A peer's challenge: whatever we answer, a peer holding the key must accept, as
        // multiprocessing.connection checks it (HMAC over the message after #CHALLENGE#).
        if (Challenge.Answer(AuthKey, frame) is { } answer)
        {
            var message = frame[Challenge.ChallengePrefix.Length..];
            if (!Challenge.Verify(AuthKey, message, answer))
                throw new InvalidOperationException("our answer to a challenge fails our own check");
            if (answer.Length > Challenge.MaxFrame) throw new InvalidOperationException("answer longer than a handshake frame");
        }
        // A peer's answer to our challenge, made without the key: never accepted.
        if (Challenge.Verify(AuthKey, OurChallenge.Message, frame))
            throw new InvalidOperationException("an answer made without the key was accepted");
    }

    public static void Canary(byte[] input)
    {
        if (input.AsSpan().IndexOf("boom"u8) >= 0) throw new InvalidOperationException("canary");
    }

    public static void Matcher(byte[] input)
    {
        int sep = IndexOf(input, "\n----\n"u8);
        var filters = sep < 0 ? input : input[..sep];
        var command = sep < 0 ? ["kill", "-9", "4242"] : Encoding.UTF8.GetString(input, sep + 6, input.Length - sep - 6).Split('\n');
        var loaded = Load(filters);
        if (loaded is not var (config, set)) return;
        Decision d;
        try
        {
            d = Decision.Make(config, set, command, new FakeSystem(), new FakeUsers());
        }
        catch (ConfigException) { return; }
        if (d is Decision.Run { Plan: var plan })
        {
            // Invariants of every plan.
            if (plan.Argv.Count == 0 || plan.Argv[0] != plan.Executable) throw new InvalidOperationException("argv[0] is not the executable");
            if (plan.ReadWritePaths is not null && (plan.Capabilities is null || !ConfinementRules.Voiding(plan.Capabilities.Keep).IsEmpty)
                && !set.Capabilities.ContainsKey(plan.FilterName))
                throw new InvalidOperationException("a confined plan keeps a voiding capability it did not declare");
            _ = plan.ToString();
        }
    }

    private static (RootwrapConfig, FilterSet)? Load(byte[] filterFile)
    {
        Directory.CreateDirectory(Path.Combine(Dir, "f"));
        File.WriteAllBytes(Path.Combine(Dir, "f", "fuzz.filters"), filterFile);
        var conf = Path.Combine(Dir, "rootwrap.conf");
        if (!File.Exists(conf))
            File.WriteAllText(conf, $"[DEFAULT]\nfilters_path={Dir}/f\nexec_dirs=/sbin,/bin,/usr/bin\n");
        try
        {
            var config = RootwrapConfig.Load(conf, "/usr/sbin:/usr/bin:/sbin:/bin");
            return (config, FilterLoader.Load(config, TrustAnything.Instance));
        }
        catch (ConfigException) { return null; }
    }

    private static int IndexOf(byte[] hay, ReadOnlySpan<byte> needle) => hay.AsSpan().IndexOf(needle);

    /// <summary>A machine where a few programs exist and PID 4242 runs dnsmasq.</summary>
    private sealed class FakeSystem : ISystemView
    {
        private static readonly HashSet<string> Exists = ["/bin/kill", "/usr/bin/ip", "/sbin/ip", "/bin/cat", "/usr/bin/env", "/usr/sbin/dnsmasq", "/bin/chown", "/usr/bin/tee", "/bin/sh"];
        public bool IsExecutable(string path) => Exists.Contains(path);
        public string RealPath(string path) => Rootwrap.Posix.PosixPath.NormPath(path.StartsWith('/') ? path : "/var/lib/" + path);
        public bool IsFile(string path) => Exists.Contains(path);
        public string? ProcExe(int pid) => pid == 4242 ? "/usr/sbin/dnsmasq" : pid == 4243 ? "/usr/sbin/dnsmasq (deleted)" : null;
        public string? ProcCmdlineArg0(int pid) => pid == 4243 ? "dnsmasq" : null;
        public string? PathVariable => "/usr/sbin:/usr/bin:/sbin:/bin";
    }

    private sealed class FakeUsers : IUserDatabase
    {
        public UserSpec? Lookup(string name) => name is "nova" or "neutron" ? new UserSpec(name, 1000, 1000, [1000]) : null;
    }
}
