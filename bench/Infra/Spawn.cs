using System.Runtime.InteropServices;
using System.Text;

namespace Rootwrap.Bench.Infra;

/// <summary>
/// A command to start many times: argv and envp prepared once as C strings, so a timed
/// start is one posix_spawn (glibc: clone with CLONE_VM|CLONE_VFORK, cheap whatever this
/// process's size) and one wait4. stdin, stdout and stderr are /dev/null.
/// System.Diagnostics.Process would add its pipes, threads and bookkeeping to every row.
/// </summary>
public sealed unsafe partial class Spawn : IDisposable
{
    [LibraryImport("libc", SetLastError = true)]
    private static partial int posix_spawn(out int pid, byte* path, void* fileActions, void* attr, byte** argv, byte** envp);

    [LibraryImport("libc")]
    private static partial int posix_spawn_file_actions_init(void* fa);

    [LibraryImport("libc")]
    private static partial int posix_spawn_file_actions_adddup2(void* fa, int fd, int newfd);

    [LibraryImport("libc")]
    private static partial int posix_spawn_file_actions_destroy(void* fa);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int wait4(int pid, out int status, int options, Rusage* usage);

    [StructLayout(LayoutKind.Sequential)]
    private struct Rusage
    {
        public long UtimeSec, UtimeUsec, StimeSec, StimeUsec;
        public long MaxRss, IxRss, IdRss, IsRss, MinFlt, MajFlt, NSwap, InBlock, OuBlock, MsgSnd, MsgRcv, NSignals, NvCsw, NivCsw;
    }

    /// <summary>What the kernel counted for one run: its CPU time (user + system) and its minor page faults.</summary>
    public readonly record struct Usage(int Status, double CpuMs, long MinorFaults);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true)]
    private static partial int open_(byte* path, int flags);

    private static readonly int DevNull = OpenDevNull();

    /// <summary>The environment every benchmarked command gets: small and fixed.</summary>
    public static readonly IReadOnlyList<string> Environment =
    [
        "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        "LANG=C.UTF-8",
    ];

    private readonly IntPtr _block;
    private readonly byte* _path;
    private readonly byte** _argv;
    private readonly byte** _envp;
    private readonly void* _fa;

    public string[] Argv { get; }

    /// <summary>The command's environment: <see cref="Environment"/> and the command's own additions.</summary>
    public IReadOnlyList<string> Env { get; }

    public Spawn(params string[] argv) : this(argv, []) { }

    public Spawn(string[] argv, IReadOnlyList<string> extraEnv)
    {
        Argv = argv;
        Env = [.. Environment, .. extraEnv];
        var strings = argv.Concat(Env).Select(s => Encoding.UTF8.GetBytes(s + "\0")).ToArray();
        int bytes = strings.Sum(s => s.Length);
        int pointers = argv.Length + 1 + Env.Count + 1;
        // posix_spawn_file_actions_t is 80 bytes on glibc x86-64; 256 leaves room.
        _block = Marshal.AllocHGlobal(256 + pointers * sizeof(nint) + bytes);
        _fa = (void*)_block;
        var ptrs = (byte**)(_block + 256);
        var text = (byte*)(ptrs + pointers);
        _argv = ptrs;
        _envp = ptrs + argv.Length + 1;
        int k = 0;
        for (int i = 0; i < strings.Length; i++)
        {
            if (i == argv.Length) ptrs[k++] = null;
            ptrs[k++] = text;
            strings[i].CopyTo(new Span<byte>(text, strings[i].Length));
            text += strings[i].Length;
        }
        ptrs[k] = null;
        _path = _argv[0];
        posix_spawn_file_actions_init(_fa);
        for (int fd = 0; fd <= 2; fd++) posix_spawn_file_actions_adddup2(_fa, DevNull, fd);
    }

    /// <summary>Starts the command and waits for it; returns its wait status.</summary>
    public int Run() => RunMeasured().Status;

    /// <summary>
    /// Starts the command and waits for it, with the kernel's accounting of the child: CPU
    /// time is what the command itself used, so it moves less than wall time when other
    /// work competes for the cores.
    /// </summary>
    public Usage RunMeasured()
    {
        int rc = posix_spawn(out int pid, _path, _fa, null, _argv, _envp);
        if (rc != 0) throw new InvalidOperationException($"posix_spawn {Argv[0]}: errno {rc}");
        int status;
        Rusage ru;
        while (wait4(pid, out status, 0, &ru) < 0)
        {
            if (Marshal.GetLastPInvokeError() != 4 /* EINTR */)
                throw new InvalidOperationException($"wait4: errno {Marshal.GetLastPInvokeError()}");
        }
        double cpu = (ru.UtimeSec + ru.StimeSec) * 1e3 + (ru.UtimeUsec + ru.StimeUsec) / 1e3;
        return new Usage(status, cpu, ru.MinFlt);
    }

    /// <summary>Runs it once and throws, with the command's own stderr, unless it exits <paramref name="expected"/>.</summary>
    public void Check(int expected = 0)
    {
        var psi = new System.Diagnostics.ProcessStartInfo(Argv[0])
        {
            RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false,
        };
        foreach (var a in Argv.Skip(1)) psi.ArgumentList.Add(a);
        psi.Environment.Clear();
        foreach (var e in Env) psi.Environment[e[..e.IndexOf('=')]] = e[(e.IndexOf('=') + 1)..];
        using var p = System.Diagnostics.Process.Start(psi)!;
        p.StandardOutput.ReadToEnd();
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != expected)
            throw new InvalidOperationException($"`{string.Join(' ', Argv)}` exited {p.ExitCode}, not {expected}: {err.Trim()}");
    }

    public override string ToString() => string.Join(' ', Argv);

    public void Dispose()
    {
        posix_spawn_file_actions_destroy(_fa);
        Marshal.FreeHGlobal(_block);
    }

    private static int OpenDevNull()
    {
        fixed (byte* p = "/dev/null\0"u8) return open_(p, 2 /* O_RDWR, inherited: no O_CLOEXEC */);
    }
}
