using System.Runtime.InteropServices;

namespace Rootwrap.Native.Linux;

/// <summary>
/// posix_spawn(3): how the daemon starts processes. glibc implements it with
/// clone(CLONE_VM | CLONE_VFORK): the child runs only glibc's own spawn code (signal
/// dispositions, process group, dup2s, closefrom) and then execve, never managed code, so
/// it is safe from a multi-threaded runtime whose other threads may hold the GC's or the
/// allocator's locks; and, sharing the parent's memory until execve, it costs no page-table
/// copy. Any thread.
/// </summary>
public static partial class Spawn
{
    [LibraryImport("libc", EntryPoint = "posix_spawn")]
    private static unsafe partial int posix_spawn(int* pid, byte* path, void* fileActions, void* attr, byte** argv, byte** envp);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_init")]
    private static unsafe partial int file_actions_init(void* fa);
    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_destroy")]
    private static unsafe partial int file_actions_destroy(void* fa);
    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_adddup2")]
    private static unsafe partial int file_actions_adddup2(void* fa, int fd, int newfd);
    /// <summary>glibc 2.34 and later.</summary>
    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_addclosefrom_np")]
    private static unsafe partial int file_actions_addclosefrom_np(void* fa, int from);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_init")]
    private static unsafe partial int attr_init(void* attr);
    [LibraryImport("libc", EntryPoint = "posix_spawnattr_destroy")]
    private static unsafe partial int attr_destroy(void* attr);
    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setflags")]
    private static unsafe partial int attr_setflags(void* attr, short flags);
    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setsigmask")]
    private static unsafe partial int attr_setsigmask(void* attr, void* sigset);
    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setsigdefault")]
    private static unsafe partial int attr_setsigdefault(void* attr, void* sigset);
    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setpgroup")]
    private static unsafe partial int attr_setpgroup(void* attr, int pgroup);

    [LibraryImport("libc", EntryPoint = "sigemptyset")]
    private static unsafe partial int sigemptyset(void* set);

    private const short POSIX_SPAWN_SETPGROUP = 0x02, POSIX_SPAWN_SETSIGDEF = 0x04, POSIX_SPAWN_SETSIGMASK = 0x08;
    // glibc x86_64: posix_spawnattr_t is 336 bytes, posix_spawn_file_actions_t 80, sigset_t 128.
    private const int AttrSize = 512, ActionsSize = 256, SigsetSize = 128;

    /// <summary>
    /// Starts <paramref name="path"/> with fds 0, 1, 2 (and more, in order) taken from
    /// <paramref name="fds"/> and no other fd open; every signal at its default action and
    /// none blocked; in a process group of its own (so the daemon can stop it and what it
    /// started as one). Returns the pid; throws with the errno of a failed fork or execve.
    /// </summary>
    public static unsafe int Start(byte* path, byte** argv, byte** envp, ReadOnlySpan<int> fds)
    {
        byte* attr = stackalloc byte[AttrSize];
        byte* actions = stackalloc byte[ActionsSize];
        byte* mask = stackalloc byte[SigsetSize];
        byte* defaults = stackalloc byte[SigsetSize];
        Check(attr_init(attr), "posix_spawnattr_init");
        try
        {
            Check(file_actions_init(actions), "posix_spawn_file_actions_init");
            try
            {
                sigemptyset(mask);
                // Every signal to SIG_DFL, glibc's internal 32 and 33 included: sigfillset
                // leaves those out, and glibc's spawn child then sets them to SIG_IGN, which
                // execve keeps. The attribute is copied as is and applied with the internal
                // sigaction, so setting the bits directly reaches them too.
                new Span<byte>(defaults, SigsetSize).Clear();
                *(ulong*)defaults = ulong.MaxValue; // signals 1..64
                Check(attr_setsigmask(attr, mask), "posix_spawnattr_setsigmask");
                Check(attr_setsigdefault(attr, defaults), "posix_spawnattr_setsigdefault");
                Check(attr_setpgroup(attr, 0), "posix_spawnattr_setpgroup");
                Check(attr_setflags(attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK), "posix_spawnattr_setflags");
                // The daemon opens every fd close-on-exec and keeps them all above 2, so these
                // dup2s never clobber a source; closefrom drops whatever else is open.
                for (int i = 0; i < fds.Length; i++)
                    Check(file_actions_adddup2(actions, fds[i], i), "posix_spawn_file_actions_adddup2");
                Check(file_actions_addclosefrom_np(actions, fds.Length), "posix_spawn_file_actions_addclosefrom_np");
                int pid;
                int err = posix_spawn(&pid, path, actions, attr, argv, envp);
                if (err != 0) throw new SyscallException("posix_spawn", err);
                return pid;
            }
            finally { file_actions_destroy(actions); }
        }
        finally { attr_destroy(attr); }
    }

    private static void Check(int err, string call)
    {
        if (err != 0) throw new SyscallException(call, err);
    }
}

/// <summary>
/// A NULL-terminated array of C strings in native memory, for execve and posix_spawn:
/// built once, read by the child, freed by the owner.
/// </summary>
public sealed class CStringArray : IDisposable
{
    private unsafe byte** _array;
    private readonly int _count;

    public unsafe CStringArray(IReadOnlyList<byte[]> strings)
    {
        _count = strings.Count;
        nuint bytes = (nuint)((_count + 1) * sizeof(byte*));
        foreach (var s in strings) bytes += (nuint)s.Length + 1;
        _array = (byte**)NativeMemory.Alloc(bytes);
        byte* text = (byte*)(_array + _count + 1);
        for (int i = 0; i < _count; i++)
        {
            var s = strings[i];
            _array[i] = text;
            s.AsSpan().CopyTo(new Span<byte>(text, s.Length));
            // Strings arrive with or without their NUL; a NUL inside would only shorten them.
            text[s.Length] = 0;
            text += s.Length + 1;
        }
        _array[_count] = null;
    }

    public unsafe byte** Pointer => _array;
    public unsafe byte* this[int i] => _array[i];

    public unsafe void Dispose()
    {
        if (_array is null) return;
        NativeMemory.Free(_array);
        _array = null;
    }
}
