using System.Buffers.Binary;
using Rootwrap.Daemon;
using Rootwrap.Matching;
using Rootwrap.Native.Linux;
using Rootwrap.Posix;

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
    private const int PlanFd = 3;

    public static int Run(IReadOnlyList<string> args, List<byte[]> environ)
    {
        var execname = args.Count > 0 ? args[0] : "rootwrap-native-daemon";
        if (WhyNotFromOurDaemon() is { } why)
        {
            // 126, as a shell reports a program it can't run: nothing was.
            return new Refusal(Refusal.CannotExec, $"internal to {execname}, not for direct use ({why})").Report(LauncherPool.ProgramName);
        }

        Span<byte> header = stackalloc byte[4];
        if (!Fds.ReadExactly(PlanFd, header)) return 0; // the pool closed: nothing to run
        uint length = BinaryPrimitives.ReadUInt32BigEndian(header);
        if (length > ExecPlanCodec.MaxPlanBytes) return new Refusal(Refusal.BadConfig, "launcher: oversized plan").Report(execname);
        var bytes = new byte[length];
        if (!Fds.ReadExactly(PlanFd, bytes)) return new Refusal(Refusal.BadConfig, "launcher: truncated plan").Report(execname);

        ExecPlan plan;
        try { plan = ExecPlanCodec.Decode(bytes); }
        catch (FormatException e) { return new Refusal(Refusal.BadConfig, $"launcher: {e.Message}").Report(execname); }

        return Refusal.Exec(plan, environ, plan.Argv).Report(execname);
    }

    private static string? WhyNotFromOurDaemon()
    {
        if (Processes.PeerOf(PlanFd) is not { } peer) return "fd 3 is not the daemon's socket";
        int parent = Processes.ParentPid();
        if (peer.Pid != parent) return "fd 3 does not come from the parent process";
        if (peer.Uid != Credentials.GetUid()) return "fd 3 belongs to another user";
        var mine = Processes.ProgramFileOf("self");
        if (mine is null || Processes.ProgramFileOf(parent.ToString(System.Globalization.CultureInfo.InvariantCulture)) != mine)
            return "the parent is not this program";
        return null;
    }
}
