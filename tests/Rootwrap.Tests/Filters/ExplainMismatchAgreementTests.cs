using Rootwrap.Config;
using Rootwrap.Filters;
using Xunit;

namespace Rootwrap.Tests.Filters;

/// <summary>
/// The differential guard between each filter's Match and the Mismatch that
/// rootwrap-audit explain reports: over every pair of a filter and a command line below,
/// Mismatch is null exactly when Match admits, so the two readings can't drift apart.
/// </summary>
public class ExplainMismatchAgreementTests
{
    private static readonly string[] FilterLines =
    [
        "CommandFilter, /usr/bin/id, root",
        "CommandFilter, id, root",
        "ChainingFilter, nice, root",
        "RegExpFilter, sleep, root, sleep, \\d+",
        "RegExpFilter, sleep, root, sleep",
        "RegExpFilter, sleep, root",
        "RegExpFilter, dd, root, dd, if=/dev/zero, of=/dev/mapper/[a-z0-9-]+",
        "RegExpFilter, ip, root, ip, link, set, [a-z0-9]+, (up|down)",
        "RegExpFilter, sleep, root, sleep, (",
        "ChainingRegExpFilter, nice, root, nice, -n, -?\\d+",
        "ChainingRegExpFilter, ionice, root, ionice, -c[0-3]",
        "ChainingRegExpFilter, ionice, root",
        "PathFilter, /bin/chown, root, nova, /var/lib/images",
        "PathFilter, /bin/chown, root, pass, /var/lib/images",
        "PathFilter, /bin/chmod, root, 755, /var/lib/images/",
        "PathFilter, /bin/chown, root",
        "KillFilter, root, /usr/sbin/dnsmasq, -9, -HUP",
        "KillFilter, root, dnsmasq",
        "KillFilter, root, /usr/sbin/dnsmasq",
        "KillFilter, root",
        "ReadFileFilter, /etc/iscsi/initiatorname.iscsi",
        "IpFilter, ip, root",
        "IpNetnsExecFilter, ip, root",
        "IpNetnsExecFilter, ip, nova",
        "EnvFilter, env, root, CONFIG_FILE=, NETWORK_ID=, dnsmasq",
        "EnvFilter, env, root, A=",
        "EnvFilter, env, root, dnsmasq",
        "EnvFilter, /usr/bin/dnsmasq, root, A=, dnsmasq",
    ];

    private static readonly string[][] Commands =
    [
        [], [""], ["id"], ["/usr/bin/id"], ["/bin/id"], ["id", "-u"],
        ["nice"], ["nice", "-n", "5", "id"], ["nice", "-n", "x", "id"], ["nice", "-n"],
        ["sleep"], ["sleep", "5"], ["sleep", "5\n"], ["sleep", "x"], ["sleep", "5", "6"],
        ["dd", "if=/dev/zero", "of=/dev/mapper/vg-lv"], ["dd", "if=/etc/shadow", "of=/dev/mapper/vg"], ["dd", "if=/dev/zero"],
        ["ip", "link", "set", "eth0", "up"], ["ip", "link", "set", "eth0", "upx"], ["ip", "addr"], ["ip"],
        ["ip", "netns", "exec", "ns1", "id"], ["ip", "net", "e", "ns1", "id"], ["ip", "netns", "exec", "ns1"],
        ["ip", "netns", "list"], ["ip", "-o", "netns", "exec", "x"],
        ["ionice", "-c3", "id"], ["ionice", "-c4", "id"], ["ionice"],
        ["chown", "nova", "/var/lib/images/a"], ["chown", "nova", "/var/lib/images2/a"], ["chown", "root", "/var/lib/images/a"],
        ["/bin/chown", "x", "/var/lib/images"], ["chown", "nova", "/var/lib/images/link"], ["chown", "nova"],
        ["chown", "nova", "/var/lib/images", "extra"], ["chmod", "755", "/var/lib/images/x"], ["chmod", "755", "/var/lib/images"],
        ["kill", "-9", "100"], ["kill", "-HUP", "100"], ["kill", "-TERM", "100"], ["kill", "100"], ["kill", "200"],
        ["kill", "-9", "200"], ["kill", "-9", "300"], ["kill", "-9", "x"], ["kill"], ["kill", "-9", "100", "101"],
        ["cat", "/etc/iscsi/initiatorname.iscsi"], ["cat", "/etc/shadow"], ["cat"],
        ["env", "CONFIG_FILE=/x", "NETWORK_ID=1", "dnsmasq", "--x"], ["CONFIG_FILE=/x", "NETWORK_ID=1", "dnsmasq"],
        ["env", "CONFIG_FILE=/x", "dnsmasq"], ["env", "CONFIG_FILE=/x", "NETWORK_ID=1", "LD_PRELOAD=/x", "dnsmasq"],
        ["env", "A=1", "dnsmasq"], ["env", "A=1"], ["env"], ["dnsmasq"], ["env", "A=1", "B=2", "dnsmasq"],
        ["env", "CONFIG_FILE=/x", "NETWORK_ID=1", "CONFIG_FILE=/y", "dnsmasq"],
    ];

