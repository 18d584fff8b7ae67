using System.Text;
using System.Text.Json;
using Rootwrap.Config;
using Rootwrap.Filters;

namespace Rootwrap.Matching;

/// <summary>A filter, or an [Arguments] shape, as the explanation names it.</summary>
public sealed record FilterRef(string Name, string Class, string? File, int Line)
{
    public static FilterRef Of(Filter f) => new(f.Name, f.ClassName, f.Source?.File, f.Source?.Line ?? 0);
    public static FilterRef Of(ArgumentShape s) => new(s.Name, "[Arguments]", s.File, s.Line);

    public override string ToString() => File is null ? $"{Name} ({Class}, implicit)" : $"{Name} ({Class}, {File}:{Line})";
}

/// <summary>One filter (or shape) that did not admit the call, why, and for a chain what its rest met.</summary>
public sealed record Miss(FilterRef Filter, string Reason, IReadOnlyList<Miss> Inner);

/// <summary>
/// <c>rootwrap-audit explain</c>: what the helper would do with one call, and why. Built from
/// <see cref="Decision.Make"/> itself (the plan and the exit code are the helper's), with the
/// near misses read from each filter's <see cref="Filter.Mismatch"/>. Nothing here runs or
/// signals anything.
/// </summary>
public sealed record Explanation
{
    /// <summary>The helper's exit code for this call; 0 here means "would run the command".</summary>
    public required int ExitCode { get; init; }
    public required IReadOnlyList<string> Command { get; init; }
    /// <summary>The helper's stderr message (without its name), or null when it would run.</summary>
    public string? Message { get; init; }
    public ExecPlan? Plan { get; init; }
    /// <summary>The filter that matched (also for a refusal that came after the match).</summary>
    public FilterRef? Filter { get; init; }
    /// <summary>For a chain: the filter its rest matched.</summary>
    public FilterRef? Leaf { get; init; }
    public string? Shape { get; init; }
    public string? LeafShape { get; init; }
    /// <summary>The filters for the same command (and the shapes tried), with why each refused.</summary>
    public IReadOnlyList<Miss> Misses { get; init; } = [];
    public IReadOnlyList<string> Notes { get; init; } = [];

    public string Outcome => ExitCode switch
    {
        0 => "would run",
        Codes.Unauthorized => "unauthorized",
        Codes.NoCommand => "no command",
        Codes.BadConfig => "configuration error",
        Codes.ExecutableNotFound => "executable not found",
        _ => "refused",
    };

    /// <summary>The helper's exit codes (SPEC 2).</summary>
    public static class Codes
    {
        public const int Unauthorized = 99, NoCommand = 98, BadConfig = 97, ExecutableNotFound = 96;
    }

    public static Explanation ConfigError(IReadOnlyList<string> command, ConfigException e, IReadOnlyList<string> notes) =>
        new() { ExitCode = Codes.BadConfig, Command = command, Message = e.Describe(), Notes = notes };

