using Rootwrap.Tests.Hardening;
using Xunit;

namespace Rootwrap.Tests.Confinement;

/// <summary>
/// SPEC 4b, "also through the descriptors it inherited": the caller opens a file or folder
/// outside the filter's rw paths (it may open any file it can read) and hands it over as
/// fd 0; the confined root command then reaches it through <c>/proc/self/fd/0</c>, which
/// follows the descriptor's own (the caller's, writable) mount. Landlock has no right for
/// chmod, chown, utimes or FS_IOC_SETFLAGS, so only the reopened descriptors stop it.
/// Each attack is first shown to work through oslo-rootwrap on the same files. The modes
/// set are world-writable ones (0666), not setuid ones, which the seccomp filter refuses
/// on its own (SetuidCreationTests): these tests are of the descriptors alone.
/// </summary>
public sealed class InheritedFdEscapeTests : IDisposable
{
    private readonly HardeningHarness _h = new("fd-escape");
    private readonly string _in, _out;

    public InheritedFdEscapeTests()
    {
        _in = _h.Folder("in");
        _out = _h.Folder("out");
        _h.Configure(
            "[Filters]\n" +
            $"chmod_re: RegExpFilter, chmod, root, chmod, 0666, {_in}/[^/]+\n" +
            "chmod: CommandFilter, chmod, root\nchown: CommandFilter, chown, root\n" +
            "touch: CommandFilter, touch, root\nchattr: CommandFilter, chattr, root\n" +
            "cat: CommandFilter, cat, root\n" +
            "[Capabilities]\nchmod:\nchown: CAP_CHOWN\ntouch:\nchattr: CAP_LINUX_IMMUTABLE\ncat:\nchmod_re:\n" +
            "[Paths]\n" + string.Concat(new[] { "chmod", "chown", "touch", "chattr", "cat", "chmod_re" }.Select(f => $"{f}: rw {_in}\n")),
            "undeclared_capabilities = deny\n");
    }

    public void Dispose()
    {
        HardeningHarness.Sh($"chattr -i {_out}/file 2>/dev/null; true");
        _h.Dispose();
    }

    private string Canary(string name = "file")
    {
        var f = Path.Combine(_out, name);
        File.WriteAllText(f, "canary\n");
        HardeningHarness.Sh($"chown root:root {f} && chmod 0644 {f}");
        return f;
    }

    private static string Stat(string format, string path) => HardeningHarness.Sh($"stat -c {format} {path}").Stdout.Trim();

    private static void Refused(RunResult r, string because)
    {
        Assert.True(r.ExitCode != 0, r.ToString());
        Assert.Contains(because, r.Stderr);
    }

    [RequiresFact(Need.Confinement | Need.Reference)]
    public void Chmod_through_proc_self_fd_0_of_a_root_file_fails_read_only()
    {
        var f = Canary();
        var o = _h.ReferenceAfter($"exec < {f}", "chmod", "0666", "/proc/self/fd/0");
        Assert.True(o.ExitCode == 0, o.ToString());
        Assert.Equal("666", Stat("%a", f));

        Canary();
        Refused(_h.SudoAfter($"exec < {f}", "chmod", "0666", "/proc/self/fd/0"), "Read-only file system");
        Assert.Equal("644", Stat("%a", f));
        // The front door is shut as well.
        Refused(_h.Sudo("chmod", "0666", f), "Read-only file system");
    }

    [RequiresFact(Need.Confinement | Need.Reference)]
    public void Chown_and_chattr_below_a_folder_on_fd_0_fail_read_only()
    {
        // The reference (Python) can't start with a folder as stdin: its weakness is shown
        // through the front door, which it doesn't guard at all.
        var f = Canary();
        var o = _h.ReferenceAfter(":", "chown", HardeningHarness.ServiceUser, f);
        Assert.True(o.ExitCode == 0, o.ToString());
        Assert.Equal(HardeningHarness.ServiceUser, Stat("%U", f));
        o = _h.ReferenceAfter(":", "chattr", "+i", f);
        Assert.True(o.ExitCode == 0, o.ToString());
        Assert.Contains("i", HardeningHarness.Sh($"lsattr -d {f}").Stdout.Split(' ')[0]);
        HardeningHarness.Sh($"chattr -i {f}");

        Canary();
        Refused(_h.SudoAfter($"exec < {_out}", "chown", HardeningHarness.ServiceUser, "/proc/self/fd/0/file"), "Read-only file system");
        Assert.Equal("root", Stat("%U", f));
        Refused(_h.SudoAfter($"exec < {_out}", "chattr", "+i", "/proc/self/fd/0/file"), "Read-only file system");
        Assert.DoesNotContain("i", HardeningHarness.Sh($"lsattr -d {f}").Stdout.Split(' ')[0]);
    }

