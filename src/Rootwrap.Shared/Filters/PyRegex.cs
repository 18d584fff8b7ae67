using System.Text.RegularExpressions;

namespace Rootwrap.Filters;

/// <summary>
/// A filter's argument pattern: Python <c>re</c> syntax, compiled on first use only, matched
/// against the whole argument (H1: <c>re.fullmatch</c> where the reference uses
/// <c>re.match(pattern + '$')</c>). The pattern is parsed as Python 3.11 parses it
/// (<see cref="PyRegexParser"/>: what Python rejects is invalid here) and its characters
/// judged by Python's own tables and case rules (<see cref="PySets"/>). The common shapes
/// (literals, <c>.</c>, literal alternatives, a final <c>.*</c>) need no engine at all
/// (<see cref="SimplePattern"/>); the rest run on <see cref="PyNfa"/>, linear-time and
/// built from the parsed tree with nothing else to construct. Only what a state machine
/// can't hold (back-references, atomic groups) or counted repeats too large for its program
/// go to .NET's engine, through a translation that admits no more than Python does
/// (<see cref="PyRegexEmitter"/>); patterns that need backtracking there get a small
/// timeout, and a timeout denies. A pattern that does not compile denies, as the reference.
/// </summary>
public sealed class PyRegex
{
    /// <summary>Budget for one backtracking match; only patterns the linear engine can't run use it.</summary>
    public static readonly TimeSpan BacktrackingTimeout = TimeSpan.FromMilliseconds(20);

    private readonly string _pattern;
    // Literals, '.', literal alternatives, a final '.*': matched directly, nothing to build.
    private SimplePattern? _simple;
    // Everything else a state machine can hold.
    private PyNfa? _nfa;
    private Regex? _regex;
    private PyRegexEmitter.Output? _translation;
    private bool _compiled;

    public PyRegex(string pattern)
    {
        _pattern = pattern;
    }

    private PyRegex(string pattern, bool fastPath) : this(pattern) => _noFastPath = !fastPath;

    private readonly bool _noFastPath;

    /// <summary>The pattern through the translation and the engine even where <see cref="SimplePattern"/> has its shape (for tests comparing both).</summary>
    internal static PyRegex WithoutFastPath(string pattern) => new(pattern, fastPath: false);

    public string Pattern => _pattern;

    /// <summary>True when the pattern can't be compiled (a filter that always denies).</summary>
    public bool IsInvalid { get { EnsureCompiled(); return _simple is null && _nfa is null && _regex is null; } }

    /// <summary>Full-match test. Never throws.</summary>
    public bool FullMatch(string input)
    {
        EnsureCompiled();
        if (_simple is not null) return _simple.FullMatch(input);
        if (_nfa is not null) return _nfa.FullMatch(input);
        if (_regex is null) return false;
        if (PrepareInput(_translation!, input) is not { } prepared) return false;
        // The timeout is wall-clock time: a busy machine can deschedule an innocent match past
        // it. One retry tells that apart from a pattern that really runs away (it times out
        // again), and keeps the bound at twice the budget.
        for (int attempt = 0; attempt < 2; attempt++)
        {
            try { return _regex.IsMatch(prepared); }
            catch (RegexMatchTimeoutException) { }
        }
        return false;
    }

    /// <summary>
    /// The input as the translated pattern reads it: one code unit per code point (see
    /// <see cref="AstralMap"/>). Null, refused, for a high surrogate that begins no pair
    /// (argv can't hold one, undecodable bytes become low surrogates; only the daemon's JSON
    /// can), and for characters beyond the BMP where the pattern has back-references (two of
    /// them would compare as one) or too many classes of them.
    /// </summary>
    private static string? PrepareInput(PyRegexEmitter.Output t, string input)
    {
        int i = input.AsSpan().IndexOfAnyInRange('\uD800', '\uDBFF');
        if (i < 0) return input;
        for (; i < input.Length; i++)
        {
            if (!char.IsHighSurrogate(input[i])) continue;
            if (i + 1 >= input.Length || !char.IsLowSurrogate(input[i + 1])) return null;
            i++;
        }
        if (t.Astral is null || t.HasBackReferences) return null;
        return t.Astral.Rewrite(input);
    }

    private void EnsureCompiled()
    {
        // The daemon matches on many threads: publish the regex before the flag, so no
        // thread sees "compiled" with no regex (and denies). Two threads may both compile.
        if (Volatile.Read(ref _compiled)) return;
        _simple = _noFastPath ? null : SimplePattern.TryParse(_pattern);
        if (_simple is null)
        {
            try
            {
                var parsed = PyRegexParser.Parse(_pattern);
                _nfa = PyNfa.TryCompile(parsed);
                if (_nfa is null)
                {
                    _translation = PyRegexEmitter.Emit(parsed);
                    _regex = Build(_translation.Pattern);
                }
            }
            catch (PyRegexError) { }
            catch (PyRegexUnsupported) { }
        }
        Volatile.Write(ref _compiled, true);
    }

    /// <summary>Which engine runs the pattern (for tests): "simple", "nfa", "regex" or "invalid".</summary>
    internal string Engine
    {
        get
        {
            EnsureCompiled();
            return _simple is not null ? "simple" : _nfa is not null ? "nfa" : _regex is not null ? "regex" : "invalid";
        }
    }

    /// <summary>The .NET regex of a pattern on the fallback path (for tests), else null.</summary>
    internal Regex? FallbackRegex { get { EnsureCompiled(); return _regex; } }

    private static PyRegexEmitter.Output? TranslateToOutput(string pattern)
    {
        try { return PyRegexEmitter.Emit(PyRegexParser.Parse(pattern)); }
        catch (PyRegexError) { return null; }
        catch (PyRegexUnsupported) { return null; }
    }

    private static Regex? Build(string translated)
    {
        var anchored = "^(?:" + translated + ")\\z";
        try
        {
            return new Regex(anchored, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);
        }
        catch (NotSupportedException)
        {
            // Back-references, look-arounds, atomic groups: only the backtracking engine has them.
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
    /// The pattern as .NET syntax (unanchored) that admits what Python admits, for input
    /// without surrogate pairs; null when Python rejects the pattern or we don't translate it.
    /// </summary>
    public static string? Translate(string p) => TranslateToOutput(p)?.Pattern;
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

    public PyRegex this[int i] => _regexes[i];

    /// <summary>A note for a pattern that never matches because it can't compile (H1: it denies).</summary>
    public static string Invalid(PyRegex r) => r.IsInvalid ? " (the pattern does not compile, so it admits nothing)" : "";

    /// <summary>Every pattern fully matches the argument at its position (the list may be longer).</summary>
    public bool MatchesPrefix(IReadOnlyList<string> userargs)
    {
        for (int i = 0; i < _regexes.Length; i++)
            if (!_regexes[i].FullMatch(userargs[i])) return false;
        return true;
    }
}
