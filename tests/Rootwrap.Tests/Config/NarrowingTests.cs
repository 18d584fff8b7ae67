using Rootwrap.Capabilities;
using Rootwrap.Config;
using Rootwrap.Filters;
using Rootwrap.Matching;
using Rootwrap.Posix;
using Xunit;
using Rootwrap.Tests.Filters;

namespace Rootwrap.Tests.Config;

/// <summary>
/// Section 8's narrowing, read from a profile: [Arguments] shapes, their own declarations,
/// [Chains] leaves, trusted: paths, and the capability_user rule for CAP_SETUID. Each only
/// ever refuses more than the service's filter file.
/// </summary>
public class NarrowingTests
{
    private static readonly UserSpec Neutron = new("neutron", 120, 130, [130]);

    private const string Filters = """
        [Filters]
        dd: CommandFilter, dd, root
        cp: CommandFilter, cp, root
        ionice: ChainingRegExpFilter, ionice, root, ionice, -c[0-3]
        dnsmasq: CommandFilter, dnsmasq, root
        privsep-helper2: CommandFilter, privsep-helper, root
        ip_exec: IpNetnsExecFilter, ip, root
        haproxy: CommandFilter, haproxy, root
        kill_haproxy: KillFilter, root, haproxy, -9
        mount: CommandFilter, mount, root
        mount.quobyte: CommandFilter, mount.quobyte, root

        """;

    private sealed class Trust(params string[] untrusted) : ITrustPolicy
    {
        public void CheckFile(string path, PosixPath.FileStat opened) { }
        public void CheckDirectory(string path, PosixPath.FileStat st) { }
        public void CheckAbsent(string path) { }
        public string? Untrusted(string path) => untrusted.Contains(path) ? "is in a folder the service owns" : null;
    }

    private static Decision Decide(string profile, string defaults = "", string[]? untrusted = null, params string[] command)
    {
        using var t = new TempTree();
        t.Write("filters.d/a.filters", Filters);
        var prof = t.Write("svc.profile", profile);
        var config = t.Config($"capability_profiles = {prof}\n{defaults}");
        var set = FilterLoader.Load(config, new Trust(untrusted ?? []));
        return Decision.Make(config, set, command, FakeMachine.Permissive(), new FakeUsers(Neutron));
    }

    private const string DdProfile = """
        [Arguments]
        dd.zero: if=/dev/zero, of=/dev/mapper/[a-z0-9-]+, count=\d+, bs=1M
        dd.copy: if=/var/lib/cinder/[a-z0-9-]+, of=/dev/mapper/[a-z0-9-]+, bs=1M, iflag=direct|oflag=direct, ...
        [Capabilities]
        dd:
        dd.copy: CAP_DAC_READ_SEARCH
        """;

    [Fact]
    public void A_shape_admits_its_command_lines_and_refuses_others_with_the_reason()
    {
        Assert.IsType<Decision.Run>(Decide(DdProfile, command: ["dd", "if=/dev/zero", "of=/dev/mapper/vg-lv", "count=100", "bs=1M"]));
        var u = Assert.IsType<Decision.Unauthorized>(Decide(DdProfile, command: ["dd", "if=/etc/shadow", "of=/tmp/x"]));
        Assert.Contains("fit none of its [Arguments] shapes (dd.zero, dd.copy)", u.Reason);
        // The same call through the filter file alone: the reference's blank CommandFilter admits it.
        Assert.IsType<Decision.Run>(Decide("", command: ["dd", "if=/etc/shadow", "of=/tmp/x"]));
    }

    [Fact]
    public void A_last_item_of_three_dots_repeats_the_one_before()
    {
        Assert.IsType<Decision.Run>(Decide(DdProfile, command: ["dd", "if=/var/lib/cinder/v1", "of=/dev/mapper/v1", "bs=1M"]));
        Assert.IsType<Decision.Run>(Decide(DdProfile, command: ["dd", "if=/var/lib/cinder/v1", "of=/dev/mapper/v1", "bs=1M", "iflag=direct", "oflag=direct"]));
        Assert.IsType<Decision.Unauthorized>(Decide(DdProfile, command: ["dd", "if=/var/lib/cinder/v1", "of=/dev/mapper/v1", "bs=1M", "conv=notrunc"]));
    }