    /// <summary>The helper's decision for <paramref name="command"/>, explained. Pure, as Decision.Make.</summary>
    public static Explanation Explain(RootwrapConfig config, FilterSet set, IReadOnlyList<string> command,
        ISystemView sys, IUserDatabase users, IReadOnlyList<string>? notes = null)
    {
        var allNotes = new List<string>(notes ?? []);
        if (command.Count == 0)
            return new() { ExitCode = Codes.NoCommand, Command = command, Message = "No command specified", Notes = allNotes };
        if (!config.ExecDirsConfigured)
            allNotes.Add($"exec_dirs is not set: executables are looked up in PATH ({sys.PathVariable}); under sudo the helper gets sudo's secure_path");

        Decision decision;
        try { decision = Decision.Make(config, set, command, sys, users); }
        catch (ConfigException e) { return ConfigError(command, e, allNotes); }

        // The same walk as Decision.Make's (one reading of the machine), for the names it doesn't return.
        var view = new OneReading(sys);
        var matched = Matcher.Match(set.Filters, new List<string>(command), config.ExecDirs, view) as MatchResult.Matched;
        FilterRef? filter = matched is null ? null : FilterRef.Of(matched.Filter);
        FilterRef? leaf = matched?.Leaf is { } l ? FilterRef.Of(l) : null;
        var own = matched is null ? [] : command.Skip(1).Take(command.Count - 1 - matched.RestCount).ToList();
        var rest = matched?.Leaf is null ? [] : command.Skip(command.Count - matched.RestCount + 1).ToList();

        switch (decision)
        {
            case Decision.Run run:
                return new()
                {
                    ExitCode = 0, Command = command, Plan = run.Plan, Filter = filter, Leaf = leaf,
                    Shape = FittingShape(set, matched!.Filter, own), LeafShape = matched.Leaf is null ? null : FittingShape(set, matched.Leaf, rest),
                    Notes = allNotes,
                };
            case Decision.ExecutableNotFound nf:
                allNotes.Add(nf.Filter.ExecPath.StartsWith('/')
                    ? $"{nf.Filter.ExecPath} is not an executable file"
                    : $"{nf.Filter.ExecPath} is in none of exec_dirs ({string.Join(", ", config.ExecDirs)})");
                return new()
                {
                    ExitCode = Codes.ExecutableNotFound, Command = command, Message = nf.Message, Filter = FilterRef.Of(nf.Filter),
                    Misses = NearMisses(set.Filters, command, config.ExecDirs, view, chained: false), Notes = allNotes,
                };
        }
        var u = (Decision.Unauthorized)decision;
        if (matched is null)
        {
            var misses = NearMisses(set.Filters, command, config.ExecDirs, view, chained: false);
            if (misses.Count == 0) allNotes.Add($"no filter is for {Filters.Filter.Quote(command[0])} (a filter names its executable or that executable's basename)");
            return new() { ExitCode = Codes.Unauthorized, Command = command, Message = u.Message, Misses = misses, Notes = allNotes };
        }
        // A filter matched and something after the match refused: section 8's narrowing, H6, H8,
        // a [Namespaces] rule, a kill signal, undeclared_capabilities = deny.
        var shapes = new List<Miss>();
        ShapesTried(set, matched.Filter, own, shapes);
        if (matched.Leaf is not null) ShapesTried(set, matched.Leaf, rest, shapes);
        if (shapes.Count > 0)
            allNotes.Add("a call that fits none of a filter's shapes is refused; the filters after it are not tried");
        if (matched.Leaf is not null && set.Chains.TryGetValue(matched.Filter.Name, out var chain))
            allNotes.Add($"[Chains] {chain.Filter} ({chain.File}:{chain.Line}) lists: {string.Join(", ", chain.Leaves.Order(StringComparer.Ordinal))}");
        return new() { ExitCode = Codes.Unauthorized, Command = command, Message = u.Message, Filter = filter, Leaf = leaf, Misses = shapes, Notes = allNotes };
    }

    private static string? FittingShape(FilterSet set, Filter f, List<string> args) =>
        set.Arguments.TryGetValue(f.Name, out var shapes)
            ? shapes.FirstOrDefault(s => s.Matches(args, set.Trust.Untrusted, out _))?.Name
            : null;

    private static void ShapesTried(FilterSet set, Filter f, List<string> args, List<Miss> into)
    {
        if (!set.Arguments.TryGetValue(f.Name, out var shapes)) return;
        foreach (var s in shapes)
            into.Add(new Miss(FilterRef.Of(s), s.Mismatch(args, set.Trust.Untrusted) ?? "fits", []));
    }

