using Rootwrap.Filters;

namespace Rootwrap.Matching;

public abstract record MatchResult
{
    /// <summary><c>Leaf</c>: for a chaining filter, the filter the rest of the command matched.</summary>
    public sealed record Matched(Filter Filter, string Executable, Filter? Leaf = null) : MatchResult;
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
            Filter? leaf = null;
            if (f.IsChaining)
            {
                var args = f.ExecArgs(userargs);
                if (args.Count == 0) continue;
                var leaves = filters.Where(x => x.RunAs == f.RunAs && !x.IsChaining).ToList();
                if (Match(leaves, args, execDirs, sys) is not MatchResult.Matched inner) continue;
                leaf = inner.Filter;
            }
            var exec = f.GetExec(execDirs, sys);
            if (exec is null)
            {
                firstNotExecutable ??= f;
                continue;
            }
            return new MatchResult.Matched(f, exec, leaf);
        }
        return firstNotExecutable is not null ? new MatchResult.NotExecutable(firstNotExecutable) : new MatchResult.NoMatch();
    }
}
