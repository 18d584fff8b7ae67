using Rootwrap.Posix;

namespace Rootwrap.Filters;

/// <summary>
/// One constraint per argument after the command: <c>pass</c> (anything), a literal, or an
/// absolute base directory that the argument's realpath must lie under. The resolved
/// path is what the command receives.
/// </summary>
public sealed class PathFilter(string execPath, string runAs, IReadOnlyList<string> args)
    : Filter("PathFilter", execPath, runAs, args)
{
    public override bool Match(List<string> userargs, ISystemView sys)
    {
        if (userargs.Count < 2) return false;
        int n = userargs.Count - 1;
        bool equalArgsNum = Args.Count == n;
        bool execIsValid = CommandMatches(userargs);
        int pairs = Math.Min(Args.Count, n);
        bool argsOk = true, pathsOk = true;
        // The reference evaluates both checks over every pair (zip truncates); realpath is
        // only computed for the pairs it would compute it for.
        for (int i = 0; i < pairs && argsOk; i++)
        {
            var constraint = Args[i];
            if (!PosixPath.IsAbs(constraint))
                argsOk = constraint == "pass" || constraint == userargs[i + 1];
        }
        for (int i = 0; i < pairs && pathsOk; i++)
        {
            var constraint = Args[i];
            if (PosixPath.IsAbs(constraint))
                pathsOk = IsWithin(constraint, sys.RealPath(userargs[i + 1]));
        }
        return equalArgsNum && execIsValid && argsOk && pathsOk;
    }

    public override FilterMiss? Mismatch(IReadOnlyList<string> userargs, ISystemView sys)
    {
        if (!CommandMatches(userargs)) return CommandMiss(userargs);
        int n = userargs.Count - 1;
        if (n == 0 || Args.Count != n)
            return new(false, $"takes {Args.Count} argument(s) after the command, got {n}");
        for (int i = 0; i < n; i++)
        {
            var constraint = Args[i];
            if (!PosixPath.IsAbs(constraint) && constraint != "pass" && constraint != userargs[i + 1])
                return new(false, $"argument {i + 1} {Q(userargs[i + 1])} is not {Q(constraint)}");
        }
        for (int i = 0; i < n; i++)
        {
            var constraint = Args[i];
            if (!PosixPath.IsAbs(constraint)) continue;
            var real = sys.RealPath(userargs[i + 1]);
            if (!IsWithin(constraint, real))
                return new(false, $"argument {i + 1} {Q(userargs[i + 1])} resolves to {Q(real)}, which is not under {constraint}"
                    + (IsWithinByStringPrefix(constraint, real) ? " (by path components, H2)" : ""));
        }
        return null;
    }

    /// <summary>
    /// The reference: <c>os.path.commonprefix([base, path]) == base</c>, a string prefix,
    /// which lets <c>/var/lib/images2</c> pass for <c>/var/lib/images</c>. H2: additionally the
    /// prefix must end at a path component boundary. Never admits what the reference refuses.
    /// </summary>
    public static bool IsWithin(string baseDir, string path)
    {
        if (!path.StartsWith(baseDir, StringComparison.Ordinal)) return false;
        return path.Length == baseDir.Length || baseDir.EndsWith('/') || path[baseDir.Length] == '/';
    }

    /// <summary>The reference's string-prefix rule alone (for the auditor and the differential tests).</summary>
    public static bool IsWithinByStringPrefix(string baseDir, string path) =>
        path.StartsWith(baseDir, StringComparison.Ordinal);

    public override List<string> GetCommand(List<string> userargs, string exec, ISystemView sys)
    {
        var cmd = new List<string>(userargs.Count) { exec };
        int pairs = Math.Min(Args.Count, userargs.Count - 1);
        for (int i = 0; i < pairs; i++)
            cmd.Add(PosixPath.IsAbs(Args[i]) ? sys.RealPath(userargs[i + 1]) : userargs[i + 1]);
        return cmd;
    }
}
