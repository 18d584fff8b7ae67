using System.Collections.Concurrent;
using Rootwrap.Config;
using Rootwrap.Daemon;
using Rootwrap.Filters;
using Rootwrap.Matching;
using Rootwrap.Native.Linux;
using Rootwrap.Text;
using Rootwrap.Posix;

namespace Rootwrap.Native.Daemon;

/// <summary>
/// run_one_command: the same Decision as the helper, then one of three launch paths
/// (<see cref="ExecPlan.Launch"/>), then the command's output and status. Called on many
/// connection threads at once.
///
/// Launch paths (none runs managed code in a forked child; see <see cref="Spawn"/>,
/// <see cref="PlanThread"/> and <see cref="LauncherPool"/>):
/// <list type="bullet">
/// <item>Direct: a plan that keeps full root (no user switch, no capability change, no
/// confinement; the reference's own behaviour) needs only what posix_spawn does by itself:
/// default signals, empty mask, no fd above 2, execve. Spawned from the connection thread.</item>
/// <item>Thread: a plan whose fields are all per-thread kernel state (user, groups,
/// capabilities, no_new_privs, [Paths]) is applied on a fresh thread of the daemon, which
/// spawns the command and exits; a kill (H4) is held and signalled from such a thread, and
/// a [Namespaces] entry is made on it.</item>
/// <item>Launcher: a Thread plan this
/// machine can't take so (<see cref="PlanThread.WhyNot"/>), goes to a pre-started launcher,
/// which applies it with the helper's <see cref="Launcher.Exec"/>.</item>
/// </list>
/// </summary>
public sealed class CommandRunner(DaemonHost host, RootwrapConfig config, FilterSet filters, List<byte[]> environ, DaemonLog log) : IDisposable
{
    private readonly ISystemView _sys = new HostSystem(ProcessArgs.Get(environ, "PATH"));
    private readonly IUserDatabase _users = new Users();
    private readonly LauncherPool _pool = new(host.ExecName, environ);
    private readonly CStringArray _environ = new(environ);

    /// <summary>Process groups of the commands now running: what shutdown stops.</summary>
    public readonly ConcurrentDictionary<int, bool> Running = new();

    public CommandResult Run(IReadOnlyList<string> userargs, byte[]? stdin)
    {
        Decision decision;
        try
        {
            decision = Decision.Make(config, filters, userargs, _sys, _users);
        }
        catch (ConfigException e)
        {
            return Refused(Refusal.Of(e));
        }
        if (Refusal.Of(decision) is { } refused)
        {
            // The reference daemon logs refusals as warnings (and, without use_syslog,
            // crashes on the closed stderr instead of replying: we reply).
            log.Warning(decision is Decision.Unauthorized
                ? refused.Message
                : $"Executable not found for: {string.Join(' ', userargs)}");
            return Refused(refused);
        }
        var plan = ((Decision.Run)decision).Plan;
        log.Executing(plan);
        // The daemon normalized its own limits, umask and personality at start: what
        // Launcher.Exec would do first, for the Direct and Thread paths alike.
        return plan.Launch switch
        {
            LaunchPath.Direct => RunSpawned(plan, stdin, onThread: false),
            LaunchPath.Thread when PlanThread.WhyNot(plan) is null => plan.Kill is not null ? RunKill(plan) : RunSpawned(plan, stdin, onThread: true),
            _ => RunThroughLauncher(plan, stdin),
        };
    }

