using Rootwrap.Config;
using Rootwrap.Native.Linux;

namespace Rootwrap.Native;

/// <summary>
/// Loading a rootwrap.conf the way both entry points need it: the helper for one call, the
/// daemon once for all of its calls. Loading is where H5 (trusted ownership) applies.
/// </summary>
public static class Policy
{
    /// <summary>Root reads only root-owned, not group/other-writable configuration, reached through root's folders (H5); others read anything.</summary>
    public static ITrustPolicy TrustForThisProcess() =>
        Credentials.GetEuid() == 0 ? new RootOwnedOnly() : TrustAnything.Instance;

    /// <summary>
    /// The configuration a call reads: CONFIG as given, or, for a service's own entry point
    /// given that service's stock path, root's configuration of its package (SPEC 7), once its
    /// copy of the service's filter files is checked to be current. Throws <see cref="ConfigException"/>.
    /// </summary>
    public static string ConfigFor(string execname, string configArg)
    {
        if (ServiceLayout.Redirect(execname, configArg, Posix.PosixPath.IsFile) is not { } r) return configArg;
        ServiceLayout.CheckCopy(r.Service, ServiceLayout.CopiedFilters(r.Service), ServiceLayout.StockFilters(r.Service));
        return r.Config;
    }

    /// <summary>CONFIG, checked, with the exec_dirs a command may come from. Throws <see cref="ConfigException"/>.</summary>
    public static RootwrapConfig LoadConfig(string configFile, string? pathVariable, ITrustPolicy trust)
    {
        bool asRoot = trust is not TrustAnything;
        var config = RootwrapConfig.Load(configFile, pathVariable, trust);
        // H5: a relative exec dir means "wherever the caller's working directory is". One
        // written in CONFIG is refused; relative PATH entries are just not searched.
        if (asRoot && config.ExecDirsConfigured && config.ExecDirs.FirstOrDefault(d => !d.StartsWith('/')) is { } rel)
            throw new ConfigException($"untrusted exec_dirs entry '{rel}': a relative folder depends on the caller's working directory", configFile);
        config = config with { ExecDirs = config.ExecDirs.Where(d => d.StartsWith('/')).ToArray() };
        foreach (var d in config.ExecDirs)
        {
            if (Posix.PosixPath.Stat(d) is { IsDirectory: true } st) trust.CheckDirectory(d, st);
            // One that doesn't exist yet must not be creatable by the caller (Debian's
            // /etc/neutron/kill_scripts, in a folder the service owns).
            else trust.CheckAbsent(d);
        }
        return config;
    }
}
