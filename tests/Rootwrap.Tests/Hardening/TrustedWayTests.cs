using Xunit;

namespace Rootwrap.Tests.Hardening;

/// <summary>
/// H5 from / down, through sudo as the service account. Debian makes /etc/neutron
/// neutron:neutron 0770: root-owned files in a folder the service owns can be renamed and
/// replaced by symlinks to another service's root-owned configuration, whose filters (and
/// lack of hardening) then apply. Each attack is first shown to work through oslo-rootwrap.
/// </summary>
public sealed class TrustedWayTests : IDisposable
{
    private readonly HardeningHarness _h = new("trusted-way");
    private readonly string _svc, _other, _secret;

    public TrustedWayTests()
    {
        // The stock layout: the service owns its configuration folder; root owns the files.
        _svc = _h.Folder("etc-svc");
        Directory.CreateDirectory($"{_svc}/rootwrap.d");
        File.WriteAllText($"{_svc}/rootwrap.conf", $"[DEFAULT]\nfilters_path={_svc}/rootwrap.d\nexec_dirs=/bin,/usr/bin\n");
        File.WriteAllText($"{_svc}/rootwrap.d/svc.filters", "[Filters]\nstatus: RegExpFilter, cat, root, cat, /proc/self/status\n");
        HardeningHarness.Sh($"chown {HardeningHarness.ServiceUser}:{HardeningHarness.ServiceUser} {_svc} && chmod 0770 {_svc}");
        // Another service's configuration on the same node, all root's, with a blank cat.
        _other = _h.Folder("etc-other");
        Directory.CreateDirectory($"{_other}/rootwrap.d");
        File.WriteAllText($"{_other}/rootwrap.conf", $"[DEFAULT]\nfilters_path={_other}/rootwrap.d\nexec_dirs=/bin,/usr/bin\n");
        File.WriteAllText($"{_other}/rootwrap.d/other.filters", "[Filters]\ncat: CommandFilter, cat, root\n");
        _secret = Path.Combine(_h.Folder("secret"), "key");
        File.WriteAllText(_secret, "root-only-canary\n");
        HardeningHarness.Sh($"chmod 0600 {_secret}");
    }

    public void Dispose() => _h.Dispose();

    private static RunResult As(string script) =>
        HardeningHarness.Run("runuser", ["-u", HardeningHarness.ServiceUser, "--", "bash", "-c", script]);

    private const string Reference = HardeningHarness.Reference;

    /// <summary>The service swaps part of its layout (<paramref name="swap"/>): the reference reads the other service's filters, the helper refuses.</summary>
    private void SwapIsRefused(string swap)
    {
        Assert.True(As(swap).ExitCode == 0);
        var o = As($"sudo -n {Reference} {_svc}/rootwrap.conf cat {_secret}");
        Assert.True(o.ExitCode == 0, o.ToString());
        Assert.Equal("root-only-canary\n", o.Stdout);

        var r = As($"sudo -n {HardeningHarness.Binary} {_svc}/rootwrap.conf cat {_secret}");
        Assert.Equal(97, r.ExitCode);
        Assert.Contains($"untrusted folder {_svc}", r.Stderr);
        Assert.DoesNotContain("canary", r.Stdout);
    }

    [RequiresFact(Need.Harness | Need.Reference)]
    public void A_config_swapped_for_a_symlink_to_another_services_is_refused() =>
        SwapIsRefused($"mv {_svc}/rootwrap.conf {_svc}/orig.conf && ln -s {_other}/rootwrap.conf {_svc}/rootwrap.conf");

    [RequiresFact(Need.Harness | Need.Reference)]
    public void A_filter_folder_swapped_for_a_symlink_is_refused() =>
        SwapIsRefused($"mv {_svc}/rootwrap.d {_svc}/orig.d && ln -s {_other}/rootwrap.d {_svc}/rootwrap.d");

