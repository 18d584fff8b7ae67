using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Rootwrap.Config;
using Rootwrap.Daemon;
using Rootwrap.Native.Linux;

namespace Rootwrap.Native.Daemon;

/// <summary>
/// <c>rootwrap-native-daemon CONFIG</c> (SPEC section 5): oslo-rootwrap-daemon's life
/// cycle. Load the configuration once; make a private folder with a socket anyone may
/// connect to; print the socket path and a fresh 32-byte key on stdout, then close stdio;
/// serve authenticated clients, one thread per connection; stop on SIGTERM, SIGINT or
/// SIGHUP, on a client's shutdown, or after daemon_timeout seconds without a command; then
/// stop running commands, remove the folder and exit 0.
/// </summary>
public sealed class DaemonHost : IRootwrapService
{
    public const int MaxConnections = 128;
    /// <summary>After SIGTERM reaches running commands, how long before SIGKILL does.</summary>
    public static readonly TimeSpan KillGrace = TimeSpan.FromSeconds(3);

    public string ExecName { get; }
    public byte[] AuthKey { get; } = RandomNumberGenerator.GetBytes(32);
    public ManagerServer Server { get; }
    public DaemonLog Log { get; }
    public bool Stopping => Volatile.Read(ref _stopping);

    private readonly RootwrapConfig _config;
    /// <summary>Who may connect besides root: the account that started the daemon through sudo.</summary>
    private readonly uint? _clientUid;
    private readonly CommandRunner _runner;
    private readonly ManualResetEventSlim _stopEvent = new(false);
    private readonly ConcurrentDictionary<ClientConnection, Thread> _connections = new();
    private bool _stopping;
    private long _lastActivity = Environment.TickCount64;
    private int _commandsRunning;

    private DaemonHost(string execname, RootwrapConfig config, FilterSet filters, List<byte[]> environ, DaemonLog log)
    {
        ExecName = execname;
        _config = config;
        _clientUid = uint.TryParse(ProcessArgs.Get(environ, "SUDO_UID"), System.Globalization.NumberStyles.None,
            System.Globalization.CultureInfo.InvariantCulture, out var u) ? u : null;
        Log = log;
        Server = new ManagerServer(this);
        _runner = new CommandRunner(this, config, filters, environ, log);
    }

    public static int Run(string execname, IReadOnlyList<string> args, List<byte[]> environ)
    {
        if (args.Count != 1) return new Refusal(Refusal.NoCommand, "Extra arguments to daemon").Report(execname);
        Processes.DefaultChildSignal();

        var trust = ConfigSource.TrustForThisProcess();
        RootwrapConfig config;
        FilterSet filters;
        try
        {
            config = RootwrapConfig.LoadForCommands(ConfigSource.ConfigFor(execname, args[0]), ProcessArgs.Get(environ, "PATH"), trust);
        }
        catch (ConfigException e) { return Refusal.Of(e).Report(execname); }
        // The reference sets the daemon's own soft limit, inherited by every command. Here all
        // of what the caller left through sudo (SECURITY.md) is normalized once, for the
        // commands spawned directly; the launcher does it again for its own.
        try { Inherited.Normalize(config.RlimitNofile); }
        catch (SyscallException e) { return new Refusal(Refusal.BadConfig, e.Message).Report(execname); }
        catch (Launcher.LaunchException e) { return new Refusal(Refusal.BadConfig, e.Message).Report(execname); }
        // Not dumpable, whoever started it: a plan thread that takes another uid or fewer
        // capabilities (PlanThread) must not let that uid, or a lesser root command, trace
        // the daemon's memory. The kernel keeps the flag per process.
        try { OwnThread.ClearDumpable(); }
        catch (SyscallException e) { return new Refusal(Refusal.BadConfig, e.Message).Report(execname); }

        var rootLog = RootLog.Open(config, execname);
        try { filters = FilterLoader.Load(config, trust); }
        catch (ConfigException e) { return Refusal.Of(e).Report(execname); }
        foreach (var w in filters.Warnings) rootLog.LogWarning(w);

        var uid = Credentials.GetUid();
        var log = new DaemonLog(rootLog, Helper.LoginName(environ), Users.NameOf(uid) ?? uid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return new DaemonHost(execname, config, filters, environ, log).Serve();
    }

    private int Serve()
    {
        // tempfile.mkdtemp(prefix='rootwrap-'): mode 0700, then 0755 so anyone can reach the socket.
        DirectoryInfo dir;
        try { dir = Directory.CreateTempSubdirectory("rootwrap-"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new Refusal(Refusal.BadConfig, $"cannot create the socket folder: {e.Message}").Report(ExecName);
        }
        Socket? listener = null;
        try
        {
            Fds.Chmod(dir.FullName, 0x1ED /* 0755 */);
            var socketPath = Path.Combine(dir.FullName, "rootwrap.sock");
            listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            listener.Bind(new UnixDomainSocketEndPoint(socketPath));
            listener.Listen(16);
            // The key, not the socket's mode, keeps strangers out (as the reference: 0666).
            Fds.Chmod(socketPath, 0x1B6 /* 0666 */);

            using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
            using var intr = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
            using var hup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, OnSignal);

            // The handshake: the socket path, a newline, the key. Then stdio goes: the client
            // reads nothing more, and nothing may ever block on a full pipe to it.
            Stdio.Write(1, [.. Encoding.UTF8.GetBytes(socketPath + "\n"), .. AuthKey]);
            Fds.StdioToDevNull();

            Log.Info("Starting rootwrap daemon main loop");
            var accepter = new Thread(() => Accept(listener)) { IsBackground = true, Name = "accept" };
            accepter.Start();
            var timer = new Thread(IdleTimer) { IsBackground = true, Name = "idle-timer" };
            timer.Start();

            _stopEvent.Wait();
            Log.Info("Shutting down");
            Shutdown(listener);
            return 0;
        }
        catch (Exception e) when (e is IOException or SocketException or UnauthorizedAccessException or SyscallException)
        {
            return new Refusal(Refusal.BadConfig, $"cannot listen: {e.Message}").Report(ExecName);
        }
        finally
        {
            listener?.Dispose();
            try { dir.Delete(recursive: true); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
    }

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        Stop();
    }

    /// <summary>Begins the shutdown; the main thread carries it out. Any thread, any number of times.</summary>
    public void Stop()
    {
        Volatile.Write(ref _stopping, true);
        _stopEvent.Set();
    }

    private void Shutdown(Socket listener)
    {
        // No new connections; the accept thread's accept() fails and it ends.
        try { listener.Shutdown(SocketShutdown.Both); } catch (SocketException) { }
        listener.Close();

        // Running commands are asked to stop, along with what they started in their
        // process group; idle connections see EOF (the reference half-closes them too).
        _runner.SignalAll(Processes.SIGTERM);
        foreach (var c in _connections.Keys)
        {
            try { c.Socket.Shutdown(SocketShutdown.Receive); } catch (Exception e) when (e is SocketException or ObjectDisposedException) { }
        }
        if (!JoinConnections(KillGrace))
        {
            _runner.SignalAll(Processes.SIGKILL);
            JoinConnections(TimeSpan.FromSeconds(2));
        }
        _runner.Dispose();
    }

    private bool JoinConnections(TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        foreach (var t in _connections.Values)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) return false;
            try { if (!t.Join(left)) return false; }
            catch (ThreadStateException) { } // registered, not yet started: it will see Stopping
        }
        return true;
    }

