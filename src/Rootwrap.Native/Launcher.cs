using Rootwrap.Capabilities;
using Rootwrap.Matching;
using Rootwrap.Native.Linux;
using Rootwrap.Text;

namespace Rootwrap.Native;

/// <summary>
/// The only code that changes credentials, capabilities, signals and fds, and then
/// execs. It applies an <see cref="ExecPlan"/> and decides nothing. Runs on the main
/// thread, which is the one that execs: capability calls act per thread.
/// </summary>
public static class Launcher
{
    public sealed class LaunchException(string message) : Exception(message);

    /// <summary>
    /// Replaces this process with the planned command (for a KillFilter: signals the held
    /// process and exits as kill(1)). Returns only on failure: a <see cref="LaunchException"/>
    /// (the process is not fit to exec; exit 97), a <see cref="Confinement.UnavailableException"/>
    /// (the kernel can't confine or hold; exit 99) or an execve errno (exit 126).
    /// </summary>
    public static int Exec(ExecPlan plan, List<byte[]> environ)
    {
        // Everything that allocates or can fail on bad input comes first, while nothing is changed.
        var path = Linux.Exec.CString(OsString.Encode(plan.Executable));
        var argv = plan.Argv.Select(a => Linux.Exec.CString(OsString.Encode(a))).ToList();
        var envp = BuildEnvironment(environ, plan.EnvironmentChanges);

        // Beyond capabilities (SECURITY.md): all of it needs root's capabilities, so it comes
        // before they are dropped. Confinement throws Confinement.UnavailableException (exit 99).
        HeldProcess? kill;
        try
        {
            Inherited.Normalize(plan.RlimitNofile);
            if (plan.ReadWritePaths is not null)
            {
                plan = Confinement.KeepReachable(plan);
                Confinement.Enter(plan);
            }
            kill = plan.Kill is not null ? HeldProcess.Hold(plan) : null;
        }
        catch (SyscallException e)
        {
            throw new LaunchException($"cannot set up the process for '{plan.FilterName}': {e.Message}");
        }

        try
        {
            if (plan.Capabilities is { } caps)
            {
                int lastCap = Linux.Capabilities.LastCap();
                Linux.Capabilities.SetNoNewPrivs();
                Linux.Capabilities.LimitBoundingSet(caps.Keep, lastCap);
                if (plan.User is { } u)
                {
                    Linux.Capabilities.SetKeepCaps(true);
                    Credentials.SwitchTo(u.Uid, u.Gid, u.Groups);
                }
                Linux.Capabilities.Set(caps.Keep, caps.Ambient ? caps.Keep : CapabilitySet.Empty);
                if (caps.Ambient) Linux.Capabilities.SetAmbient(caps.Keep);
                if (plan.User is not null) Linux.Capabilities.SetKeepCaps(false);
            }
            else if (plan.User is { } u)
            {
                Credentials.SwitchTo(u.Uid, u.Gid, u.Groups);
            }
        }
        catch (SyscallException e)
        {
            throw new LaunchException($"cannot set up the process for '{plan.FilterName}': {e.Message}");
        }

        Signals.ResetAll();
        Linux.Exec.CloseFrom3OnExec();
        kill?.SignalAndExit();
        return Linux.Exec.ExecVe(path, argv, envp);
    }

    /// <summary>
    /// The environment as the reference passes it: unchanged when the filter sets nothing;
    /// otherwise Python's os.environ (first of duplicate names, entries without '=' dropped)
    /// with the filter's variables set in place or appended.
    /// </summary>
    public static List<byte[]> BuildEnvironment(List<byte[]> environ, IReadOnlyList<KeyValuePair<string, string>>? changes)
    {
        if (changes is null) return environ.Select(e => Linux.Exec.CString(e)).ToList();
        var order = new List<byte[]>();
        var values = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var e in environ)
        {
            int eq = Array.IndexOf(e, (byte)'=');
            if (eq < 0) continue;
            var key = OsString.Decode(e.AsSpan(0, eq));
            if (values.ContainsKey(key)) continue;
            values[key] = e[(eq + 1)..];
            order.Add(e[..eq]);
        }
        foreach (var (k, v) in changes)
        {
            var key = OsString.Decode(OsString.Encode(k));
            if (!values.ContainsKey(key)) order.Add(OsString.Encode(k));
            values[key] = OsString.Encode(v);
        }
        var result = new List<byte[]>(order.Count);
        foreach (var k in order)
        {
            var v = values[OsString.Decode(k)];
            var entry = new byte[k.Length + 1 + v.Length + 1];
            k.CopyTo(entry, 0);
            entry[k.Length] = (byte)'=';
            v.CopyTo(entry, k.Length + 1);
            result.Add(entry);
        }
        return result;
    }
}