    /// <summary>
    /// Every filter for the same command, in match order, and why it refused: the matcher's own
    /// walk (EnvFilter's removal of a leading <c>env</c> included), asking each filter that
    /// refuses for its reason. A chain whose rest matched nothing shows its rest's near misses.
    /// </summary>
    private static List<Miss> NearMisses(IReadOnlyList<Filter> filters, IReadOnlyList<string> command,
        IReadOnlyList<string> execDirs, ISystemView sys, bool chained)
    {
        var misses = new List<Miss>();
        var userargs = new List<string>(command);
        foreach (var f in filters)
        {
            var before = new List<string>(userargs);
            if (!f.Match(userargs, sys))
            {
                if (f.Mismatch(before, sys) is { OtherCommand: false } m) misses.Add(new Miss(FilterRef.Of(f), m.Reason, []));
                continue;
            }
            if (f.IsChaining)
            {
                var rest = f.ExecArgs(userargs);
                if (rest.Count == 0)
                {
                    misses.Add(new Miss(FilterRef.Of(f), f is ChainingFilter ? "a ChainingFilter chains nothing: it never matches" : "no command follows its own words", []));
                    continue;
                }
                var leaves = filters.Where(x => x.RunAs == f.RunAs && !x.IsChaining).ToList();
                var inner = Matcher.Match(leaves, new List<string>(rest), execDirs, sys);
                if (inner is MatchResult.NoMatch)
                {
                    misses.Add(new Miss(FilterRef.Of(f), $"its own words match, but the command it runs, {Filters.Filter.Quote(rest[0])}, matches no filter of user {f.RunAs}",
                        chained ? [] : NearMisses(leaves, rest, execDirs, sys, chained: true)));
                    continue;
                }
                if (inner is MatchResult.NotExecutable ne)
                {
                    misses.Add(new Miss(FilterRef.Of(f), $"the command it runs matches {ne.Filter.Name}, whose executable {ne.Filter.ExecPath} was not found", []));
                    continue;
                }
            }
            misses.Add(new Miss(FilterRef.Of(f), f.GetExec(execDirs, sys) is null ? $"matches, but its executable {f.ExecPath} was not found" : "matches", []));
        }
        return misses;
    }

    /// <summary>The readable form: one field a line, the plan in the helper's terms.</summary>
    public string ToText()
    {
        var sb = new StringBuilder();
        void Line(string key, string value) => sb.Append(key.PadRight(14)).Append(value).Append('\n');
        Line("command:", string.Join(' ', Command.Select(a => a.Length == 0 || a.Any(c => c <= ' ' || c == '\'' || c == '\\' || c == 0x7f) ? Filters.Filter.Quote(a) : a)));
        Line("decision:", $"{Outcome} (exit {ExitCode})");
        if (Message is not null) Line("message:", Message);
        if (Filter is not null) Line("filter:", Filter + (Shape is null ? "" : $", shape {Shape}"));
        if (Leaf is not null) Line("leaf:", Leaf + (LeafShape is null ? "" : $", shape {LeafShape}"));
        if (Plan is { } p)
        {
            Line("executable:", p.Executable);
            Line("argv:", p.ArgvRepr());
            Line("environment:", p.EnvironmentChanges is { Count: > 0 } env ? "inherited, plus " + string.Join(' ', env.Select(kv => kv.Key + "=" + kv.Value)) : "inherited");
            Line("user:", p.User?.ToString() ?? "root");
            Line("capabilities:", CapabilitiesText(p.Capabilities));
            Line("paths:", PathsText(p));
            Line("netns:", p.NetworkNamespace is { } ns ? $"{ns} (entered by the helper, as ip netns exec)" : "not entered");
            Line("kill:", p.Kill is { } k ? $"signal {k.Signal} to PID {k.PidArgument} if it still runs {k.Target} (no /bin/kill)" : "no");
        }
        if (Misses.Count > 0)
        {
            sb.Append(Plan is null && Filter is not null ? "shapes tried:\n" : "nearest filters:\n");
            void Write(IReadOnlyList<Miss> ms, string indent)
            {
                foreach (var m in ms)
                {
                    sb.Append(indent).Append(m.Filter).Append(": ").Append(m.Reason).Append('\n');
                    Write(m.Inner, indent + "    ");
                }
            }
            Write(Misses, "  ");
        }
        foreach (var n in Notes) sb.Append("note: ").Append(n).Append('\n');
        return sb.ToString();
    }

    private static string CapabilitiesText(CapabilityPlan? c) => c is null
        ? "all (undeclared: the reference's full root, no_new_privs off)"
        : $"keep {c.Keep}; ambient {(c.Ambient ? "yes" : "no")}; no_new_privs {(c.NoNewPrivs ? "on" : "off")}";