    [Fact]
    public void A_shapes_own_declaration_replaces_its_filters()
    {
        var zero = Assert.IsType<Decision.Run>(Decide(DdProfile, command: ["dd", "if=/dev/zero", "of=/dev/mapper/v", "count=1", "bs=1M"])).Plan;
        Assert.Equal(CapabilitySet.Empty, zero.Capabilities!.Keep);
        var copy = Assert.IsType<Decision.Run>(Decide(DdProfile, command: ["dd", "if=/var/lib/cinder/v", "of=/dev/mapper/v", "bs=1M"])).Plan;
        Assert.Equal(CapabilitySet.Of(2), copy.Capabilities!.Keep);
    }

    [Fact]
    public void A_chain_reaches_only_the_leaves_listed()
    {
        const string p = "[Chains]\nionice: dd\n";
        Assert.IsType<Decision.Run>(Decide(p, command: ["ionice", "-c3", "dd", "if=/dev/zero", "of=/dev/null"]));
        var u = Assert.IsType<Decision.Unauthorized>(Decide(p, command: ["ionice", "-c3", "cp", "/etc/shadow", "/tmp/x"]));
        Assert.Contains("'ionice' may not run what filter 'cp' admits", u.Reason);
        Assert.IsType<Decision.Run>(Decide("", command: ["ionice", "-c3", "cp", "/etc/shadow", "/tmp/x"]));
    }

    [Fact]
    public void A_chain_runs_no_path_but_its_leafs_own_executable()
    {
        // Matched by basename, run by the path the caller wrote: refused unless it is the leaf's.
        var u = Assert.IsType<Decision.Unauthorized>(Decide("", command: ["ionice", "-c3", "/tmp/x/dd", "if=/dev/zero"]));
        Assert.Contains("would run /tmp/x/dd, which is not the executable of filter 'dd' (/usr/bin/dd)", u.Reason);
        Assert.IsType<Decision.Run>(Decide("", command: ["ionice", "-c3", "/usr/bin/dd", "if=/dev/zero"]));
        Assert.IsType<Decision.Run>(Decide("", command: ["ionice", "-c3", "dd", "if=/dev/zero"]));
    }

    [Fact]
    public void A_chains_leaf_is_narrowed_too()
    {
        var u = Assert.IsType<Decision.Unauthorized>(Decide(DdProfile, command: ["ionice", "-c3", "dd", "if=/etc/shadow", "of=/tmp/x"]));
        Assert.Contains("filter 'dd' matched", u.Reason);
    }

    [Fact]
    public void A_trusted_item_refuses_a_path_the_service_could_have_written()
    {
        const string p = "[Arguments]\nprivsep-helper2: --config-file, trusted:/etc/[a-z]+/[a-z]+\\.conf, --privsep_context, neutron\\.privileged\\.default\n";
        string[] call = ["privsep-helper", "--config-file", "/etc/neutron/neutron.conf", "--privsep_context", "neutron.privileged.default"];
        Assert.IsType<Decision.Run>(Decide(p, command: call));
        var u = Assert.IsType<Decision.Unauthorized>(Decide(p, untrusted: ["/etc/neutron/neutron.conf"], command: call));
        Assert.Contains("argument 2 (/etc/neutron/neutron.conf) is in a folder the service owns", u.Reason);
        Assert.IsType<Decision.Unauthorized>(Decide(p, command: ["privsep-helper", "--config-file", "/tmp/p.conf", "--privsep_context", "neutron.privileged.default"]));
    }

    [Fact]
    public void A_trusted_item_of_the_form_name_equals_path_checks_the_path()
    {
        // An EnvFilter's variable: LVM_SYSTEM_DIR names the folder whose lvm.conf LVM reads.
        const string p = "[Arguments]\ndd: trusted:LVM_SYSTEM_DIR=/etc/[a-z]+\n";
        Assert.IsType<Decision.Run>(Decide(p, command: ["dd", "LVM_SYSTEM_DIR=/etc/cinder"]));
        var u = Assert.IsType<Decision.Unauthorized>(Decide(p, untrusted: ["/etc/cinder"], command: ["dd", "LVM_SYSTEM_DIR=/etc/cinder"]));
        Assert.Contains("argument 1 (LVM_SYSTEM_DIR=/etc/cinder) is in a folder the service owns", u.Reason);
        Assert.Equal("/etc/cinder", ArgumentShape.TrustedPath("LVM_SYSTEM_DIR=/etc/cinder"));
        Assert.Equal("/etc/x.conf", ArgumentShape.TrustedPath("--config-file=/etc/x.conf"));
        // A path is a path, whatever it holds; a value that is no absolute path stays whole.
        Assert.Equal("/etc/a=/b", ArgumentShape.TrustedPath("/etc/a=/b"));
        Assert.Equal("X=rel/p", ArgumentShape.TrustedPath("X=rel/p"));
        Assert.Equal("=/p", ArgumentShape.TrustedPath("=/p"));
    }

