using Rootwrap.Posix;

namespace Rootwrap.Config;

/// <summary>H5: who may have written what the helper reads.</summary>
public interface ITrustPolicy
{
    void CheckFile(string path);
    void CheckDirectory(string path);
}

/// <summary>No checks: not running as root (tests, the auditor).</summary>
public sealed class TrustAnything : ITrustPolicy
{
    public static readonly TrustAnything Instance = new();
    public void CheckFile(string path) { }
    public void CheckDirectory(string path) { }
}

/// <summary>
/// Running as root: every configuration file and folder must be owned by root and not
/// writable by group or others, or a non-root account could rewrite the policy.
/// </summary>
public sealed class RootOwnedOnly : ITrustPolicy
{
    public static readonly RootOwnedOnly Instance = new();

    public void CheckFile(string path) => Check(path, "file");
    public void CheckDirectory(string path) => Check(path, "directory");

    private static void Check(string path, string what)
    {
        if (PosixPath.Stat(path) is not { } st)
            throw new ConfigException($"cannot stat {what}", path);
        if (st.Uid != 0)
            throw new ConfigException($"untrusted {what}: owned by uid {st.Uid}, not root", path);
        if ((st.Mode & 0x12) != 0) // S_IWGRP | S_IWOTH
            throw new ConfigException($"untrusted {what}: writable by group or others (mode {Convert.ToString(st.Mode & 0xFFF, 8)})", path);
    }
}
