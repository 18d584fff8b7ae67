using Rootwrap.Tests.Hardening;
using Xunit;

namespace Rootwrap.Tests.Confinement;

/// <summary>
/// docs/SPEC.md section 8, [NoNewPrivs] off, through sudo as the service account: a declared
/// root command runs with no_new_privs 0, so what it execs regains its declared set (the
/// privsep daemons' kill and arping), and never more: the bounding set caps every exec, a
/// setuid-root program's and a file capability's included.
/// </summary>
public sealed class NoNewPrivsOffTests : IDisposable
{
    private readonly HardeningHarness _h = new("nnp-off");

    public NoNewPrivsOffTests() =>
        _h.Configure("[Filters]\nsh: CommandFilter, sh, root\n[Capabilities]\nsh: CAP_KILL\n[NoNewPrivs]\nsh: off\n");

    public void Dispose() => _h.Dispose();

    private static string Field(string status, string name) =>
        status.Split('\n').First(l => l.StartsWith(name + ":", StringComparison.Ordinal))[(name.Length + 1)..].Trim();

    [RequiresFact(Need.Harness)]
    public void A_child_regains_the_declared_set_and_nothing_beyond_it()
    {
        // sh drops nothing; cat, exec'd by it as uid 0, shows what a child gets.
        var r = _h.Sudo("sh", "-c", "cat /proc/self/status");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("0", Field(r.Stdout, "NoNewPrivs"));
        Assert.Equal("0000000000000020", Field(r.Stdout, "CapBnd")); // CAP_KILL
        Assert.Equal("0000000000000020", Field(r.Stdout, "CapEff"));
        Assert.Equal("0000000000000020", Field(r.Stdout, "CapPrm"));
    }

    [RequiresFact(Need.Harness | Need.Reference)]
    public void A_file_capability_program_gets_no_capability_outside_the_bound()
    {
        // A copy of cat with cap_dac_override+ep, in root's folder: the bounding set keeps
        // it from gaining CAP_DAC_OVERRIDE, so the kernel refuses to start it (EPERM),
        // as it does for any program whose file capabilities can't all be granted.
        var dir = _h.Folder("fcap");
        var r0 = HardeningHarness.Sh($"cp /bin/cat {dir}/fcat && setcap cap_dac_override+ep {dir}/fcat");
        Assert.True(r0.ExitCode == 0, r0.ToString());
        // Through the reference it starts, with every capability.
        var o = _h.ReferenceAfter(":", "sh", "-c", $"{dir}/fcat /proc/self/status");
        Assert.True(o.ExitCode == 0, o.ToString());
        Assert.NotEqual("0000000000000000", Field(o.Stdout, "CapEff"));
        var r = _h.Sudo("sh", "-c", $"{dir}/fcat /proc/self/status");
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("Operation not permitted", r.Stderr);
        Assert.DoesNotContain("CapEff", r.Stdout);
    }

    [RequiresFact(Need.Harness)]
    public void Under_a_user_switch_it_is_refused()
    {
        _h.Configure("[Filters]\nsh: CommandFilter, sh, root\n[Capabilities]\nsh: CAP_KILL\n[NoNewPrivs]\nsh: off\n",
            $"capability_user = {HardeningHarness.ServiceUser}\n");
        var r = _h.Sudo("sh", "-c", "true");
        Assert.Equal(97, r.ExitCode);
        Assert.Contains("[NoNewPrivs]", r.Stderr);
    }
}