    [Fact]
    public void A_key_narrows_the_longest_filter_name_it_starts_with_so_a_name_may_hold_dots()
    {
        // cinder has both mount and mount.quobyte: "mount.quobyte" is that filter, not a shape of mount.
        const string p = "[Arguments]\nmount.nfs: -t, nfs\nmount.quobyte: --disable-xattrs\nmount.quobyte.conf: -c, /etc/quobyte/client\\.cfg\n";
        Assert.IsType<Decision.Run>(Decide(p, command: ["mount", "-t", "nfs"]));
        var u = Assert.IsType<Decision.Unauthorized>(Decide(p, command: ["mount", "--disable-xattrs"]));
        Assert.Contains("fit none of its [Arguments] shapes (mount.nfs)", u.Reason);
        Assert.IsType<Decision.Run>(Decide(p, command: ["mount.quobyte", "--disable-xattrs"]));
        Assert.IsType<Decision.Run>(Decide(p, command: ["mount.quobyte", "-c", "/etc/quobyte/client.cfg"]));
        u = Assert.IsType<Decision.Unauthorized>(Decide(p, command: ["mount.quobyte", "-t", "nfs"]));
        Assert.Contains("fit none of its [Arguments] shapes (mount.quobyte, mount.quobyte.conf)", u.Reason);
    }

    [Fact]
    public void Capability_user_with_setuid_needs_paths()
    {
        const string caps = "[Capabilities]\ndnsmasq: CAP_NET_BIND_SERVICE, CAP_SETUID, CAP_SETGID\n";
        var e = Assert.Throws<ConfigException>(() => Decide(caps, "capability_user = neutron", command: ["dnsmasq", "--no-hosts"]));
        Assert.Contains("CAP_SETUID", e.Message);
        Assert.Contains("[Paths]", e.Message);
        using var t = new TempTree();
        var dir = Directory.CreateDirectory(Path.Combine(t.Dir, "state")).FullName;
        var plan = Assert.IsType<Decision.Run>(Decide(caps + $"[Paths]\ndnsmasq: rw {dir}\n", "capability_user = neutron", command: ["dnsmasq", "--no-hosts"])).Plan;
        Assert.Equal(Neutron, plan.User);
        // Without capability_user the command stays root: setuid(0) gains it nothing.
        Assert.IsType<Decision.Run>(Decide(caps, command: ["dnsmasq", "--no-hosts"]));
    }

    [Fact]
    public void NoNewPrivs_off_applies_to_a_declared_root_command_only()
    {
        const string p = "[Capabilities]\nprivsep-helper2: CAP_NET_ADMIN, CAP_KILL\n[NoNewPrivs]\nprivsep-helper2: off\n";
        var plan = Assert.IsType<Decision.Run>(Decide(p, command: ["privsep-helper", "--x"])).Plan;
        Assert.False(plan.Capabilities!.NoNewPrivs);
        Assert.Null(plan.User);
        // Under another uid it is what stops setuid programs and file capabilities: refused.
        Assert.Throws<ConfigException>(() => Decide(p, "capability_user = neutron", command: ["privsep-helper", "--x"]));
        // Without a declaration there is no bounding set to rely on.
        Assert.Throws<ConfigException>(() => Decide("[NoNewPrivs]\nprivsep-helper2: off\n", command: ["privsep-helper", "--x"]));
        Assert.Throws<ConfigException>(() => Decide("[NoNewPrivs]\nprivsep-helper2: maybe\n", command: ["privsep-helper", "--x"]));
        Assert.True(Assert.IsType<Decision.Run>(Decide("[Capabilities]\nprivsep-helper2: CAP_KILL\n", command: ["privsep-helper", "--x"])).Plan.Capabilities!.NoNewPrivs);
    }