    [RequiresFact(Need.Harness)]
    public void The_stock_layout_is_refused_with_the_folder_and_the_fix_named()
    {
        var r = As($"sudo -n {HardeningHarness.Binary} {_svc}/rootwrap.conf cat /proc/self/status");
        Assert.Equal(97, r.ExitCode);
        Assert.Contains($"untrusted folder {_svc} on the way to {_svc}/rootwrap.conf", r.Stderr);
        Assert.Contains($"chown root:root {_svc}", r.Stderr);
        // Once root owns the folder, the same call runs.
        HardeningHarness.Sh($"chown root:root {_svc} && chmod 0755 {_svc}");
        r = As($"sudo -n {HardeningHarness.Binary} {_svc}/rootwrap.conf cat /proc/self/status");
        Assert.True(r.ExitCode == 0, r.ToString());
    }

    [RequiresFact(Need.Harness | Need.Reference)]
    public void An_exec_dir_the_service_can_create_is_refused()
    {
        // A root-owned configuration whose exec_dirs names a folder that doesn't exist yet, in
        // a folder the service owns (Debian's /etc/neutron/kill_scripts).
        var conf = _h.Folder("etc-kill");
        Directory.CreateDirectory($"{conf}/rootwrap.d");
        File.WriteAllText($"{conf}/rootwrap.conf", $"[DEFAULT]\nfilters_path={conf}/rootwrap.d\nexec_dirs={_svc}/kill_scripts,/bin,/usr/bin\n");
        File.WriteAllText($"{conf}/rootwrap.d/k.filters", "[Filters]\nkill_helper: CommandFilter, rwn-kill-helper, root\n");
        var planted = $"mkdir {_svc}/kill_scripts && printf '#!/bin/sh\\ncat {_secret}\\n' > {_svc}/kill_scripts/rwn-kill-helper && chmod 755 {_svc}/kill_scripts/rwn-kill-helper";
        Assert.True(As(planted).ExitCode == 0);
        // The hardening sudoers entry names configurations under hardening/: this one is there.
        var o = As($"sudo -n {Reference} {conf}/rootwrap.conf rwn-kill-helper");
        Assert.True(o.ExitCode == 0, o.ToString());
        Assert.Equal("root-only-canary\n", o.Stdout);

        var r = As($"sudo -n {HardeningHarness.Binary} {conf}/rootwrap.conf rwn-kill-helper");
        Assert.Equal(97, r.ExitCode);
        Assert.Contains("untrusted", r.Stderr);
        Assert.Contains($"{_svc}/kill_scripts", r.Stderr);
        Assert.DoesNotContain("canary", r.Stdout);

        // Before the service plants anything, the absent folder is refused all the same.
        HardeningHarness.Sh($"rm -rf {_svc}/kill_scripts");
        r = As($"sudo -n {HardeningHarness.Binary} {conf}/rootwrap.conf rwn-kill-helper");
        Assert.Equal(97, r.ExitCode);
        Assert.Contains($"untrusted folder {_svc}", r.Stderr);
    }

    [RequiresFact(Need.Harness)]
    public void An_absent_exec_dir_in_a_folder_open_to_all_is_refused()
    {
        // Root's sticky folder, writable by all (as /tmp): anyone can create the exec dir.
        var open = _h.Folder("open");
        HardeningHarness.Sh($"chmod 1777 {open}");
        var conf = _h.Folder("etc-open");
        Directory.CreateDirectory($"{conf}/rootwrap.d");
        File.WriteAllText($"{conf}/rootwrap.conf", $"[DEFAULT]\nfilters_path={conf}/rootwrap.d\nexec_dirs={open}/bin,/bin,/usr/bin\n");
        File.WriteAllText($"{conf}/rootwrap.d/k.filters", "[Filters]\nstatus: RegExpFilter, cat, root, cat, /proc/self/status\n");
        var r = As($"sudo -n {HardeningHarness.Binary} {conf}/rootwrap.conf cat /proc/self/status");
        Assert.Equal(97, r.ExitCode);
        Assert.Contains($"anyone can create {open}/bin", r.Stderr);
    }

    [RequiresFact(Need.Harness)]
    public void Symlinks_between_root_folders_are_followed()
    {
        // A root-owned layout made of symlinks (as packages make them) stays usable.
        var linked = _h.Folder("linked");
        HardeningHarness.Sh($"ln -s {_other}/rootwrap.conf {linked}/rootwrap.conf");
        var r = As($"sudo -n {HardeningHarness.Binary} {linked}/rootwrap.conf cat /proc/self/status");
        Assert.True(r.ExitCode == 0, r.ToString());
    }
}