    private void Accept(Socket listener)
    {
        while (!Stopping)
        {
            Socket s;
            try
            {
                s = listener.Accept();
            }
            catch (ObjectDisposedException) { return; }
            catch (Exception e) when (e is SocketException or InvalidOperationException or OutOfMemoryException)
            {
                if (Stopping) return;
                Thread.Sleep(50); // EMFILE and the like: let connections finish
                continue;
            }
            // The socket is open to all (0666, as the reference's): the key keeps strangers
            // from running commands, but another local account could still hold all of the
            // connection slots with idle connections, and the service's client, refused, would
            // start a second root daemon. Only root and the account that started this one
            // (sudo's SUDO_UID) may take a slot.
            if (!Admitted(s))
            {
                s.Dispose();
                continue;
            }
            if (Stopping || _connections.Count >= MaxConnections)
            {
                s.Dispose();
                continue;
            }
            var conn = new ClientConnection(this, s);
            var thread = new Thread(() =>
            {
                try { conn.Serve(); }
                finally { _connections.TryRemove(conn, out _); }
            }, maxStackSize: 1 << 20) { IsBackground = true, Name = "connection" };
            _connections[conn] = thread;
            try { thread.Start(); }
            catch (OutOfMemoryException)
            {
                // No thread for it: this connection is refused, the daemon goes on.
                _connections.TryRemove(conn, out _);
                s.Dispose();
            }
        }
    }

    private bool Admitted(Socket s)
    {
        if (Processes.PeerOf((int)s.Handle) is not { } peer) return false;
        if (peer.Uid == 0 || peer.Uid == _clientUid) return true;
        Log.Warning($"Refused a connection from uid {peer.Uid} (pid {peer.Pid}): only root and uid {_clientUid?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "0"} may connect");
        return false;
    }

    /// <summary>daemon_timeout: seconds without a command, and none running, end the daemon.</summary>
    private void IdleTimer()
    {
        long timeoutMs = Math.Max(0L, _config.DaemonTimeout) * 1000;
        while (!_stopEvent.Wait(1000))
        {
            if (Volatile.Read(ref _commandsRunning) > 0) continue;
            if (Environment.TickCount64 - Interlocked.Read(ref _lastActivity) > timeoutMs)
            {
                Log.Info("Idle for daemon_timeout: shutting down");
                Stop();
            }
        }
    }

    // ---- IRootwrapService ----

    public CommandResult RunOneCommand(IReadOnlyList<string> userargs, byte[]? stdin)
    {
        Interlocked.Increment(ref _commandsRunning);
        Touch();
        try
        {
            return _runner.Run(userargs, stdin);
        }
        finally
        {
            Touch();
            Interlocked.Decrement(ref _commandsRunning);
        }
    }

    public void Touch() => Interlocked.Exchange(ref _lastActivity, Environment.TickCount64);

    public void RequestShutdown() => Stop();
}
