using Rootwrap.Posix;

namespace Rootwrap.Config;

/// <summary>
/// H5: who may have written what the helper reads. Each check takes the owner and mode the
/// caller already has (a file's from the descriptor it reads, a folder's from the stat that
/// found it a folder), so what is checked is what is used.
/// </summary>
public interface ITrustPolicy
{
    void CheckFile(string path, PosixPath.FileStat opened);
    void CheckDirectory(string path, PosixPath.FileStat st);
}

/// <summary>No checks: not running as root (tests, the auditor).</summary>
public sealed class TrustAnything : ITrustPolicy
{
    public static readonly TrustAnything Instance = new();
    public void CheckFile(string path, PosixPath.FileStat opened) { }
    public void CheckDirectory(string path, PosixPath.FileStat st) { }
}

/// <summary>
/// Running as root: every configuration file and folder must be owned by root and not
/// writable by group or others, or a non-root account could rewrite the policy.
/// </summary>
public sealed class RootOwnedOnly : ITrustPolicy
{
    public static readonly RootOwnedOnly Instance = new();

    public void CheckFile(string path, PosixPath.FileStat opened) => Check(path, opened, "file");
    public void CheckDirectory(string path, PosixPath.FileStat st) => Check(path, st, "directory");

    private static void Check(string path, PosixPath.FileStat st, string what)
    {
        if (st.Uid != 0)
            throw new ConfigException($"untrusted {what}: owned by uid {st.Uid}, not root", path);
        if ((st.Mode & 0x12) != 0) // S_IWGRP | S_IWOTH
            throw new ConfigException($"untrusted {what}: writable by group or others (mode {Convert.ToString(st.Mode & 0xFFF, 8)})", path);
    }
}