    [RequiresFact(Need.Confinement | Need.Reference)]
    public void Touch_through_fd_0_leaves_the_file_alone()
    {
        var f = Canary();
        var o = _h.ReferenceAfter($"exec < {f}", "touch", "-d", "2000-01-01", "/proc/self/fd/0");
        Assert.True(o.ExitCode == 0, o.ToString());
        Assert.StartsWith("2000-01-01", Stat("%y", f));

        Canary();
        var before = Stat("%y", f);
        Refused(_h.SudoAfter($"exec < {f}", "touch", "-d", "2000-01-01", "/proc/self/fd/0"), "Read-only file system");
        Assert.Equal(before, Stat("%y", f));
    }

    [RequiresFact(Need.Confinement | Need.Reference)]
    public void A_symlink_in_the_rw_folder_to_proc_self_fd_0_does_not_pass_a_pattern_limited_to_that_folder()
    {
        // chmod_re admits only names inside the rw folder; the link is one.
        HardeningHarness.Sh($"ln -s /proc/self/fd/0 {_in}/link");
        var f = Canary();
        // "chmod 0666 IN/link" matches chmod_re, the first filter.
        var o = _h.ReferenceAfter($"exec < {f}", "chmod", "0666", $"{_in}/link");
        Assert.True(o.ExitCode == 0, o.ToString());
        Assert.Equal("666", Stat("%a", f));

        Canary();
        Refused(_h.SudoAfter($"exec < {f}", "chmod", "0666", $"{_in}/link"), "Read-only file system");
        Assert.Equal("644", Stat("%a", f));
    }

    [RequiresFact(Need.Confinement)]
    public void A_device_node_of_the_callers_on_fd_0_cannot_be_chmodded_through_it()
    {
        var dev = Path.Combine(_out, "null");
        HardeningHarness.Sh($"mknod -m 0666 {dev} c 1 3");
        Refused(_h.SudoAfter($"exec < {dev}", "chmod", "0600", "/proc/self/fd/0"), "Read-only file system");
        Assert.Equal("666", Stat("%a", dev));
    }

    [RequiresFact(Need.Confinement)]
    public void A_file_the_caller_can_write_outside_the_rw_paths_is_refused_as_stdout()
    {
        // Writing through the fd is the caller's own right; chown root + chmod 4755 through
        // /proc/self/fd/1 would make it a setuid-root program of the caller's.
        var f = Canary("writable");
        HardeningHarness.Sh($"chown {HardeningHarness.ServiceUser} {f}");
        var r = _h.SudoAfter($"exec >> {f}", "chmod", "0666", "/proc/self/fd/1");
        Assert.Equal(99, r.ExitCode);
        Assert.Contains("stdout (fd 1)", r.Stderr);
        Assert.Contains("pass a pipe", r.Stderr);
        Assert.Equal("644", Stat("%a", f));
    }

    [RequiresFact(Need.Confinement)]
    public void A_relative_path_from_the_callers_working_folder_fails_read_only()
    {
        var f = Canary();
        Refused(_h.SudoAfter($"cd {_out}", "chmod", "0666", "file"), "Read-only file system");
        Assert.Equal("644", Stat("%a", f));
    }

    [RequiresFact(Need.Confinement)]
    public void Pipes_files_and_folders_inside_keep_working_as_stdio()
    {
        File.WriteAllText(Path.Combine(_in, "data"), "0123456789\n");
        // A pipe in, a pipe out.
        var r = _h.SudoAfter("echo piped |", "cat");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("piped\n", r.Stdout);
        // A file read from the caller's offset: the reopened fd starts where the caller left it.
        r = _h.SudoAfter($"exec < {_in}/data; read -n 5 _", "cat");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("56789\n", r.Stdout);
        // A read-only file outside the rw paths can still be read (it is reopened read-only).
        var f = Canary();
        r = _h.SudoAfter($"exec < {f}", "cat");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("canary\n", r.Stdout);
        // Appending to a file inside the rw paths works, at its end.
        HardeningHarness.Sh($"chown {HardeningHarness.ServiceUser} {_in}/data");
        r = _h.SudoAfter($"exec >> {_in}/data < {f}", "cat");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("0123456789\ncanary\n", File.ReadAllText(Path.Combine(_in, "data")));
        // And chmod through fd 0 works on root's file inside: it is inside.
        HardeningHarness.Sh($"chown root {_in}/data");
        r = _h.SudoAfter($"exec < {_in}/data", "chmod", "0600", "/proc/self/fd/0");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("600", Stat("%a", $"{_in}/data"));
    }
}