    private unsafe CommandResult RunSpawned(ExecPlan plan, byte[]? stdin, bool onThread)
    {
        using var io = ChildIo.Create();
        int pid;
        try
        {
            var path = OsString.CString(OsString.Encode(plan.Executable));
            using var argv = new CStringArray(plan.Argv.Select(OsString.Encode).ToList());
            using var changedEnv = plan.EnvironmentChanges is null ? null : new CStringArray(ExecEnvironment.Build(environ, plan.EnvironmentChanges));
            var envp = changedEnv ?? _environ;
            if (onThread)
            {
                pid = PlanThread.Start(plan, path, argv, envp, [io.ChildStdin, io.ChildStdout, io.ChildStderr]);
            }
            else
            {
                fixed (byte* p = path) pid = Spawn.Start(p, argv.Pointer, envp.Pointer, [io.ChildStdin, io.ChildStdout, io.ChildStderr]);
            }
        }
        catch (SyscallException e) when (e.Call == "posix_spawn")
        {
            // glibc reports the child's execve error here (and has reaped the child).
            return Refused(Refusal.CannotExecute(plan, e.Errno));
        }
        catch (SyscallException e) when (onThread)
        {
            // The plan thread's own set-up (its signal mask, its status file): nothing ran.
            return Refused(new Refusal(Refusal.BadConfig, $"cannot set up the process for '{plan.FilterName}': {e.Message}; nothing was executed"));
        }
        catch (Exception e) when (Refusal.OfLaunch(e, plan.Argv) is { } refusal)
        {
            return Refused(refusal);
        }
        finally
        {
            io.CloseChildEnds();
        }
        return Finish(pid, io, stdin);
    }

    /// <summary>A kill (H4) signalled from a plan thread: kill(1)'s status and message, as the launcher would give them.</summary>
    private CommandResult RunKill(ExecPlan plan)
    {
        KillOutcome outcome;
        try
        {
            outcome = PlanThread.Kill(plan);
        }
        catch (SyscallException e)
        {
            return Refused(new Refusal(Refusal.BadConfig, $"cannot set up the process for '{plan.FilterName}': {e.Message}; nothing was executed"));
        }
        catch (Exception e) when (Refusal.OfLaunch(e, plan.Argv) is { } refusal)
        {
            return Refused(refusal);
        }
        var stderr = outcome.Message is null ? ReadOnlyMemory<byte>.Empty : DaemonLog.Bytes($"{plan.Argv[0]}: {outcome.Message}\n");
        return new CommandResult(outcome.Status, ReadOnlyMemory<byte>.Empty, stderr);
    }

    private CommandResult RunThroughLauncher(ExecPlan plan, byte[]? stdin)
    {
        var bytes = ExecPlanCodec.Encode(plan);
        for (int attempt = 1; ; attempt++)
        {
            var launcher = _pool.Take();
            if (!launcher.Send(bytes) && attempt < 3)
            {
                // It died while waiting (someone killed it): the plan never ran, take another.
                launcher.Discard();
                continue;
            }
            using var io = launcher.Io;
            return Finish(launcher.Pid, io, stdin);
        }
    }

    private CommandResult Finish(int pid, ChildIo io, byte[]? stdin)
    {
        Running[pid] = true;
        try
        {
            if (host.Stopping) Processes.SignalGroup(pid, Processes.SIGTERM);
            ChildIo.Output stdout, stderr;
            try
            {
                (stdout, stderr) = io.Communicate(stdin);
            }
            catch
            {
                // Out of memory for its output, or poll failed: it must not outlive this call.
                Processes.SignalGroup(pid, Processes.SIGKILL);
                io.Dispose();
                Processes.Wait(pid);
                throw;
            }
            int rc = Processes.Wait(pid);
            return new CommandResult(rc, stdout.Memory, stderr.Memory);
        }
        finally
        {
            Running.TryRemove(pid, out _);
        }
    }

    private CommandResult Refused(Refusal refusal) =>
        new(refusal.Rc, ReadOnlyMemory<byte>.Empty, DaemonLog.Bytes($"{host.ExecName}: {refusal.Message}\n"));

    /// <summary>Asks every running command (and what it started in its group) to stop.</summary>
    public void SignalAll(int sig)
    {
        foreach (var pgid in Running.Keys) Processes.SignalGroup(pgid, sig);
    }

    public void Dispose() => _pool.Dispose();
}
