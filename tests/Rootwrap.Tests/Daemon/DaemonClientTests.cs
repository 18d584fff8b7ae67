using System.Diagnostics;
using Xunit;
using Xunit.Abstractions;

namespace Rootwrap.Tests.Daemon;

/// <summary>
/// rootwrap-native-daemon driven by the unchanged oslo.rootwrap client (Debian's
/// python3-oslo.rootwrap), through sudo, as a service drives it: each test runs one case
/// of tests/daemon/cases.py against the installed binary ($ROOTWRAP_TEST_ROOT/bin) and the
/// configuration tests/setup.d/30-sudoers-daemon.sh installs. Needs root and ./test.sh's
/// set-up; skipped without them.
/// </summary>
[Collection("daemon end-to-end")]
public class DaemonClientTests(ITestOutputHelper output)
{
    [RequiresFact(Need.Daemon)] public void Stdin_stdout_stderr_and_exit_status_pass_as_the_reference_passes_them() => Case("io");
    [RequiresFact(Need.Daemon)] public void Refused_and_missing_commands_return_99_and_96_with_the_helpers_message() => Case("refusals");
    [RequiresFact(Need.Daemon)] public void Declared_capabilities_users_and_fds_apply_as_the_helper_applies_them() => Case("capabilities");
    [RequiresFact(Need.Daemon)] public void Sixteen_client_threads_times_a_hundred_commands_all_come_back_right() => Case("threads");
    [RequiresFact(Need.Daemon)] public void Ten_megabytes_of_output_and_of_input_pass_unchanged() => Case("bigoutput");
    [RequiresFact(Need.Daemon)] public void A_wrong_key_garbage_a_huge_frame_or_a_hang_up_cost_only_that_connection() => Case("hostile");
    [RequiresFact(Need.Daemon | Need.Python312)] public void The_python_3_12_client_and_its_sha256_challenges_work() => Case("sha256-client");
    [RequiresFact(Need.Daemon)] public void An_idle_daemon_exits_after_daemon_timeout_and_removes_its_folder() => Case("timeout");
    [RequiresFact(Need.Daemon)] public void SIGTERM_stops_running_commands_and_the_daemon_exits_cleanly() => Case("sigterm");
    [RequiresFact(Need.Daemon)] public void The_daemon_exits_when_its_client_does() => Case("client-exit");

    [RequiresFact(Need.Daemon)]
    public void The_service_user_starts_it_through_its_sudoers_entry() => Case("io", asUser: "rwsvc");

    [RequiresFact(Need.Daemon)]
    public void The_service_user_gets_99_and_96_without_a_crash() => Case("refusals", asUser: "rwsvc");

    private const int Skipped = 77;

    private void Case(string name, string? asUser = null)
    {
        var root = Machine.TestRoot!;
        var daemon = Path.Combine(root, "bin", "rootwrap-native-daemon");
        var conf = Path.Combine(root, "daemon", "rootwrap.conf");

        // The installed copy (tests/setup.d/30-sudoers-daemon.sh): the service user may not
        // be able to read the checkout, which can lie in a 0700 folder.
        var script = Path.Combine(root, "daemon", "cases.py");
        var args = new List<string>();
        if (asUser is not null) args.AddRange(["runuser", "-u", asUser, "--"]);
        args.AddRange(["/usr/bin/python3", script, name, "--daemon", daemon!, "--conf", conf!,
            "--timeout-conf", Path.Combine(root!, "daemon", "timeout.conf")]);

        var psi = new ProcessStartInfo(args[0]) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = "/" };
        foreach (var a in args.Skip(1)) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail($"{name}: no result within 3 minutes\n{stdout.Result}\n{stderr.Result}");
        }
        output.WriteLine(stdout.Result);
        output.WriteLine(stderr.Result);
        if (p.ExitCode == Skipped)
        {
            output.WriteLine("not run here: " + stdout.Result.Trim());
            return;
        }
        Assert.True(p.ExitCode == 0, $"{name} failed (exit {p.ExitCode}):\n{stdout.Result}\n{stderr.Result}");
    }
}

/// <summary>The daemon cases start root daemons and signal them: one at a time.</summary>
[CollectionDefinition("daemon end-to-end", DisableParallelization = true)]
public class DaemonEndToEndCollection;