    private static string PathsText(ExecPlan p)
    {
        if (p.ReadWritePaths is null) return "unconfined";
        var rw = p.ReadWritePaths.Count == 0 ? "nothing writable" : "rw " + string.Join(", ", p.ReadWritePaths);
        var ro = p.ReadOnlyPaths is null ? "reads unrestricted" : "ro " + string.Join(", ", p.ReadOnlyPaths) + " (reads restricted)";
        return $"{rw}; {ro}";
    }

    /// <summary>The same, as one JSON object (written by hand: no reflection, NativeAOT).</summary>
    public string ToJson()
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteStartArray("command");
            foreach (var a in Command) w.WriteStringValue(a);
            w.WriteEndArray();
            w.WriteString("decision", Outcome);
            w.WriteNumber("exit", ExitCode);
            w.WriteString("message", Message);
            WriteRef(w, "filter", Filter, Shape);
            WriteRef(w, "leaf", Leaf, LeafShape);
            if (Plan is { } p)
            {
                w.WriteStartObject("plan");
                w.WriteString("executable", p.Executable);
                w.WriteStartArray("argv");
                foreach (var a in p.Argv) w.WriteStringValue(a);
                w.WriteEndArray();
                w.WriteStartObject("environment");
                foreach (var kv in p.EnvironmentChanges ?? []) w.WriteString(kv.Key, kv.Value);
                w.WriteEndObject();
                if (p.User is { } u)
                {
                    w.WriteStartObject("user");
                    w.WriteString("name", u.Name);
                    w.WriteNumber("uid", u.Uid);
                    w.WriteNumber("gid", u.Gid);
                    w.WriteEndObject();
                }
                else w.WriteString("user", "root");
                if (p.Capabilities is { } c)
                {
                    w.WriteStartObject("capabilities");
                    w.WriteStartArray("keep");
                    foreach (var n in c.Keep.IsEmpty ? [] : c.Keep.ToString().Split(", ")) w.WriteStringValue(n);
                    w.WriteEndArray();
                    w.WriteBoolean("ambient", c.Ambient);
                    w.WriteBoolean("no_new_privs", c.NoNewPrivs);
                    w.WriteEndObject();
                }
                else w.WriteNull("capabilities");
                WritePaths(w, "rw", p.ReadWritePaths);
                WritePaths(w, "ro", p.ReadOnlyPaths);
                w.WriteString("netns", p.NetworkNamespace);
                if (p.Kill is { } k)
                {
                    w.WriteStartObject("kill");
                    w.WriteString("pid", k.PidArgument);
                    w.WriteNumber("signal", k.Signal);
                    w.WriteString("target", k.Target);
                    w.WriteEndObject();
                }
                else w.WriteNull("kill");
                w.WriteEndObject();
            }
            else w.WriteNull("plan");
            w.WriteStartArray("misses");
            WriteMisses(w, Misses);
            w.WriteEndArray();
            w.WriteStartArray("notes");
            foreach (var n in Notes) w.WriteStringValue(n);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(ms.ToArray()) + "\n";
    }

    private static void WriteRef(Utf8JsonWriter w, string name, FilterRef? r, string? shape)
    {
        if (r is null) { w.WriteNull(name); return; }
        w.WriteStartObject(name);
        WriteRefFields(w, r);
        w.WriteString("shape", shape);
        w.WriteEndObject();
    }

    private static void WriteRefFields(Utf8JsonWriter w, FilterRef r)
    {
        w.WriteString("name", r.Name);
        w.WriteString("class", r.Class);
        w.WriteString("file", r.File);
        w.WriteNumber("line", r.Line);
    }

    private static void WritePaths(Utf8JsonWriter w, string name, IReadOnlyList<string>? paths)
    {
        if (paths is null) { w.WriteNull(name); return; }
        w.WriteStartArray(name);
        foreach (var x in paths) w.WriteStringValue(x);
        w.WriteEndArray();
    }

    private static void WriteMisses(Utf8JsonWriter w, IReadOnlyList<Miss> misses)
    {
        foreach (var m in misses)
        {
            w.WriteStartObject();
            WriteRefFields(w, m.Filter);
            w.WriteString("reason", m.Reason);
            w.WriteStartArray("inner");
            WriteMisses(w, m.Inner);
            w.WriteEndArray();
            w.WriteEndObject();
        }
    }
}
