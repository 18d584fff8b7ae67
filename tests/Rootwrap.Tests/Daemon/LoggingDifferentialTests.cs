using System.Diagnostics;
using Rootwrap.Tests.Differential;
using Xunit;

namespace Rootwrap.Tests.Daemon;

/// <summary>
/// Where the warnings of loading the filters go, the helper's and the daemon's, against the
/// reference's oslo-rootwrap and oslo-rootwrap-daemon with the same files: with use_syslog
/// the root logger has a syslog handler and nothing goes to stderr, also where /dev/log is
/// missing (this machine's case); without it, each warning is a "WARNING:root:" line.
/// </summary>
[Collection("daemon end-to-end")]
public class LoggingDifferentialTests
{
    private const string Warning = "WARNING:root:Skipping unknown filter class (NoSuchFilter) specified in filter definitions";

    [RequiresTheory(Need.Root | Need.Install | Need.DaemonInstall | Need.Reference)]
    [InlineData("helper", "use_syslog = False", true)]
    [InlineData("helper", "use_syslog = True", false)]
    [InlineData("helper", "use_syslog = True\nsyslog_log_level = WARNING", false)]
    [InlineData("daemon", "use_syslog = False", true)]
    [InlineData("daemon", "use_syslog = True", false)]
    [InlineData("daemon", "use_syslog = True\nsyslog_log_level = WARNING", false)]
    public void Load_warnings_go_where_the_references_go(string program, string logging, bool onStderr)
    {
        var dir = Directory.CreateTempSubdirectory("rwn-log-").FullName;
        try
        {
            var filters = Path.Combine(dir, "filters.d");
            Directory.CreateDirectory(filters);
            File.WriteAllText(Path.Combine(filters, "t.filters"), "[Filters]\nx: NoSuchFilter, a, root\nid: CommandFilter, id, root\n");
            var conf = Path.Combine(dir, "rootwrap.conf");
            File.WriteAllText(conf, $"[DEFAULT]\nfilters_path={filters}\nexec_dirs=/usr/bin,/bin\n{logging}\n");

            var bin = Path.Combine(Machine.TestRoot!, "bin");
            string reference, native;
            if (program == "helper")
            {
                reference = HelperStderr(Machine.ReferencePath, conf);
                native = HelperStderr(Path.Combine(bin, "rootwrap-native"), conf);
            }
            else
            {
                reference = DaemonStderr("/usr/bin/oslo-rootwrap-daemon", conf);
                native = DaemonStderr(Path.Combine(bin, "rootwrap-native-daemon"), conf);
            }
            // The case is what it claims: the reference's own stderr settles it.
            Assert.Equal(onStderr ? Warning : "", Differ.Warnings(reference));
            Assert.True(Differ.Warnings(reference) == Differ.Warnings(native),
                $"reference stderr:\n{reference}\nrootwrap-native stderr:\n{native}");
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    private static string HelperStderr(string program, string conf)
    {
        var r = ProcessRun.Run(program, [conf, "id", "-u"]);
        Assert.True(r.ExitCode == 0, $"{program}: {r}");
        return r.Stderr;
    }

    /// <summary>The daemon's stderr up to its handshake (socket path and key on stdout), then it is stopped.</summary>
    private static string DaemonStderr(string program, string conf)
    {
        var psi = new ProcessStartInfo(program) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(conf);
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        try
        {
            var socket = p.StandardOutput.ReadLineAsync();
            Assert.True(socket.Wait(TimeSpan.FromSeconds(30)) && socket.Result is { Length: > 0 }, $"{program}: no handshake; stderr: {(stderr.IsCompleted ? stderr.Result : "")}");
        }
        finally
        {
            // The filters are loaded, and their warnings written, before the handshake.
            if (!p.HasExited) p.Kill(entireProcessTree: true);
            p.WaitForExit(10_000);
        }
        Assert.True(stderr.Wait(TimeSpan.FromSeconds(30)), $"{program}: its stderr stayed open after it was killed");
        return stderr.Result;
    }
}
