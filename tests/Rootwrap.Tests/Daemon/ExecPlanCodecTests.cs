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
    /// What each field of ExecPlan takes to apply (<see cref="ExecPlan.Launch"/>): the daemon
    /// spawns a plan from one of its own threads only for what that thread can hold. A field
    /// that isn't listed here, set alone or with the rest, fails this test until it is
    /// classified in ExecPlan.Launch and here.
    /// </summary>
    private static readonly Dictionary<string, LaunchPath> FieldNeeds = new()
    {
        // What posix_spawn itself applies, or the daemon's own state already is.
        ["FilterName"] = LaunchPath.Direct,
        ["Executable"] = LaunchPath.Direct,
        ["Argv"] = LaunchPath.Direct,
        ["EnvironmentChanges"] = LaunchPath.Direct,
        ["RlimitNofile"] = LaunchPath.Direct,
        // Per-thread kernel state, taken by a fresh thread before it spawns.
        ["User"] = LaunchPath.Thread,
        ["Capabilities"] = LaunchPath.Thread,
        ["ReadWritePaths"] = LaunchPath.Thread,
        ["ReadOnlyPaths"] = LaunchPath.Thread,
        // Held through a pidfd and signalled by a fresh thread with the plan's credentials.
        ["Kill"] = LaunchPath.Thread,
        // setns and unshare(CLONE_NEWNS) on the fresh thread: per-thread too.
        ["NetworkNamespace"] = LaunchPath.Thread,
    };

    [Fact]
    public void Every_field_of_ExecPlan_is_classified_for_its_launch_path()
    {
        var bare = new ExecPlan { FilterName = "true", Executable = "/bin/true", Argv = ["/bin/true"] };
        Assert.Equal(LaunchPath.Direct, bare.Launch);
        var full = Full();
        var properties = typeof(ExecPlan).GetProperties().Where(p => p.CanWrite).ToList();
        Assert.Equal(FieldNeeds.Keys.Order(), properties.Select(p => p.Name).Order());
        foreach (var p in properties)
        {
            var one = bare with { };
            p.SetValue(one, p.GetValue(full));
            Assert.True(FieldNeeds[p.Name] == one.Launch,
                $"ExecPlan.{p.Name} set alone: Launch is {one.Launch}, not {FieldNeeds[p.Name]}; classify it in ExecPlan.Launch and here");
        }
        // Nothing holds state but those properties: no public field, no hidden one.
        var backing = properties.Select(p => $"<{p.Name}>k__BackingField").ToHashSet();
        foreach (var f in typeof(ExecPlan).GetFields(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic))
            Assert.True(backing.Contains(f.Name), $"ExecPlan field {f.Name} is not a classified property's; classify it in ExecPlan.Launch and here");
    }

    [Fact]
    public void A_plan_takes_the_path_its_most_demanding_field_needs()
    {
        var bare = new ExecPlan { FilterName = "true", Executable = "/bin/true", Argv = ["/bin/true"] };
        var full = Full();
        var properties = typeof(ExecPlan).GetProperties().Where(p => p.CanWrite).ToList();
        // Every pair of fields: the larger need wins, never the smaller.
        foreach (var a in properties)
            foreach (var b in properties)
            {
                var two = bare with { };
                a.SetValue(two, a.GetValue(full));
                b.SetValue(two, b.GetValue(full));
                var want = (LaunchPath)Math.Max((int)FieldNeeds[a.Name], (int)FieldNeeds[b.Name]);
                Assert.True(want == two.Launch, $"{a.Name} with {b.Name}: {two.Launch}, not {want}");
            }
        Assert.Equal(LaunchPath.Thread, full.Launch);
    }
}
