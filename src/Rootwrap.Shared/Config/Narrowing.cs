using Rootwrap.Filters;
using Rootwrap.Ini;

namespace Rootwrap.Config;

/// <summary>
/// One item of an [Arguments] shape: a Python regexp the argument must match whole (H1),
/// and, for <c>trusted:</c> items, a path whose file and every folder on the way from / are
/// root's (H5), so that the file it names is root's word, not the caller's.
/// </summary>
public sealed record ArgumentPattern(PyRegex Regex, bool Trusted);

/// <summary>
/// An [Arguments] entry (docs/SPEC.md, section 8): a shape the arguments of a filter must
/// have, on top of the filter's own match, which only ever refuses more. The service's
/// filter files stay as they are (oslo.rootwrap ignores the section); a profile narrows
/// them. <c>name</c> narrows filter <c>name</c>; <c>name.shape</c> is one of several shapes
/// of it and may carry [Capabilities] and [Paths] of its own, which then replace the
/// filter's for a call of that shape. Items are comma-separated as a filter line's fields;
/// a last item <c>...</c> repeats the item before it zero or more times.
/// </summary>
public sealed record ArgumentShape(string Filter, string Name, IReadOnlyList<ArgumentPattern> Items, bool Variadic, string File, int Line)
{
    /// <summary>Whether <paramref name="args"/> (the arguments after the command) have this shape; <paramref name="untrusted"/> says why a path is not root's, or null.</summary>
    public bool Matches(IReadOnlyList<string> args, Func<string, string?> untrusted, out string? why)
    {
        why = null;
        int fixedCount = Variadic ? Items.Count - 1 : Items.Count;
        if (Variadic ? args.Count < fixedCount : args.Count != Items.Count) return false;
        for (int i = 0; i < args.Count; i++)
        {
            var item = Items[Math.Min(i, Items.Count - 1)];
            if (!item.Regex.FullMatch(args[i])) return false;
        }
        for (int i = 0; i < args.Count; i++)
        {
            var item = Items[Math.Min(i, Items.Count - 1)];
            if (item.Trusted && untrusted(TrustedPath(args[i])) is { } w)
            {
                why = $"argument {i + 1} ({args[i]}) {w}";
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// Why <paramref name="args"/> don't have this shape, or null when they do: for
    /// <c>rootwrap-audit explain</c>. Agrees with <see cref="Matches"/> case for case.
    /// </summary>
    public string? Mismatch(IReadOnlyList<string> args, Func<string, string?> untrusted)
    {
        int fixedCount = Variadic ? Items.Count - 1 : Items.Count;
        if (Variadic ? args.Count < fixedCount : args.Count != Items.Count)
            return Variadic
                ? $"takes at least {fixedCount} argument(s), got {args.Count}"
                : $"takes {Items.Count} argument(s), got {args.Count}";
        for (int i = 0; i < args.Count; i++)
        {
            var item = Items[Math.Min(i, Items.Count - 1)];
            if (!item.Regex.FullMatch(args[i]))
                return $"argument {i + 1} {Filters.Filter.Quote(args[i])} does not match {Filters.Filter.Quote(item.Regex.Pattern)}";
        }
        Matches(args, untrusted, out var why);
        return why;
    }

    /// <summary>
    /// The path a <c>trusted:</c> argument names: the argument itself, or, for one of the
    /// form <c>NAME=/path</c> (an EnvFilter's variable, <c>LVM_SYSTEM_DIR=/etc/cinder</c>, or
    /// an option <c>--config-file=/etc/x.conf</c>), what follows its first <c>=</c>.
    /// </summary>
    public static string TrustedPath(string arg)
    {
        if (arg.StartsWith('/')) return arg;
        int eq = arg.IndexOf('=');
        return eq > 0 && eq + 1 < arg.Length && arg[eq + 1] == '/' ? arg[(eq + 1)..] : arg;
    }

    /// <summary>
    /// This shape with its filter resolved against the configuration's filter names: a filter's
    /// name may hold dots (cinder's <c>mount.quobyte</c>), so a key that is a filter's name
    /// narrows that filter as a whole, and any other the longest name it starts with followed by
    /// a dot (<c>mount.quobyte.std</c>, <c>mount.nfs</c>). Parse alone splits at the first dot.
    /// </summary>
    public ArgumentShape ResolvedAgainst(IReadOnlySet<string> filterNames)
    {
        if (filterNames.Contains(Name)) return Name == Filter ? this : this with { Filter = Name };
        for (int dot = Name.LastIndexOf('.'); dot > 0; dot = Name.LastIndexOf('.', dot - 1))
            if (filterNames.Contains(Name[..dot])) return Name[..dot] == Filter ? this : this with { Filter = Name[..dot] };
        return this;
    }

    public static ArgumentShape Parse(string file, IniEntry e)
    {
        var value = FilterLoader.StripInlineComments(e.Value);
        var fields = FilterLoader.SplitFields(value);
        int dot = e.Key.IndexOf('.');
        var filter = dot < 0 ? e.Key : e.Key[..dot];
        if (filter.Length == 0 || (dot >= 0 && dot == e.Key.Length - 1))
            throw new ConfigException($"[Arguments] '{e.Key}': expected 'filter' or 'filter.shape'", file, e.Line);
        var items = new List<ArgumentPattern>();
        bool variadic = false;
        if (!(fields.Length == 1 && fields[0].Length == 0))
        {
            for (int i = 0; i < fields.Length; i++)
            {
                var f = fields[i];
                if (f == "...")
                {
                    if (i != fields.Length - 1 || i == 0)
                        throw new ConfigException($"[Arguments] '{e.Key}': '...' must be the last item and follow one", file, e.Line);
                    variadic = true;
                    continue;
                }
                bool trusted = f.StartsWith("trusted:", StringComparison.Ordinal);
                // Built on first use, as a filter's own patterns: one that can't compile denies (H1).
                items.Add(new ArgumentPattern(new PyRegex(trusted ? f["trusted:".Length..] : f), trusted));
            }
        }
        // Variadic: the last item is the one repeated; the fixed ones are those before it.
        return new ArgumentShape(filter, e.Key, items, variadic, file, e.Line);
    }
}

/// <summary>
/// A [Chains] entry: the filters a chaining filter's rest may match (ip netns exec, nice,
/// ionice, cgexec...). Without one, a chain reaches every non-chaining filter of its user,
/// and the caller picks the leaf whose declaration is largest (privsep-helper inside
/// <c>ip netns exec</c>); with one, any other leaf is refused.
/// </summary>
public sealed record ChainDeclaration(string Filter, IReadOnlySet<string> Leaves, string File, int Line)
{
    public static ChainDeclaration Parse(string file, IniEntry e)
    {
        var v = FilterLoader.StripInlineComments(e.Value);
        var leaves = v.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        return new ChainDeclaration(e.Key, leaves, file, e.Line);
    }
}

/// <summary>
/// A [RunAs] entry: the account a root filter (or shape) with a [Capabilities] declaration
/// runs as, its declared capabilities ambient: <c>capability_user</c> for that filter alone
/// (a daemon whose configuration the service account writes: haproxy, keepalived).
/// </summary>
public sealed record RunAsDeclaration(string Filter, string User, string File, int Line)
{
    public static RunAsDeclaration Parse(string file, IniEntry e)
    {
        var v = FilterLoader.StripInlineComments(e.Value);
        if (v.Length == 0 || v.Contains(' ') || v.Contains(','))
            throw new ConfigException($"[RunAs] '{e.Key}': expected one user name, got '{v}'", file, e.Line);
        return new RunAsDeclaration(e.Key, v, file, e.Line);
    }
}

/// <summary>
/// A [Namespaces] entry, <c>FILTER: enter</c>, for an IpNetnsExecFilter: the launcher enters
/// the named network namespace itself (what <c>ip netns exec</c> does) and execs the leaf's
/// own command with the leaf's capabilities, user and paths alone. Run by ip, the leaf would
/// hold the chain's CAP_SYS_ADMIN (setns, the /sys remount) as well.
/// </summary>
public sealed record NamespaceDeclaration(string Filter, string File, int Line)
{
    public static NamespaceDeclaration Parse(string file, IniEntry e)
    {
        var v = FilterLoader.StripInlineComments(e.Value);
        if (v != "enter")
            throw new ConfigException($"[Namespaces] '{e.Key}': expected 'enter', got '{v}'", file, e.Line);
        return new NamespaceDeclaration(e.Key, file, e.Line);
    }
}
