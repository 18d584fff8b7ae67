using System.Buffers.Binary;
using Rootwrap.Capabilities;
using Rootwrap.Matching;
using Rootwrap.Text;

namespace Rootwrap.Daemon;

/// <summary>
/// An <see cref="ExecPlan"/> as bytes, for the daemon to hand a decided plan to a launcher
/// process. Every field travels; strings go as their OS bytes (surrogate-escaped bytes
/// stay the bytes they were). A test fails when ExecPlan gains a field this codec ignores.
/// </summary>
public static class ExecPlanCodec
{
    private const uint Magic = 0x52575031; // "RWP1"
    public const int MaxPlanBytes = 16 << 20;

    public static byte[] Encode(ExecPlan plan)
    {
        var w = new Out();
        w.U32(Magic);
        w.Str(plan.FilterName);
        w.Str(plan.Executable);
        w.List(plan.Argv);
        w.Bool(plan.EnvironmentChanges is not null);
        if (plan.EnvironmentChanges is { } env)
        {
            w.U32((uint)env.Count);
            foreach (var (k, v) in env) { w.Str(k); w.Str(v); }
        }
        w.Bool(plan.User is not null);
        if (plan.User is { } u)
        {
            w.Str(u.Name);
            w.U32(u.Uid);
            w.U32(u.Gid);
            w.U32((uint)u.Groups.Count);
            foreach (var g in u.Groups) w.U32(g);
        }
        w.Bool(plan.Capabilities is not null);
        if (plan.Capabilities is { } c)
        {
            w.U64(c.Keep.Mask);
            w.Bool(c.Ambient);
            w.Bool(c.NoNewPrivs);
        }
        w.Bool(plan.ReadWritePaths is not null);
        if (plan.ReadWritePaths is { } rw) w.List(rw);
        w.Bool(plan.ReadOnlyPaths is not null);
        if (plan.ReadOnlyPaths is { } ro) w.List(ro);
        w.Bool(plan.Kill is not null);
        if (plan.Kill is { } kill)
        {
            w.Str(kill.PidArgument);
            w.U32((uint)kill.Signal);
            w.Str(kill.Target);
            w.Bool(kill.PathVariable is not null);
            if (kill.PathVariable is { } pv) w.Str(pv);
        }
        w.U32((uint)plan.RlimitNofile);
        w.Bool(plan.NetworkNamespace is not null);
        if (plan.NetworkNamespace is { } ns) w.Str(ns);
        return w.ToArray();
    }

    /// <exception cref="FormatException">Not a plan this version wrote.</exception>
    public static ExecPlan Decode(ReadOnlySpan<byte> bytes)
    {
        var r = new In(bytes);
        if (r.U32() != Magic) throw new FormatException("not an exec plan");
        var filter = r.Str();
        var exe = r.Str();
        var argv = r.List();
        List<KeyValuePair<string, string>>? env = null;
        if (r.Bool())
        {
            int n = r.Count();
            env = new List<KeyValuePair<string, string>>(n);
            for (int i = 0; i < n; i++) { var k = r.Str(); env.Add(new(k, r.Str())); }
        }
        UserSpec? user = null;
        if (r.Bool())
        {
            var name = r.Str();
            uint uid = r.U32(), gid = r.U32();
            int n = r.Count();
            var groups = new uint[n];
            for (int i = 0; i < n; i++) groups[i] = r.U32();
            user = new UserSpec(name, uid, gid, groups);
        }
        CapabilityPlan? caps = null;
        if (r.Bool())
        {
            var keep = new CapabilitySet(r.U64());
            bool ambient = r.Bool();
            caps = new CapabilityPlan(keep, ambient, r.Bool());
        }
        IReadOnlyList<string>? rw = r.Bool() ? r.List() : null;
        IReadOnlyList<string>? ro = r.Bool() ? r.List() : null;
        KillAction? kill = null;
        if (r.Bool())
        {
            var pid = r.Str();
            int signal = (int)r.U32();
            var target = r.Str();
            kill = new KillAction(pid, signal, target, r.Bool() ? r.Str() : null);
        }
        int rlimit = (int)r.U32();
        string? netns = r.Bool() ? r.Str() : null;
        if (!r.AtEnd) throw new FormatException("trailing bytes after exec plan");
        return new ExecPlan
        {
            FilterName = filter,
            Executable = exe,
            Argv = argv,
            EnvironmentChanges = env,
            User = user,
            Capabilities = caps,
            ReadWritePaths = rw,
            ReadOnlyPaths = ro,
            Kill = kill,
            RlimitNofile = rlimit,
            NetworkNamespace = netns,
        };
    }

    private sealed class Out
    {
        private readonly List<byte> _b = new(256);
        public byte[] ToArray() => _b.ToArray();
        public void U32(uint v) { Span<byte> s = stackalloc byte[4]; BinaryPrimitives.WriteUInt32BigEndian(s, v); foreach (var x in s) _b.Add(x); }
        public void U64(ulong v) { Span<byte> s = stackalloc byte[8]; BinaryPrimitives.WriteUInt64BigEndian(s, v); foreach (var x in s) _b.Add(x); }
        public void Bool(bool v) => _b.Add(v ? (byte)1 : (byte)0);
        public void Str(string s) { var b = OsString.Encode(s); U32((uint)b.Length); _b.AddRange(b); }
        public void List(IReadOnlyList<string> l) { U32((uint)l.Count); foreach (var s in l) Str(s); }
    }

    private ref struct In(ReadOnlySpan<byte> s)
    {
        private ReadOnlySpan<byte> _s = s;
        public readonly bool AtEnd => _s.IsEmpty;

        private ReadOnlySpan<byte> Take(int n)
        {
            if (n < 0 || n > _s.Length) throw new FormatException("truncated exec plan");
            var r = _s[..n];
            _s = _s[n..];
            return r;
        }

        public uint U32() => BinaryPrimitives.ReadUInt32BigEndian(Take(4));
        public ulong U64() => BinaryPrimitives.ReadUInt64BigEndian(Take(8));
        public bool Bool() => Take(1)[0] switch { 0 => false, 1 => true, _ => throw new FormatException("bad flag in exec plan") };
        public int Count() { uint n = U32(); return n > (uint)_s.Length ? throw new FormatException("truncated exec plan") : (int)n; }
        public string Str() => OsString.Decode(Take(Count()));
        public List<string> List() { int n = Count(); var l = new List<string>(n); for (int i = 0; i < n; i++) l.Add(Str()); return l; }
    }
}
