using Rootwrap.Capabilities;
using Xunit;

namespace Rootwrap.Tests.EndToEnd;

/// <summary>
/// SPEC section 4's table, row by row, read from /proc/self/status of the command the
/// installed helper exec'd: through sudo as the service user, and run by root directly.
/// </summary>
public class CapabilityRowsTests
{
    private static readonly CapabilitySet Declared = CapabilitySet.Of(12, 5); // CAP_NET_ADMIN, CAP_KILL
    private static readonly CapabilitySet Bound = CapabilitySet.Of(12, 13, 5); // capability_bound of the "bound" suite
    private static readonly CapabilitySet None = CapabilitySet.Empty;

    /// <summary>"all": what the caller's bounding set holds (this machine may lack a capability or two).</summary>
    private static CapabilitySet All => ProcStatus.Self().Cap("CapBnd");

    private static ProcStatus Status(string via, string suite, params string[] command)
    {
        var r = Host.Run(Host.Via(via, suite, command));
        Assert.True(r.ExitCode == 0, $"{string.Join(' ', command)} ({suite}, via {via}): {r}");
        return new ProcStatus(r.Stdout);
    }

    [RequiresTheory(Need.EndToEnd)]
    [InlineData("sudo")]
    [InlineData("root")]
    public void Root_filter_keeps_exactly_its_declaration_as_bound_and_nothing_ambient(string via)
    {
        Status(via, "declared", "cat", "/proc/self/status").AssertRow(0, Declared, Declared, None, None, nnp: true);
    }

    [RequiresTheory(Need.EndToEnd)]
    [InlineData("sudo")]
    [InlineData("root")]
    public void Root_filter_declaring_nothing_runs_with_no_capability_at_all(string via)
    {
        Status(via, "declared", "head", "-n", "100", "/proc/self/status").AssertRow(0, None, None, None, None, nnp: true);
    }

    [RequiresTheory(Need.EndToEnd)]
    [InlineData("sudo", "capuser")]
    [InlineData("root", "capuser")]
    [InlineData("sudo", "runas")]
    [InlineData("root", "runas")]
    public void User_switch_keeps_the_declaration_as_ambient_capabilities(string via, string suite)
    {
        var s = Status(via, suite, "cat", "/proc/self/status");
        var svc = Host.Account(Host.ServiceUser);
        s.AssertRow(svc.Uid, Declared, Declared, Declared, Declared, nnp: true);
        Assert.Equal([svc.Gid, svc.Gid, svc.Gid, svc.Gid], s.Ids("Gid"));
        Assert.Equal(svc.Groups.Order(), s.Groups.Order());
    }

    [RequiresTheory(Need.EndToEnd)]
    [InlineData("sudo")]
    [InlineData("root")]
    public void Undeclared_root_filter_under_capability_user_stays_the_references_root(string via)
    {
        Status(via, "capuser", "head", "-n", "100", "/proc/self/status").AssertRow(0, All, All, None, None, nnp: false);
    }

    [RequiresTheory(Need.EndToEnd)]
    [InlineData("sudo")]
    [InlineData("root")]
    public void Undeclared_non_root_filter_is_the_references_plain_user_switch(string via)
    {
        var s = Status(via, "runas", "head", "-n", "100", "/proc/self/status");
        var svc = Host.Account(Host.ServiceUser);
        s.AssertRow(svc.Uid, None, All, None, None, nnp: false);
        Assert.Equal([svc.Gid, svc.Gid, svc.Gid, svc.Gid], s.Ids("Gid"));
        Assert.Equal(svc.Groups.Order(), s.Groups.Order());
    }

    [RequiresTheory(Need.EndToEnd)]
    [InlineData("sudo")]
    [InlineData("root")]
    public void Undeclared_filter_gets_the_bound(string via)
    {
        Status(via, "bound", "cat", "/proc/self/status").AssertRow(0, Bound, Bound, None, None, nnp: true);
    }

    [RequiresTheory(Need.EndToEnd)]
    [InlineData("sudo")]
    [InlineData("root")]
    public void Declared_filter_under_a_bound_keeps_its_declaration(string via)
    {
        var rawOnly = CapabilitySet.Of(13);
        Status(via, "bound", "head", "-n", "100", "/proc/self/status").AssertRow(0, rawOnly, rawOnly, None, None, nnp: true);
    }

    [RequiresTheory(Need.EndToEnd)]
    [InlineData("sudo")]
    [InlineData("root")]
    public void Undeclared_filter_without_a_bound_is_the_references_full_root(string via)
    {
        Status(via, "plain", "cat", "/proc/self/status").AssertRow(0, All, All, None, None, nnp: false);
    }

    [RequiresTheory(Need.EndToEnd)]
    [InlineData("sudo")]
    [InlineData("root")]
    public void Undeclared_none_gives_an_undeclared_filter_nothing(string via)
    {
        Status(via, "none", "cat", "/proc/self/status").AssertRow(0, None, None, None, None, nnp: true);
        var kill = CapabilitySet.Of(5);
        Status(via, "none", "head", "-n", "100", "/proc/self/status").AssertRow(0, kill, kill, None, None, nnp: true);
    }

    [RequiresTheory(Need.EndToEnd)]
    [InlineData("sudo")]
    [InlineData("root")]
    public void Undeclared_deny_refuses_an_undeclared_filter_with_99(string via)
    {
        var r = Host.Run(Host.Via(via, "deny", "cat", "/proc/self/status"));
        Assert.True(r.ExitCode == 99, r.ToString());
        Assert.Contains("Unauthorized command: cat /proc/self/status (filter 'status' declares no capabilities and undeclared_capabilities = deny)", r.Stderr);
        Assert.DoesNotContain("CapEff", r.Stdout);
        var kill = CapabilitySet.Of(5);
        Status(via, "deny", "head", "-n", "100", "/proc/self/status").AssertRow(0, kill, kill, None, None, nnp: true);
    }

    /// <summary>Debian's sudoers has "Defaults use_pty": from a terminal the command runs on a new pty.</summary>
    [RequiresFact(Need.EndToEnd)]
    public void Output_and_exit_status_pass_through_sudos_pty()
    {
        static RunResult OnTerminal(string[] argv) =>
            Host.Run(["script", "-qefc", string.Join(' ', argv.Select(a => "'" + a + "'")), "/dev/null"]);

        var ok = OnTerminal(Host.ViaSudo("declared", "cat", "/proc/self/status"));
        Assert.True(ok.ExitCode == 0, ok.ToString());
        new ProcStatus(ok.Stdout.Replace("\r\n", "\n")).AssertRow(0, Declared, Declared, None, None, nnp: true);

        var refused = OnTerminal(Host.ViaSudo("declared", "cat", "/etc/hostname"));
        Assert.True(refused.ExitCode == 99, refused.ToString());
        Assert.Contains("Unauthorized command: cat /etc/hostname (no filter matched)", refused.Stdout);

        var failed = OnTerminal(Host.ViaSudo("declared", "kill", "-HUP", "999999999"));
        Assert.True(failed.ExitCode == 1, failed.ToString());
    }
}
