using Rootwrap.Bench.Infra;
using Rootwrap.Config;
using Rootwrap.Filters;
using Rootwrap.Matching;

namespace Rootwrap.Bench.InProcess;

/// <summary>What the helper builds before it decides, loaded the way it loads it.</summary>
internal static class Fixtures
{
    public static readonly string? PathVariable = Environment.GetEnvironmentVariable("PATH");

    /// <summary>As the helper: ownership is checked only when running as root.</summary>
    public static ITrustPolicy Trust => Environment.IsPrivilegedProcess ? new RootOwnedOnly() : TrustAnything.Instance;

    public static readonly HostSystem System = new(PathVariable);

    public static RootwrapConfig Config(string name) => RootwrapConfig.Load(Workspace.Current.Config(name), PathVariable);

    public static FilterSet Filters(RootwrapConfig config) => FilterLoader.Load(config, Trust);

    /// <summary>No user switch happens for root filters; nothing is looked up.</summary>
    public sealed class NoUsers : IUserDatabase
    {
        public UserSpec? Lookup(string name) => null;
    }
}
