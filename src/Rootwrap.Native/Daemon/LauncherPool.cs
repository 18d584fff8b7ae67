using System.Buffers.Binary;
using Rootwrap.Native.Linux;

namespace Rootwrap.Native.Daemon;

/// <summary>
/// Pre-started launcher processes for plans that change credentials, capabilities or mounts.
///
/// Why: applying a plan takes the launcher's code (<see cref="Native.Launcher.Exec"/>, the same as
/// the helper's), and that code is managed. The daemon can't run it in a forked child of
/// itself: it is a multi-threaded runtime, and another thread may hold the GC's or the
/// allocator's lock at the fork, leaving the child to deadlock on it. So each such command
/// gets a fresh process of this binary (<c>rootwrap-native-launcher</c>, started through
/// posix_spawn, whose child runs no managed code) that reads the plan, applies it and execs.
/// A NativeAOT start costs about 2-3 ms; starting launchers ahead of need takes that off
/// the command's path: the command waits only for the plan to cross a socket.
///
/// Each launcher starts with fds 0, 1, 2 already on the pipes its command will use and fd 3
/// on a socket pair to us, in a process group of its own. The pool starts on first use, so
/// a configuration whose filters never need one starts no process ahead.
/// </summary>
public sealed class LauncherPool : IDisposable
{
    public sealed class LauncherProcess
    {
        public required int Pid { get; init; }
        public required ChildIo Io { get; init; }
        public int PlanSocket = -1;

        /// <summary>Hands over the plan; the launcher takes it from there (or exits 97/126 with a message on stderr).</summary>
        public bool Send(byte[] plan)
        {
            var frame = new byte[4 + plan.Length];
            BinaryPrimitives.WriteUInt32BigEndian(frame, (uint)plan.Length);
            plan.CopyTo(frame, 4);
            bool ok = Fds.WriteAll(PlanSocket, frame);
            Fds.Close(ref PlanSocket);
            return ok;
        }

        public void Discard()
        {
            // EOF on its socket before any plan: the launcher exits 0 without doing anything.
            Fds.Close(ref PlanSocket);
            Io.Dispose();
            try { Processes.Wait(Pid); } catch (SyscallException) { }
        }
    }

    public const string ProgramName = "rootwrap-native-launcher";
    private const int MinIdle = 2, MaxIdle = 8;

    private readonly CStringArray _argv;
    private readonly CStringArray _envp;
    private readonly Queue<LauncherProcess> _idle = new();
    private readonly object _lock = new();
    private readonly AutoResetEvent _wake = new(false);
    private Thread? _filler;
    private int _target = MinIdle;
    private bool _stopping;

    /// <param name="execname">The daemon's name, for the launcher's messages.</param>
    /// <param name="environ">The daemon's environment, which the launcher passes on as the helper does.</param>
    public LauncherPool(string execname, List<byte[]> environ)
    {
        _argv = new CStringArray([Text.OsString.Encode(ProgramName), Text.OsString.Encode(execname)]);
        _envp = new CStringArray(environ);
    }

    /// <summary>A launcher ready for a plan; started now if none is waiting.</summary>
    public LauncherProcess Take()
    {
        LauncherProcess? l = null;
        lock (_lock)
        {
            if (_stopping) throw new ObjectDisposedException(nameof(LauncherPool));
            if (_idle.Count > 0) l = _idle.Dequeue();
            else if (_filler is not null) _target = Math.Min(_target + 1, MaxIdle); // demand outran the pool
            if (_filler is null)
            {
                _filler = new Thread(Fill) { IsBackground = true, Name = "launcher-pool" };
                _filler.Start();
            }
        }
        _wake.Set();
        return l ?? Start();
    }

    private void Fill()
    {
        while (true)
        {
            _wake.WaitOne();
            while (true)
            {
                lock (_lock)
                {
                    if (_stopping) return;
                    if (_idle.Count >= _target) break;
                }
                LauncherProcess l;
                try { l = Start(); }
                catch (Exception e) when (e is SyscallException or OutOfMemoryException)
                {
                    Thread.Sleep(100); // out of processes or fds: try later; Take() starts its own
                    continue;
                }
                lock (_lock)
                {
                    if (_stopping) { l.Discard(); return; }
                    _idle.Enqueue(l);
                }
            }
        }
    }

    private unsafe LauncherProcess Start()
    {
        var io = ChildIo.Create();
        int mine = -1, theirs = -1;
        try
        {
            (mine, theirs) = Fds.SocketPair();
            // /proc/self/exe, resolved by the spawned child itself: this very program, even
            // if the file was replaced on disk since the daemon started.
            fixed (byte* path = "/proc/self/exe\0"u8)
            {
                int pid = Spawn.Start(path, _argv.Pointer, _envp.Pointer, [io.ChildStdin, io.ChildStdout, io.ChildStderr, theirs]);
                return new LauncherProcess { Pid = pid, Io = io, PlanSocket = mine };
            }
        }
        catch
        {
            io.Dispose();
            Fds.Close(ref mine);
            throw;
        }
        finally
        {
            io.CloseChildEnds();
            Fds.Close(ref theirs);
        }
    }

    public void Dispose()
    {
        List<LauncherProcess> idle;
        lock (_lock)
        {
            if (_stopping) return;
            _stopping = true;
            idle = [.. _idle];
            _idle.Clear();
        }
        _wake.Set();
        foreach (var l in idle) l.Discard();
        _filler?.Join(TimeSpan.FromSeconds(5));
        // _argv and _envp stay: a request thread may still be starting a launcher, and the
        // daemon is about to exit.
    }
}