    private static FakeMachine Machine()
    {
        var sys = new FakeMachine();
        sys.Executables.UnionWith(["/usr/sbin/dnsmasq", "/usr/bin/id"]);
        sys.Exe[100] = "/usr/sbin/dnsmasq";
        sys.Exe[200] = "/usr/bin/sleep";
        sys.Exe[300] = "/opt/x/dnsmasq";
        sys.RealPaths["/var/lib/images/link"] = "/etc/shadow";
        return sys;
    }

    public static IEnumerable<object[]> FilterIndexes() => FilterLines.Select((_, i) => new object[] { i });

    [Theory]
    [MemberData(nameof(FilterIndexes))]
    public void Mismatch_is_null_exactly_when_Match_admits(int filterIndex)
    {
        var line = FilterLines[filterIndex];
        var f = FilterFactory.Build(FilterLoader.SplitFields(line), "t.filters", 1)!;
        var sys = Machine();
        foreach (var command in Commands)
        {
            var forMatch = command.ToList();
            var forMismatch = command.ToList();
            bool admits = f.Match(forMatch, sys);
            var miss = f.Mismatch(forMismatch, sys);
            Assert.True(admits == (miss is null), $"{line} on [{string.Join(' ', command)}]: Match={admits}, Mismatch={miss?.Reason ?? "null"}");
            Assert.Equal(command, forMismatch); // Mismatch never edits the caller's list
        }
    }

    public static IEnumerable<object[]> Shapes() =>
    [
        ["if=/dev/zero, of=/dev/mapper/[a-z0-9-]+, count=\\d+, bs=1M"],
        ["if=/var/lib/cinder/[a-z0-9-]+, of=/dev/mapper/[a-z0-9-]+, bs=1M, iflag=direct|oflag=direct, ..."],
        ["--config-file, trusted:/etc/[a-z]+\\.conf"],
        [""],
    ];

    [Theory]
    [MemberData(nameof(Shapes))]
    public void A_shapes_Mismatch_is_null_exactly_when_it_Matches(string value)
    {
        var shape = ArgumentShape.Parse("p", new Rootwrap.Ini.IniEntry("dd.x", value, 1));
        string? Untrusted(string p) => p == "/etc/bad.conf" ? "is the service's" : null;
        string[][] calls =
        [
            [], ["if=/dev/zero", "of=/dev/mapper/vg-lv", "count=1", "bs=1M"], ["if=/dev/zero", "of=/tmp/x", "count=1", "bs=1M"],
            ["if=/var/lib/cinder/v", "of=/dev/mapper/v", "bs=1M"], ["if=/var/lib/cinder/v", "of=/dev/mapper/v", "bs=1M", "iflag=direct", "oflag=direct"],
            ["if=/var/lib/cinder/v", "of=/dev/mapper/v", "bs=1M", "conv=x"], ["if=/var/lib/cinder/v", "of=/dev/mapper/v"],
            ["--config-file", "/etc/good.conf"], ["--config-file", "/etc/bad.conf"], ["--config-file", "/tmp/x.conf"], ["--config-file"],
        ];
        foreach (var c in calls)
        {
            bool fits = shape.Matches(c, Untrusted, out _);
            var why = shape.Mismatch(c, Untrusted);
            Assert.True(fits == (why is null), $"'{value}' on [{string.Join(' ', c)}]: Matches={fits}, Mismatch={why ?? "null"}");
        }
    }
}
