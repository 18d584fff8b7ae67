using Rootwrap.Tests.Hardening;
using Xunit;

namespace Rootwrap.Tests.Confinement;

/// <summary>
/// docs/SPEC.md section 8, [Namespaces] enter and [RunAs], through sudo as the service
/// account, read back from the kernel: the command an <c>ip netns exec</c> chain runs is in
/// the namespace (its /proc/self/ns/net is /run/netns/NS, its /sys that namespace's), and
/// holds its own filter's declaration alone, without the chain's CAP_SYS_ADMIN, and, with
/// [RunAs], as the account. Through oslo-rootwrap the same call runs as full root.
/// </summary>
public sealed class NamespaceEntryTests : IDisposable
{
    private readonly HardeningHarness _h = new("netns");
    private readonly string _ns = "rwn-ns-" + Guid.NewGuid().ToString("N")[..8];

    private const string Filters = """
        [Filters]
        ip_exec: IpNetnsExecFilter, ip, root
        sh: CommandFilter, sh, root
        [Capabilities]
        ip_exec: CAP_SYS_ADMIN
        sh: CAP_NET_RAW

        """;

    public NamespaceEntryTests()
    {
        if (Machine.WhyNot(Need.Harness) is null)
        {
            var r = HardeningHarness.Sh($"ip netns add {_ns}");
            Assert.True(r.ExitCode == 0, r.ToString());
        }
    }

    public void Dispose()
    {
        HardeningHarness.Sh($"ip netns delete {_ns} 2>/dev/null");
        _h.Dispose();
    }

    private static string Field(string status, string name) =>
        status.Split('\n').First(l => l.StartsWith(name + ":", StringComparison.Ordinal))[(name.Length + 1)..].Trim();

    private const string Probe = "readlink /proc/self/ns/net; ls /sys/class/net | tr '\\n' ' '; echo; id -u; cat /proc/self/status";

    private string NsInode() => HardeningHarness.Sh($"stat -L -c 'net:[%i]' /run/netns/{_ns}").Stdout.Trim();

    [RequiresFact(Need.Harness | Need.Reference)]
    public void The_command_runs_in_the_namespace_with_its_own_capabilities_alone()
    {
        // The reference: ip enters the namespace, and sh runs as full root.
        _h.Configure(Filters);
        var o = _h.ReferenceAfter(":", "ip", "netns", "exec", _ns, "sh", "-c", Probe);
        Assert.True(o.ExitCode == 0, o.ToString());
        Assert.Equal(NsInode(), o.Stdout.Split('\n')[0]);
        // Full root: everything this machine's root holds (a container may bound a few).
        Assert.Equal(HardeningHarness.Sh("grep CapBnd /proc/self/status").Stdout.Split(':')[1].Trim(), Field(o.Stdout, "CapEff"));

        // Run by ip, the chain's CAP_SYS_ADMIN stays with what it runs.
        var byIp = _h.Sudo("ip", "netns", "exec", _ns, "sh", "-c", Probe);
        Assert.True(byIp.ExitCode == 0, byIp.ToString());
        Assert.Equal("0000000000202000", Field(byIp.Stdout, "CapEff")); // CAP_SYS_ADMIN, CAP_NET_RAW

        // Entered by the launcher: the same namespace, the namespace's own /sys (a new one
        // has only lo), and sh's declaration alone.
        _h.Configure(Filters + "[Namespaces]\nip_exec: enter\n");
        var r = _h.Sudo("ip", "netns", "exec", _ns, "sh", "-c", Probe);
        Assert.True(r.ExitCode == 0, r.ToString());
        var lines = r.Stdout.Split('\n');
        Assert.Equal(NsInode(), lines[0]);
        Assert.Equal("lo", lines[1].Trim());
        Assert.Equal("0", lines[2]);
        Assert.Equal("0000000000002000", Field(r.Stdout, "CapEff")); // CAP_NET_RAW
        Assert.Equal("0000000000002000", Field(r.Stdout, "CapBnd"));
        Assert.Equal("1", Field(r.Stdout, "NoNewPrivs"));
        // The host's mounts are untouched: its /sys still lists the host's links.
        Assert.Contains("lo", HardeningHarness.Sh("ls /sys/class/net").Stdout);
        Assert.NotEqual(NsInode(), HardeningHarness.Sh("readlink /proc/self/ns/net").Stdout.Trim());
    }

    [RequiresFact(Need.Harness | Need.Reference)]
    public void RunAs_keeps_a_daemons_payload_from_root_files()
    {
        // A payload the caller chose (here sh -c; for haproxy, a lua-load in its neutron-owned
        // configuration) writes a root-owned file through the reference.
        var dir = _h.Folder("canary");
        var canary = Path.Combine(dir, "canary");
        void Reset() => Assert.Equal(0, HardeningHarness.Sh($"echo original > {canary} && chmod 0644 {canary}").ExitCode);
        string Payload() => $"id -u; echo rooted > {canary}; cat /proc/self/status";
        _h.Configure(Filters + "[Namespaces]\nip_exec: enter\n[RunAs]\nsh: " + HardeningHarness.ServiceUser + "\n");
        Reset();
        var o = _h.ReferenceAfter(":", "ip", "netns", "exec", _ns, "sh", "-c", Payload());
        Assert.True(o.ExitCode == 0, o.ToString());
        Assert.Equal("rooted", File.ReadAllText(canary).Trim());

        Reset();
        var r = _h.Sudo("ip", "netns", "exec", _ns, "sh", "-c", Payload());
        Assert.Contains("Permission denied", r.Stderr);
        Assert.Equal("original", File.ReadAllText(canary).Trim());
        var uid = HardeningHarness.Sh($"id -u {HardeningHarness.ServiceUser}").Stdout.Trim();
        Assert.Equal(uid, r.Stdout.Split('\n')[0]);
        Assert.Equal("0000000000002000", Field(r.Stdout, "CapEff"));
        Assert.Equal("0000000000002000", Field(r.Stdout, "CapAmb"));
    }

    [RequiresFact(Need.Harness)]
    public void A_namespace_that_is_not_there_runs_nothing()
    {
        _h.Configure(Filters + "[Namespaces]\nip_exec: enter\n");
        var dir = _h.Folder("out");
        HardeningHarness.Sh($"chmod 0777 {dir}");
        var r = _h.Sudo("ip", "netns", "exec", _ns + "-absent", "sh", "-c", $"touch {dir}/ran");
        Assert.Equal(97, r.ExitCode);
        Assert.Contains($"/run/netns/{_ns}-absent", r.Stderr);
        Assert.False(File.Exists(Path.Combine(dir, "ran")));
    }
}
