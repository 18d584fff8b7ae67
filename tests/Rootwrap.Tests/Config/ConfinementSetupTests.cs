using Rootwrap.Capabilities;
using Rootwrap.Config;
using Rootwrap.Matching;
using Xunit;

namespace Rootwrap.Tests.Config;

/// <summary>
/// SPEC 4b's rules for setting up a confined plan (ConfinementRules.SetupFor, KeepReachable):
/// what the helper and the daemon apply, decided in Shared so the rule is one and is tested
/// here; the kernel side is proved by ConfinementEndToEndTests.
/// </summary>
public class ConfinementSetupTests
{
    private static ExecPlan Confined(CapabilitySet? keep, bool readOnly = false) => new()
    {
        FilterName = "f",
        Executable = "/usr/bin/true",
        Argv = ["true"],
        Capabilities = keep is { } k ? new CapabilityPlan(k, Ambient: false) : null,
        ReadWritePaths = ["/var/lib/x"],
        ReadOnlyPaths = readOnly ? ["/etc/x"] : null,
    };

    private static readonly CapabilitySet Chown = CapabilitySet.Of(0);
    private static readonly CapabilitySet SysAdmin = CapabilitySet.Of(ConfinementRules.CapSysAdmin);

    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    public void A_plan_without_CAP_SYS_ADMIN_is_confined_with_Landlock(int abi)
    {
        var (landlock, refusal) = ConfinementRules.SetupFor(Confined(Chown, readOnly: true), abi);
        Assert.True(landlock);
        Assert.Null(refusal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Without_Landlock_ABI_2_a_confined_plan_is_refused(int abi)
    {
        var (_, refusal) = ConfinementRules.SetupFor(Confined(Chown), abi);
        Assert.Contains("Landlock ABI 2", refusal);
    }

    [Fact]
    public void A_plan_keeping_CAP_SYS_ADMIN_gets_no_Landlock_and_needs_none()
    {
        // Its confinement is void anyway, and Landlock would forbid the mounts it is for.
        foreach (var plan in new[] { Confined(SysAdmin), Confined(keep: null) })
        {
            var (landlock, refusal) = ConfinementRules.SetupFor(plan, landlockAbi: 0);
            Assert.False(landlock);
            Assert.Null(refusal);
        }
    }

    [Fact]
    public void Read_only_paths_with_CAP_SYS_ADMIN_are_refused_on_any_kernel()
    {
        // Only Landlock restricts reads, and such a plan can't have it.
        var (_, refusal) = ConfinementRules.SetupFor(Confined(SysAdmin, readOnly: true), landlockAbi: 5);
        Assert.Contains("'ro' paths", refusal);
    }

    [Fact]
    public void Kept_capabilities_are_narrowed_to_what_the_process_holds()
    {
        var plan = Confined(CapabilitySet.Of(0, 1, 24));
        var narrowed = ConfinementRules.KeepReachable(plan, held: CapabilitySet.Of(0, 1, 2));
        Assert.Equal(CapabilitySet.Of(0, 1), narrowed.Capabilities!.Keep);
        Assert.Equal(plan with { Capabilities = narrowed.Capabilities }, narrowed);
        var full = Confined(keep: null);
        Assert.Same(full, ConfinementRules.KeepReachable(full, CapabilitySet.Empty));
    }
}
