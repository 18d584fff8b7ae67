using Rootwrap.Posix;

namespace Rootwrap.Config;

/// <summary>
/// A service's own entry points, switched to rootwrap-native by its package (SPEC 7): sudo
/// still runs <c>/usr/bin/neutron-rootwrap /etc/neutron/rootwrap.conf</c>, as the service's
/// sudoers line says, but Debian's /etc/neutron is the service's (neutron:neutron 0770), so
/// H5 refuses that configuration and every filter file under it: neutron could rename them
/// and put its own in their place. Called by such a name with exactly that configuration,
/// the helper and the daemon read root's <c>/etc/rootwrap-native/neutron/rootwrap.conf</c>
/// instead, when it exists, and that one reads a root-owned copy of the service's filter
/// files, which must still be the same as the service's (<see cref="CheckCopy"/>): what the
/// copy admits, the service's files admit too, so oslo.rootwrap would have admitted it.
/// </summary>
public static class ServiceLayout
{
    public const string OwnRoot = "/etc/rootwrap-native";
    public const string CopyRoot = "/var/lib/rootwrap-native";

    /// <summary>"neutron" for <c>neutron-rootwrap</c> and <c>neutron-rootwrap-daemon</c> (any folder); null for any other name.</summary>
    public static string? ServiceOf(string execname)
    {
        var b = PosixPath.BaseName(execname);
        var svc = b.EndsWith("-rootwrap-daemon", StringComparison.Ordinal) ? b[..^"-rootwrap-daemon".Length]
            : b.EndsWith("-rootwrap", StringComparison.Ordinal) ? b[..^"-rootwrap".Length] : "";
        // A service name is a path component of ours: nothing that could climb out of it.
        return svc.Length > 0 && svc.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '_' or '-') ? svc : null;
    }

    public static string StockConfig(string svc) => $"/etc/{svc}/rootwrap.conf";
    public static string StockFilters(string svc) => $"/etc/{svc}/rootwrap.d";
    public static string OwnConfig(string svc) => $"{OwnRoot}/{svc}/rootwrap.conf";
    public static string CopiedFilters(string svc) => $"{CopyRoot}/{svc}/rootwrap.d";

    public sealed record Redirection(string Service, string Config);

    /// <summary>
    /// The configuration to read instead of <paramref name="configArg"/>, or null to read it as
    /// given: only the service's own name with the service's own stock path, and only when the
    /// service's package put root's configuration in place.
    /// </summary>
    public static Redirection? Redirect(string execname, string configArg, Func<string, bool> isFile)
    {
        if (ServiceOf(execname) is not { } svc || configArg != StockConfig(svc)) return null;
        var own = OwnConfig(svc);
        return isFile(own) ? new Redirection(svc, own) : null;
    }

    /// <summary>Larger than any filter file (Debian's biggest is under 16 KiB).</summary>
    public const int MaxFilterFile = 4 << 20;

    /// <summary>
    /// Refuses (97) unless <paramref name="copyDir"/> holds the same filter files as
    /// <paramref name="stockDir"/>: the same names (non-hidden regular files, as the reference's
    /// listdir reads them) with the same bytes. The service's folder is only compared, never
    /// parsed: if the service changed it, the result is a refusal, never its filters. A local
    /// edit of the service's filters is refused until the copy is refreshed.
    /// </summary>
    public static void CheckCopy(string svc, string copyDir, string stockDir)
    {
        var refresh = $"refresh it with 'dpkg-reconfigure rootwrap-native-{svc}'";
        var copy = Regular(copyDir) ?? throw new ConfigException($"no copy of {stockDir} ({copyDir}): {refresh}", copyDir);
        var stock = Regular(stockDir) ?? [];
        foreach (var name in stock.Keys.Except(copy.Keys))
            throw new ConfigException($"{stockDir}/{name} has no copy: {refresh}", copyDir);
        foreach (var (name, path) in copy)
        {
            if (!stock.TryGetValue(name, out var orig))
                throw new ConfigException($"{stockDir}/{name} no longer exists: {refresh}", path);
            // The service's folder is the service's: a FIFO there must not hang the call, nor
            // a huge file fill root's memory. A filter file is a few KiB.
            var a = PosixFile.ReadRegular(path, MaxFilterFile, out _);
            var b = PosixFile.ReadRegular(orig, MaxFilterFile, out var errno);
            if (b is null && errno is Errno.EINVAL or Errno.EFBIG)
                throw new ConfigException($"{orig} is " + (errno == Errno.EINVAL ? "not a regular file" : $"over {MaxFilterFile} bytes") + $", not a copy of a filter file: {refresh}", path);
            if (a is null || b is null || !a.AsSpan().SequenceEqual(b))
                throw new ConfigException($"not the same as {orig}: {refresh}", path);
        }
    }

    /// <summary>Non-hidden regular files (symlinks followed) by name; null when the folder can't be listed.</summary>
    private static Dictionary<string, string>? Regular(string dir)
    {
        if (PosixFile.List(dir, out _) is not { } entries) return null;
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var e in entries)
        {
            var name = PosixPath.BaseName(e);
            if (!name.StartsWith('.') && PosixPath.IsFile(e)) files[name] = e;
        }
        return files;
    }
}
