using Rootwrap.Tests.Hardening;
using Xunit;

namespace Rootwrap.Tests.Confinement;

/// <summary>
/// SPEC 4b and Landlock's LANDLOCK_ACCESS_FS_IOCTL_DEV (ABI 5): read-only mounts don't cover
/// ioctl(2) on a device, so a confined losetup could detach a loop device whose backing file
/// is elsewhere, with LOOP_CLR_FD on a read-only open. Device ioctls are granted only on the
/// devices a filter lists (and on terminals). The loop device is the test's own, on an image
/// file in its folder.
/// </summary>
public sealed class DeviceIoctlTests : IDisposable
{
    private readonly HardeningHarness _h = new("ioctl");
    private readonly string _in, _image;
    private readonly List<string> _attached = [];

    public DeviceIoctlTests()
    {
        _in = _h.Folder("in");
        _image = Path.Combine(_h.Folder("images"), "disk.img");
        HardeningHarness.Sh($"truncate -s 8M {_image}");
    }

    public void Dispose()
    {
        foreach (var d in _attached) HardeningHarness.Sh($"losetup -d {d} 2>/dev/null; true");
        _h.Dispose();
    }

    private string Attach()
    {
        var r = HardeningHarness.Sh($"losetup -f --show {_image}");
        Assert.True(r.ExitCode == 0, r.ToString());
        var dev = r.Stdout.Trim();
        _attached.Add(dev);
        return dev;
    }

    private static bool Attached(string dev, string image) =>
        HardeningHarness.Sh($"losetup -n -O BACK-FILE {dev} 2>/dev/null").Stdout.Trim() == image;

    [RequiresFact(Need.Confinement | Need.LandlockIoctl | Need.Reference)]
    public void A_confined_losetup_cannot_detach_a_loop_device_it_does_not_list()
    {
        var dev = Attach();
        _h.Configure($"[Filters]\nlosetup: CommandFilter, losetup, root\n[Paths]\nlosetup: rw {_in}\n");
        var o = _h.ReferenceAfter(":", "losetup", "-d", dev);
        Assert.True(o.ExitCode == 0, o.ToString());
        Assert.False(Attached(dev, _image));

        dev = Attach();
        var r = _h.Sudo("losetup", "-d", dev);
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("Permission denied", r.Stderr);
        Assert.True(Attached(dev, _image));
    }

    [RequiresFact(Need.Confinement | Need.LandlockIoctl)]
    public void A_listed_loop_device_can_be_detached_and_a_terminal_keeps_its_ioctls()
    {
        var dev = Attach();
        _h.Configure($"[Filters]\nlosetup: CommandFilter, losetup, root\nstty: CommandFilter, stty, root\n" +
                     $"[Paths]\nlosetup: rw {_in}, rw {dev}\nstty: rw {_in}\n");
        var r = _h.Sudo("losetup", "-d", dev);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.False(Attached(dev, _image));
        // A terminal's ioctls go through (/dev/tty is one of the usual devices): stty opens
        // it itself, after the Landlock domain is in place, in a pty that script(1) makes.
        r = HardeningHarness.Run("script", ["-qec", $"runuser -u {HardeningHarness.ServiceUser} -- sudo -n {HardeningHarness.Binary} {_h.Config} stty -F /dev/tty size", "/dev/null"]);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Matches(@"(^|\D)\d+ \d+\r?$", r.Stdout.Trim());
        Assert.DoesNotContain("Permission denied", r.Stdout + r.Stderr);
    }
}
