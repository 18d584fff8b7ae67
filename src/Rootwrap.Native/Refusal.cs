using Rootwrap.Config;
using Rootwrap.Matching;
using Rootwrap.Native.Linux;
using Rootwrap.Posix;

namespace Rootwrap.Native;

/// <summary>
/// SPEC 2's exit codes, and the refusal each cause of running nothing becomes: one mapping
/// for the helper, the daemon and the daemon's launcher, so that the three print the same
/// words with the same code for the same cause. Each caller only adds its program name in
/// front (<c>NAME: MESSAGE</c>) and writes it where its caller reads it.
/// </summary>
public readonly record struct Refusal(int Rc, string Message)
{
    public const int Unauthorized = 99, NoCommand = 98, BadConfig = 97, NoExecFound = 96, CannotExec = 126;

    /// <summary>Prints <c>PROGRAM: MESSAGE</c> on stderr, as the reference does, and gives the exit code.</summary>
    public int Report(string program)
    {
        Stdio.Error($"{program}: {Message}");
        return Rc;
    }

    /// <summary>A decision that runs nothing; null for <see cref="Decision.Run"/>.</summary>
    public static Refusal? Of(Decision decision) => decision switch
    {
        Decision.Unauthorized u => new(Unauthorized, u.Message),
        Decision.ExecutableNotFound nf => new(NoExecFound, nf.Message),
        _ => null,
    };

    /// <summary>A configuration or filter file that can't be used.</summary>
    public static Refusal Of(ConfigException e) => new(BadConfig, e.Describe());

    /// <summary>execve itself failed, with this errno.</summary>
    public static Refusal CannotExecute(ExecPlan plan, int errno) =>
        new(CannotExec, $"Cannot execute {plan.Executable}: {Errno.Describe(errno)}");

    /// <summary>
    /// What an exception thrown while a plan was being applied (by <see cref="Launcher.Exec"/>
    /// or a plan thread) means, naming <paramref name="command"/> in a refusal; null for an
    /// exception that is none of these, which the caller lets go.
    /// </summary>
    public static Refusal? OfLaunch(Exception e, IReadOnlyList<string> command) => e switch
    {
        Launcher.LaunchException l => new(BadConfig, l.Message),
        // SPEC 4b: a kernel that can't confine the command means refusal, never an unconfined run.
        CannotEnforceException u => new(Unauthorized, new Decision.Unauthorized(command, u.Message).Message),
        _ => null,
    };

    /// <summary>
    /// Applies the plan and becomes its command (<see cref="Launcher.Exec"/>); returns only when
    /// nothing was executed, with the refusal that says why.
    /// </summary>
    public static Refusal Exec(ExecPlan plan, List<byte[]> environ, IReadOnlyList<string> command)
    {
        try
        {
            return CannotExecute(plan, Launcher.Exec(plan, environ));
        }
        catch (Exception e) when (OfLaunch(e, command) is { } refusal)
        {
            return refusal;
        }
    }
}
