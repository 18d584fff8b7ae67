using System.Buffers.Binary;
using Rootwrap.Daemon;
using Rootwrap.Matching;
using Rootwrap.Native.Linux;

namespace Rootwrap.Native.Daemon;

/// <summary>
/// <c>rootwrap-native-launcher</c>: the daemon's pre-started process for one command
/// (<see cref="LauncherPool"/>). It waits on fd 3 for an ExecPlan the daemon has already
/// decided, applies it with <see cref="Launcher.Exec"/> exactly as the helper does, and
/// becomes the command. Fds 0, 1, 2 are the command's pipes.
///
/// It runs whatever plan it is given, so it takes plans only from the daemon that started
/// it: fd 3 must be a socket whose creator (SO_PEERCRED) is our parent, running as our uid
/// and running this same program file. sudo closes fds above 2, and nothing else we ship
/// starts this program with such a socket, so calling it by this name (a symlink) gets
/// nothing but a refusal.
/// </summary>
public static class LauncherEntry
{
    public const int RcRefused = 126;
    private const int PlanFd = 3;

    public static int Run(IReadOnlyList<string> args, List<byte[]> environ)
    {
        var execname = args.Count > 0 ? args[0] : "rootwrap-native-daemon";
        if (WhyNotFromOurDaemon() is { } why)
        {
            Stdio.Error($"{LauncherPool.ProgramName}: internal to {execname}, not for direct use ({why})");
            return RcRefused;
        }

        Span<byte> header = stackalloc byte[4];
        if (!Fds.ReadExactly(PlanFd, header)) return 0; // the pool closed: nothing to run
        uint length = BinaryPrimitives.ReadUInt32BigEndian(header);
        if (length > ExecPlanCodec.MaxPlanBytes) return Fail(execname, "launcher: oversized plan", Helper.RcBadConfig);
        var bytes = new byte[length];
        if (!Fds.ReadExactly(PlanFd, bytes)) return Fail(execname, "launcher: truncated plan", Helper.RcBadConfig);

        ExecPlan plan;
        try { plan = ExecPlanCodec.Decode(bytes); }
        catch (FormatException e) { return Fail(execname, $"launcher: {e.Message}", Helper.RcBadConfig); }

        int errno;
        try
        {
            errno = Launcher.Exec(plan, environ);
        }
        catch (Launcher.LaunchException e)
        {
            return Fail(execname, e.Message, Helper.RcBadConfig);
        }
        catch (Confinement.UnavailableException e)
        {
            // SPEC 4b: refused (99), never run unconfined.
            return Fail(execname, new Decision.Unauthorized(plan.Argv, e.Message).Message, Helper.RcUnauthorized);
        }
        return Fail(execname, $"Cannot execute {plan.Executable}: {Errno.Describe(errno)}", Helper.RcCannotExec);
    }

    private static int Fail(string execname, string message, int rc)
    {
        Stdio.Error($"{execname}: {message}");
        return rc;
    }

    private static string? WhyNotFromOurDaemon()
    {
        if (Processes.PeerOf(PlanFd) is not { } peer) return "fd 3 is not the daemon's socket";
        int parent = Processes.ParentPid();
        if (peer.Pid != parent) return "fd 3 does not come from the parent process";
        if (peer.Uid != Credentials.GetUid()) return "fd 3 belongs to another user";
        var mine = Processes.ProgramOf("self");
        if (mine is null || Processes.ProgramOf(parent.ToString(System.Globalization.CultureInfo.InvariantCulture)) != mine)
            return "the parent is not this program";
        return null;
    }
}
