using Rootwrap.Filters;

namespace Rootwrap.Matching;

public abstract record MatchResult
{
    /// <summary>
    /// For a chaining filter: <c>Leaf</c>, the filter the rest of the command matched;
    /// <c>RestCount</c>, how many of the caller's words that rest is (the command it runs
    /// first); <c>LeafExecutable</c>, where the leaf's own executable was found.
    /// </summary>
    public sealed record Matched(Filter Filter, string Executable, Filter? Leaf = null, int RestCount = 0, string? LeafExecutable = null) : MatchResult;
    /// <summary>A filter matched but its executable exists nowhere (exit 96).</summary>
    public sealed record NotExecutable(Filter Filter) : MatchResult;
    public sealed record NoMatch : MatchResult;
}

/// <summary>
/// The reference's <c>match_filter</c>: first match wins, in order; a filter whose
/// executable is missing is passed over but remembered (96 if nothing else matches); a
/// chaining filter matches only when the rest of the command matches a non-chaining
/// filter of the same user.
/// </summary>
public static class Matcher
{
    public static MatchResult Match(IReadOnlyList<Filter> filters, List<string> userargs, IReadOnlyList<string> execDirs, ISystemView sys)
    {
        Filter? firstNotExecutable = null;
        foreach (var f in filters)
        {
            if (!f.Match(userargs, sys)) continue;
            MatchResult.Matched? inner = null;
            int restCount = 0;
            if (f.IsChaining)
            {
                var args = f.ExecArgs(userargs);
                if (args.Count == 0) continue;
                restCount = args.Count;
                var leaves = filters.Where(x => x.RunAs == f.RunAs && !x.IsChaining).ToList();
                inner = Match(leaves, args, execDirs, sys) as MatchResult.Matched;
                if (inner is null) continue;
            }
            var exec = f.GetExec(execDirs, sys);
            if (exec is null)
            {
                firstNotExecutable ??= f;
                continue;
            }
            return new MatchResult.Matched(f, exec, inner?.Filter, restCount, inner?.Executable);
        }
        return firstNotExecutable is not null ? new MatchResult.NotExecutable(firstNotExecutable) : new MatchResult.NoMatch();
    }
}