    [Fact]
    public void Narrowing_an_unknown_filter_or_listing_an_unknown_leaf_is_a_configuration_error()
    {
        Assert.Throws<ConfigException>(() => Decide("[Arguments]\nnope: x\n", command: ["dd"]));
        Assert.Throws<ConfigException>(() => Decide("[Chains]\nionice: nope\n", command: ["dd"]));
        Assert.Throws<ConfigException>(() => Decide("[Chains]\ndd: cp\n", command: ["dd"]));
        Assert.Throws<ConfigException>(() => Decide("[Arguments]\ndd.: x\n", command: ["dd"]));
    }

    private const string NetnsProfile = """
        [Capabilities]
        ip_exec: CAP_SYS_ADMIN
        haproxy: CAP_NET_BIND_SERVICE
        dnsmasq: CAP_NET_BIND_SERVICE, CAP_SETUID
        kill_haproxy: CAP_KILL
        """;

    private static FakeMachine HaproxyAtPid1()
    {
        var m = FakeMachine.Permissive();
        m.Exe[1] = m.Cmdline[1] = "/usr/bin/haproxy";
        return m;
    }

    private const string Enter = NetnsProfile + "\n[Namespaces]\nip_exec: enter\n";

    [Fact]
    public void A_namespace_the_launcher_enters_runs_the_leaf_alone_with_the_leafs_capabilities()
    {
        string[] call = ["ip", "netns", "exec", "qrouter-1", "haproxy", "-f", "/var/lib/neutron/x.conf"];
        // By ip: the whole chain runs, and the daemon holds the chain's CAP_SYS_ADMIN too.
        var byIp = Assert.IsType<Decision.Run>(Decide(NetnsProfile, command: call)).Plan;
        Assert.Null(byIp.NetworkNamespace);
        Assert.Equal(["netns", "exec", "qrouter-1", "haproxy"], byIp.Argv.Skip(1).Take(4));
        Assert.Equal(CapabilitySet.Of(21, 10), byIp.Capabilities!.Keep);
        // Entered by the daemon's plan thread or the helper's launcher: haproxy's own command line and declaration.
        var entered = Assert.IsType<Decision.Run>(Decide(Enter, command: call)).Plan;
        Assert.Equal("qrouter-1", entered.NetworkNamespace);
        Assert.EndsWith("/haproxy", entered.Executable);
        Assert.Equal([entered.Executable, "-f", "/var/lib/neutron/x.conf"], entered.Argv);
        Assert.Equal(CapabilitySet.Of(10), entered.Capabilities!.Keep);
        Assert.Equal(LaunchPath.Thread, entered.Launch);
    }

    [Fact]
    public void A_namespace_is_entered_only_by_name_and_for_no_kill()
    {
        foreach (var ns in new[] { ".", "..", "a/../../x" })
            Assert.Contains("no name of a network namespace", Assert.IsType<Decision.Unauthorized>(
                Decide(Enter, command: ["ip", "netns", "exec", ns, "haproxy", "-f", "/x"])).Reason);
        // A kill inside: the chain's rest matches the KillFilter (pid 1 runs haproxy here).
        using (var t = new TempTree())
        {
            t.Write("filters.d/a.filters", Filters);
            var config = t.Config($"capability_profiles = {t.Write("svc.profile", Enter)}\n");
            var d = Decision.Make(config, FilterLoader.Load(config, new Trust()), ["ip", "netns", "exec", "qrouter-1", "kill", "-9", "1"],
                HaproxyAtPid1(), new FakeUsers(Neutron));
            Assert.Contains("signals no process there", Assert.IsType<Decision.Unauthorized>(d).Reason);
        }
        var e = Assert.Throws<ConfigException>(() => Decide(NetnsProfile + "\n[Namespaces]\nhaproxy: enter\n", command: ["haproxy", "-f", "/x"]));
        Assert.Contains("no IpNetnsExecFilter", e.Message);
        Assert.Throws<ConfigException>(() => Decide(NetnsProfile + "\n[Namespaces]\nip_exec: yes\n", command: ["haproxy", "-f", "/x"]));
    }

