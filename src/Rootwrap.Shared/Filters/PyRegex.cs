using System.Text;
using System.Text.RegularExpressions;

namespace Rootwrap.Filters;

/// <summary>
/// A filter's argument pattern: Python <c>re</c> syntax, compiled on first use only, matched
/// against the whole argument (H1: <c>^(?:pattern)\z</c> where the reference uses
/// <c>re.match(pattern + '$')</c>). Matching is linear-time (the non-backtracking engine);
/// patterns that need backtracking (back-references, look-arounds) get a small timeout
/// instead, and a timeout denies. A pattern that does not compile denies, as the reference.
/// The common shapes (literals, <c>.</c>, literal alternatives, a final <c>.*</c>) need no
/// engine at all (<see cref="SimplePattern"/>).
/// </summary>
public sealed class PyRegex
{
    /// <summary>Budget for one backtracking match; only patterns the linear engine can't run use it.</summary>
    public static readonly TimeSpan BacktrackingTimeout = TimeSpan.FromMilliseconds(20);

    private readonly string _pattern;
    // Literals, '.', literal alternatives, a final '.*': matched directly, nothing to build.
    private SimplePattern? _simple;
    private Regex? _regex;
    private bool _compiled;

    public PyRegex(string pattern)
    {
        _pattern = pattern;
    }

    public string Pattern => _pattern;

    /// <summary>True when the pattern can't be compiled (a filter that always denies).</summary>
    public bool IsInvalid { get { EnsureCompiled(); return _simple is null && _regex is null; } }

    /// <summary>Full-match test. Never throws.</summary>
    public bool FullMatch(string input)
    {
        EnsureCompiled();
        if (_simple is not null) return _simple.FullMatch(input);
        if (_regex is null) return false;
        // The timeout is wall-clock time: a busy machine can deschedule an innocent match past
        // it. One retry tells that apart from a pattern that really runs away (it times out
        // again), and keeps the bound at twice the budget.
        for (int attempt = 0; attempt < 2; attempt++)
        {
            try { return _regex.IsMatch(input); }
            catch (RegexMatchTimeoutException) { }
        }
        return false;
    }

    private void EnsureCompiled()
    {
        // The daemon matches on many threads: publish the regex before the flag, so no
        // thread sees "compiled" with no regex (and denies). Two threads may both compile.
        if (Volatile.Read(ref _compiled)) return;
        _simple = SimplePattern.TryParse(_pattern);
        if (_simple is null) _regex = Compile(_pattern);
        Volatile.Write(ref _compiled, true);
    }

    /// <summary>Compiles a Python pattern for whole-argument matching, or null when it is invalid.</summary>
    public static Regex? Compile(string pattern)
    {
        string? translated = Translate(pattern);
        if (translated is null) return null;
        var anchored = "^(?:" + translated + ")\\z";
        try
        {
            return new Regex(anchored, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);
        }
        catch (NotSupportedException)
        {
            // Back-references and look-arounds: only the backtracking engine has them.
        }
        catch (ArgumentException)
        {
            return null;
        }
        try
        {
            return new Regex(anchored, RegexOptions.CultureInvariant, BacktrackingTimeout);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>
    /// Rewrites the Python-only syntax into .NET syntax: <c>(?P&lt;n&gt;</c>, <c>(?P=n)</c>, <c>\Z</c>,
    /// <c>{,n}</c>. Returns null for syntax with no safe equivalent.
    /// </summary>
    public static string? Translate(string p)
    {
        var sb = new StringBuilder(p.Length + 8);
        bool inClass = false;
        for (int i = 0; i < p.Length; i++)
        {
            char c = p[i];
            if (c == '\\')
            {
                if (i + 1 >= p.Length) return null; // trailing backslash: re.error
                char n = p[i + 1];
                if (!inClass && n == 'Z') { sb.Append("\\z"); i++; continue; }
                // Python's \w is str.isalnum() or '_' (letters and all numbers, no combining
                // marks); its \s includes \x1c-\x1f. Spell both out so .NET admits no more.
                string? cls = (inClass, n) switch
                {
                    (false, 'w') => @"[\p{L}\p{N}_]",
                    (false, 'W') => @"[^\p{L}\p{N}_]",
                    (false, 's') => @"[\s\x1c-\x1f]",
                    (false, 'S') => @"[^\s\x1c-\x1f]",
                    (true, 'w') => @"\p{L}\p{N}_",
                    (true, 's') => @"\s\x1c-\x1f",
                    _ => null,
                };
                if (cls is not null) { sb.Append(cls); i++; continue; }
                sb.Append(c).Append(n);
                i++;
                continue;
            }
            if (inClass)
            {
                // .NET reads "-[" inside a class as subtraction; Python as two literals.
                if (c == '[') { sb.Append("\\["); continue; }
                if (c == ']') inClass = false;
                sb.Append(c);
                continue;
            }
            if (c == '[')
            {
                inClass = true;
                sb.Append(c);
                // A ']' right after '[' or '[^' is a literal in both dialects.
                if (i + 1 < p.Length && p[i + 1] == '^') { sb.Append('^'); i++; }
                if (i + 1 < p.Length && p[i + 1] == ']') { sb.Append("\\]"); i++; }
                continue;
            }
            if (c == '(' && i + 2 < p.Length && p[i + 1] == '?' && p[i + 2] == 'P')
            {
                if (i + 3 < p.Length && p[i + 3] == '<') { sb.Append("(?<"); i += 3; continue; }
                if (i + 3 < p.Length && p[i + 3] == '=')
                {
                    int close = p.IndexOf(')', i + 4);
                    if (close < 0) return null;
                    sb.Append("\\k<").Append(p, i + 4, close - i - 4).Append('>');
                    i = close;
                    continue;
                }
                return null;
            }
            if (c == '{' && i + 1 < p.Length && p[i + 1] == ',')
            {
                int close = p.IndexOf('}', i);
                if (close > i + 2 && int.TryParse(p.AsSpan(i + 2, close - i - 2), out _) && sb.Length > 0)
                {
                    sb.Append("{0,").Append(p, i + 2, close - i - 2).Append('}');
                    i = close;
                    continue;
                }
            }
            sb.Append(c);
        }
        return inClass ? null : sb.ToString();
    }
}

/// <summary>Per-argument patterns of a filter, each compiled only when first needed.</summary>
internal sealed class PatternList(IReadOnlyList<string> patterns)
{
    private readonly PyRegex[] _regexes = Wrap(patterns);

    private static PyRegex[] Wrap(IReadOnlyList<string> patterns)
    {
        var r = new PyRegex[patterns.Count];
        for (int i = 0; i < r.Length; i++) r[i] = new PyRegex(patterns[i]);
        return r;
    }

    /// <summary>Every pattern fully matches the argument at its position (the list may be longer).</summary>
    public bool MatchesPrefix(IReadOnlyList<string> userargs)
    {
        for (int i = 0; i < _regexes.Length; i++)
            if (!_regexes[i].FullMatch(userargs[i])) return false;
        return true;
    }
}
