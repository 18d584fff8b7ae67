using Rootwrap.Capabilities;
using Rootwrap.Daemon;
using Rootwrap.Matching;
using Xunit;

namespace Rootwrap.Tests.Daemon;

public class ExecPlanCodecTests
{
    private static ExecPlan Full() => new()
    {
        FilterName = "ip",
        Executable = "/usr/sbin/ip",
        Argv = ["/usr/sbin/ip", "link", "x\udcfey", "\u00e9", ""],
        EnvironmentChanges = [new("A", "1"), new("LANG", "C.UTF-8")],
        User = new UserSpec("rwsvc", 999, 995, [995, 4]),
        Capabilities = new CapabilityPlan(CapabilitySet.Of(12, 21), Ambient: true, NoNewPrivs: false),
        ReadWritePaths = ["/var/lib/x", "/run/lock"],
        ReadOnlyPaths = ["/etc/iscsi"],
        Kill = new KillAction("+4242", 9, "dnsmasq", "/usr/sbin:/usr/bin"),
        RlimitNofile = 4096,
        NetworkNamespace = "qrouter-1",
    };

    private static void AssertSame(ExecPlan a, ExecPlan b) => Assert.Equal(a.ToString() + a.RlimitNofile, b.ToString() + b.RlimitNofile);

    [Fact]
    public void Every_field_survives_the_trip_to_the_launcher()
    {
        var plan = Full();
        var back = ExecPlanCodec.Decode(ExecPlanCodec.Encode(plan));
        AssertSame(plan, back);
        Assert.Equal(plan.Argv, back.Argv);
        Assert.Equal(plan.User!.Groups, back.User!.Groups);
        Assert.Equal(plan.Capabilities, back.Capabilities);
        Assert.Equal(plan.ReadOnlyPaths, back.ReadOnlyPaths);
        Assert.Equal(plan.Kill, back.Kill);
        Assert.Equal("qrouter-1", back.NetworkNamespace);
        Assert.Null(ExecPlanCodec.Decode(ExecPlanCodec.Encode(plan with { Kill = plan.Kill! with { PathVariable = null } })).Kill!.PathVariable);
    }

    [Fact]
    public void Absent_fields_stay_absent()
    {
        var plan = new ExecPlan { FilterName = "true", Executable = "/bin/true", Argv = ["/bin/true"] };
        var back = ExecPlanCodec.Decode(ExecPlanCodec.Encode(plan));
        AssertSame(plan, back);
        Assert.Null(back.EnvironmentChanges);
        Assert.Null(back.User);
        Assert.Null(back.Capabilities);
        Assert.Null(back.ReadWritePaths);
        Assert.Null(back.ReadOnlyPaths);
        Assert.Null(back.Kill);
        Assert.Null(back.NetworkNamespace);
    }

    [Fact]
    public void The_codec_knows_every_field_of_ExecPlan()
    {
        // A new ExecPlan field must travel to the launcher too: extend ExecPlanCodec, then this list.
        var known = new[] { "FilterName", "Executable", "Argv", "EnvironmentChanges", "User", "Capabilities", "ReadWritePaths", "ReadOnlyPaths", "Kill", "RlimitNofile", "NetworkNamespace" };
        var actual = typeof(ExecPlan).GetProperties().Where(p => p.CanWrite).Select(p => p.Name).Order().ToArray();
        Assert.Equal(known.Order().ToArray(), actual);
    }

    [Fact]
    public void Truncated_or_foreign_bytes_are_refused()
    {
        var bytes = ExecPlanCodec.Encode(Full());
        for (int n = 0; n < bytes.Length; n += 7)
            Assert.Throws<FormatException>(() => ExecPlanCodec.Decode(bytes[..n]));
        Assert.Throws<FormatException>(() => ExecPlanCodec.Decode([.. bytes, 0]));
        Assert.Throws<FormatException>(() => ExecPlanCodec.Decode("not a plan at all"u8));
    }

    /// <summary>
    /// The daemon spawns a plan directly (no launcher) only when <see cref="ExecPlan.NeedsLauncher"/>
    /// is false: each field is classified here, and a new one fails this test until it is.
    /// </summary>
    [Fact]
    public void Every_field_of_ExecPlan_is_classified_for_the_direct_spawn()
    {
        var bare = new ExecPlan { FilterName = "true", Executable = "/bin/true", Argv = ["/bin/true"] };
        Assert.False(bare.NeedsLauncher);
        var full = Full();
        // What posix_spawn itself applies (or the daemon's own state already is).
        var spawnable = new HashSet<string> { "FilterName", "Executable", "Argv", "EnvironmentChanges", "RlimitNofile" };
        foreach (var p in typeof(ExecPlan).GetProperties().Where(p => p.CanWrite))
        {
            var one = bare with { };
            p.SetValue(one, p.GetValue(full));
            Assert.True(spawnable.Contains(p.Name) != one.NeedsLauncher,
                $"ExecPlan.{p.Name} set alone: NeedsLauncher is {one.NeedsLauncher}; classify it in ExecPlan.NeedsLauncher and here");
        }
    }
}