    [Fact]
    public void RunAs_runs_one_root_filter_as_the_account_with_its_capabilities_ambient()
    {
        var p = Enter + "[RunAs]\nhaproxy: neutron\n";
        var plain = Assert.IsType<Decision.Run>(Decide(p, command: ["haproxy", "-f", "/x"])).Plan;
        Assert.Equal(Neutron, plain.User);
        Assert.Equal(new CapabilityPlan(CapabilitySet.Of(10), Ambient: true), plain.Capabilities);
        // The leaf's [RunAs] applies where the launcher enters the namespace and runs the leaf.
        var entered = Assert.IsType<Decision.Run>(Decide(p, command: ["ip", "netns", "exec", "qrouter-1", "haproxy", "-f", "/x"])).Plan;
        Assert.Equal(Neutron, entered.User);
        Assert.Equal(CapabilitySet.Of(10), entered.Capabilities!.Keep);
        // Other root filters stay root (capability_user would move them all).
        Assert.Null(Assert.IsType<Decision.Run>(Decide(p, command: ["dnsmasq", "--no-hosts"])).Plan.User);
    }

    [Fact]
    public void RunAs_refuses_what_capability_user_refuses_and_needs_a_declaration()
    {
        // CAP_SETUID as the account, unconfined: setuid(0) would get root's files back.
        var e = Assert.Throws<ConfigException>(() => Decide(NetnsProfile + "\n[RunAs]\ndnsmasq: neutron\n", command: ["dnsmasq", "--no-hosts"]));
        Assert.Contains("as neutron without [Paths]", e.Message);
        e = Assert.Throws<ConfigException>(() => Decide("[RunAs]\ndd: neutron\n", command: ["dd", "if=/dev/zero"]));
        Assert.Contains("needs a [Capabilities] declaration", e.Message);
        e = Assert.Throws<ConfigException>(() => Decide(NetnsProfile + "\n[RunAs]\nhaproxy: nobody-here\n", command: ["haproxy", "-f", "/x"]));
        Assert.Contains("is no user of this system", e.Message);
        e = Assert.Throws<ConfigException>(() => Decide(NetnsProfile + "\n[RunAs]\nnosuch: neutron\n", command: ["haproxy", "-f", "/x"]));
        Assert.Contains("no filter of this configuration", e.Message);
    }

    private static Decision DecideDotted(string profile, params string[] command)
    {
        using var t = new TempTree();
        t.Write("filters.d/a.filters", """
            [Filters]
            mkfs: CommandFilter, mkfs, root
            mkfs.ext4: CommandFilter, mkfs.ext4, root

            """);
        var prof = t.Write("svc.profile", profile);
        var config = t.Config($"capability_profiles = {prof}\n");
        var set = FilterLoader.Load(config, TrustAnything.Instance);
        return Decision.Make(config, set, command, FakeMachine.Permissive(), new FakeUsers(Neutron));
    }

    [Fact]
    public void A_filter_whose_name_holds_a_dot_is_narrowed_by_its_whole_name()
    {
        const string profile = """
            [Arguments]
            mkfs.ext4.share: /dev/vg/[a-z0-9-]+
            mkfs.plain: -t, ext4, /dev/vg/[a-z0-9-]+
            [Capabilities]
            mkfs.ext4.share: CAP_SYS_ADMIN
            """;
        // mkfs.ext4.share narrows mkfs.ext4 (the longest filter name before a dot), not mkfs.
        var run = Assert.IsType<Decision.Run>(DecideDotted(profile, "mkfs.ext4", "/dev/vg/lv1")).Plan;
        Assert.Equal(CapabilitySet.Of(21), run.Capabilities!.Keep);
        var u = Assert.IsType<Decision.Unauthorized>(DecideDotted(profile, "mkfs.ext4", "-d", "/root", "/tmp/img", "4M"));
        Assert.Contains("mkfs.ext4.share", u.Reason);
        // mkfs keeps its own shape.
        Assert.IsType<Decision.Run>(DecideDotted(profile, "mkfs", "-t", "ext4", "/dev/vg/lv1"));
        Assert.IsType<Decision.Unauthorized>(DecideDotted(profile, "mkfs", "/dev/vg/lv1"));
        // A key that is a filter's whole name narrows that filter, even where a shorter one exists.
        Assert.IsType<Decision.Unauthorized>(DecideDotted("[Arguments]\nmkfs.ext4: (?!)\n", "mkfs.ext4", "/dev/vg/lv1"));
        Assert.IsType<Decision.Run>(DecideDotted("[Arguments]\nmkfs.ext4: (?!)\n", "mkfs", "/dev/vg/lv1"));
    }
}
