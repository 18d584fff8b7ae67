using Rootwrap.Config;
using Rootwrap.Native.Linux;

namespace Rootwrap.Native;

/// <summary>
/// Which rootwrap.conf a call reads, and with which trust: the helper for one call, the
/// daemon once for all of its calls. Reading it is <see cref="RootwrapConfig.LoadForCommands"/>.
/// </summary>
public static class ConfigSource
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
}
