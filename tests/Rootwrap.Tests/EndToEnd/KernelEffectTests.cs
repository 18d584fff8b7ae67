using System.Diagnostics;
using Xunit;

namespace Rootwrap.Tests.EndToEnd;

/// <summary>
/// Not masks but effects: what the kernel lets the exec'd command do with the
/// capabilities its filter declares, and refuses it without them.
/// </summary>
public class KernelEffectTests
{
    /// <summary>
    /// Runs the helper inside a private network namespace (so the host's loopback is never
    /// touched) and reports its result and what "ip -o link show lo" says afterwards there.
    /// </summary>
    private static (RunResult Helper, string Lo) InPrivateNetNamespace(string[] helper)
    {
        const string script = "out=$(\"$@\" 2>&1); rc=$?; printf 'rc=%s\\n%s\\n@@lo@@\\n' \"$rc\" \"$out\"; ip -o link show lo";
        var r = Host.Run(["unshare", "-n", "--", "sh", "-c", script, "sh", .. helper]);
        Assert.True(r.ExitCode == 0, r.ToString());
        var parts = r.Stdout.Split("@@lo@@\n");
        var head = parts[0];
        int rc = int.Parse(head[3..head.IndexOf('\n')]);
        return (new RunResult(rc, head[(head.IndexOf('\n') + 1)..], ""), parts[1]);
    }

    [RequiresTheory(Need.EndToEnd | Need.NetNamespace)]
    [InlineData("sudo", "declared")]
    [InlineData("root", "declared")]
    [InlineData("sudo", "capuser")]
    [InlineData("root", "capuser")]
    public void Net_admin_changes_a_link_and_kill_alone_is_refused_by_the_kernel(string via, string suite)
    {
        var (allowed, lo) = InPrivateNetNamespace(Host.Via(via, suite, "ip", "link", "set", "lo", "mtu", "1400"));
        Assert.True(allowed.ExitCode == 0, allowed.ToString());
        Assert.Contains(" mtu 1400 ", lo);

        var (refused, lo2) = InPrivateNetNamespace(Host.Via(via, suite, "ip", "link", "set", "dev", "lo", "mtu", "1400"));
        Assert.True(refused.ExitCode != 0, refused.ToString());
        Assert.Contains("Operation not permitted", refused.Stdout);
        Assert.DoesNotContain(" mtu 1400 ", lo2);
    }

    /// <summary>
    /// ip netns exec is a chain: the kernel shows the union of its declaration (CAP_SYS_ADMIN,
    /// which setns and its mount namespace need) and that of the filter inside. The named
    /// namespace lives in a private mount namespace (a tmpfs on /run/netns) and dies with it.
    /// </summary>
    [RequiresTheory(Need.EndToEnd | Need.NetNamespace)]
    [InlineData("sudo")]
    [InlineData("root")]
    public void Ip_netns_exec_keeps_its_own_and_the_inner_filters_capabilities(string via)
    {
        const string script = "mkdir -p /run/netns && mount -t tmpfs -o mode=0755 rwn /run/netns && ip netns add rwn && exec \"$@\"";
        RunResult InNamedNamespace(params string[] inner) =>
            Host.Run(["unshare", "-m", "-n", "--propagation", "private", "--", "sh", "-c", script, "sh",
                .. Host.Via(via, "declared", ["ip", "netns", "exec", "rwn", .. inner])]);

        var r = InNamedNamespace("cat", "/proc/self/status");
        Assert.True(r.ExitCode == 0, r.ToString());
        var union = Rootwrap.Capabilities.CapabilitySet.Of(21, 12, 5); // ip_exec's CAP_SYS_ADMIN + status's CAP_NET_ADMIN, CAP_KILL
        new ProcStatus(r.Stdout).AssertRow(0, union, union, Rootwrap.Capabilities.CapabilitySet.Empty, Rootwrap.Capabilities.CapabilitySet.Empty, nnp: true);

        var empty = InNamedNamespace("head", "-n", "100", "/proc/self/status");
        Assert.True(empty.ExitCode == 0, empty.ToString());
        var sysAdmin = Rootwrap.Capabilities.CapabilitySet.Of(21);
        new ProcStatus(empty.Stdout).AssertRow(0, sysAdmin, sysAdmin, Rootwrap.Capabilities.CapabilitySet.Empty, Rootwrap.Capabilities.CapabilitySet.Empty, nnp: true);
    }

    [RequiresTheory(Need.EndToEnd)]
    [InlineData("sudo")]
    [InlineData("root")]
    public void Capability_user_command_without_dac_capabilities_cannot_read_shadow(string via)
    {
        // wc prints a count, never the file.
        var refused = Host.Run(Host.Via(via, "capuser", "wc", "-l", "/etc/shadow"));
        Assert.True(refused.ExitCode != 0, refused.ToString());
        Assert.Contains("Permission denied", refused.Stderr);

        var allowed = Host.Run(Host.Via(via, "capuser", "wc", "-c", "/etc/shadow"));
        Assert.True(allowed.ExitCode == 0, allowed.ToString());
        Assert.EndsWith(" /etc/shadow\n", allowed.Stdout);
    }

    [RequiresTheory(Need.EndToEnd)]
    [InlineData("sudo", "declared")]
    [InlineData("root", "declared")]
    [InlineData("sudo", "capuser")]
    [InlineData("root", "capuser")]
    public void Kill_signals_another_users_process_only_with_cap_kill(string via, string suite)
    {
        // setpriv execs sleep in place, so the pid is the victim's own.
        var psi = new ProcessStartInfo("setpriv") { UseShellExecute = false, RedirectStandardInput = true };
        foreach (var a in new[] { $"--reuid={Host.OtherUser}", $"--regid={Host.OtherUser}", "--init-groups", "sleep", "60" })
            psi.ArgumentList.Add(a);
        using var victim = Process.Start(psi)!;
        try
        {
            var other = Host.Account(Host.OtherUser);
            // Until setpriv has switched, the process is still root's.
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (true)
            {
                var st = new ProcStatus(File.ReadAllText($"/proc/{victim.Id}/status"));
                if (st["Name"] == "sleep" && st.Ids("Uid").All(u => u == other.Uid)) break;
                Assert.True(DateTime.UtcNow < deadline, $"victim did not become {Host.OtherUser}:\n{st.Text}");
                Thread.Sleep(20);
            }

            var refused = Host.Run(Host.Via(via, suite, "kill", "-HUP", victim.Id.ToString()));
            Assert.True(refused.ExitCode != 0, refused.ToString());
            Assert.Contains("Operation not permitted", refused.Stderr);
            Assert.False(victim.WaitForExit(300), "the victim died from a signal the kernel should have refused");

            var allowed = Host.Run(Host.Via(via, suite, "kill", "-TERM", victim.Id.ToString()));
            Assert.True(allowed.ExitCode == 0, allowed.ToString());
            Assert.True(victim.WaitForExit(10_000), "the victim survived SIGTERM");
            Assert.Equal(128 + 15, victim.ExitCode);
        }
        finally
        {
            if (!victim.HasExited) victim.Kill();
        }
    }
}
