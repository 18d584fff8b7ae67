using System.Text;

namespace Rootwrap.Ini;

/// <summary>An option as read: its value (continuation lines joined with '\n') and the line it started on.</summary>
public sealed record IniEntry(string Key, string Value, int Line);

/// <summary>What an <see cref="IniException"/> is about.</summary>
public enum IniError
{
    /// <summary>The file could not be opened or read (line 0).</summary>
    Unreadable,
    NotUtf8,
    /// <summary>configparser's MissingSectionHeaderError.</summary>
    NoSectionHeader,
    /// <summary>configparser's ParsingError: a line with no ':' or '='.</summary>
    NotAnOption,
    /// <summary>configparser's ParsingError: an option line with an empty name.</summary>
    NoOptionName,
    /// <summary>Strict mode's DuplicateSectionError.</summary>
    RepeatedSection,
    /// <summary>Strict mode's DuplicateOptionError.</summary>
    RepeatedOption,
}

/// <summary>A parse error, with the file and 1-based line it was found on.</summary>
public sealed class IniException(string file, int line, string message, IniError kind) : Exception(message)
{
    public string File { get; } = file;
    public int Line { get; } = line;
    public IniError Kind { get; } = kind;
    /// <summary>For <see cref="IniError.RepeatedSection"/> and <see cref="IniError.RepeatedOption"/>: the section.</summary>
    public string? Section { get; init; }
    /// <summary>For <see cref="IniError.RepeatedOption"/>: the option's name, lower-cased.</summary>
    public string? Key { get; init; }
    /// <summary>For the repeated kinds: the line the section or option was first given on.</summary>
    public int FirstLine { get; init; }
    public override string ToString() => $"{File}:{Line}: {Message}";
}

/// <summary>
/// One section's options in configparser order: a repeated key keeps the position of its
/// first occurrence and the value of its last (a Python dict assignment).
/// </summary>
public sealed class IniSection(string name, int line)
{
    private readonly List<IniEntry> _entries = new();
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

    public string Name { get; } = name;
    public int Line { get; } = line;
    public IReadOnlyList<IniEntry> Entries => _entries;

    public IniEntry? this[string key] => _index.TryGetValue(key, out var i) ? _entries[i] : null;

    internal void Set(IniEntry entry)
    {
        if (_index.TryGetValue(entry.Key, out var i)) _entries[i] = entry;
        else { _index[entry.Key] = _entries.Count; _entries.Add(entry); }
    }
}

/// <summary>
/// A reader for INI files exactly as Python's <c>configparser.RawConfigParser</c> reads them
/// (delimiters <c>=</c> and <c>:</c>, full-line <c>#</c>/<c>;</c> comments, no inline comments,
/// indented continuation lines, blank lines kept inside values, option names lower-cased,
/// a <c>[DEFAULT]</c> section merged in front of every other). Strict mode (duplicate
/// sections and options are errors) is what the reference uses for rootwrap.conf;
/// filter files are read with strict mode off.
/// </summary>
public sealed class IniDocument
{
    public const string DefaultSection = "DEFAULT";

    private readonly Dictionary<string, IniSection> _sections = new(StringComparer.Ordinal);
    private readonly List<IniSection> _order = new();

    public string File { get; }
    public IniSection Defaults { get; }
    public IReadOnlyList<IniSection> Sections => _order;

    private IniDocument(string file)
    {
        File = file;
        Defaults = new IniSection(DefaultSection, 0);
    }

    public IniSection? GetSection(string name) =>
        name == DefaultSection ? Defaults : _sections.GetValueOrDefault(name);

    /// <summary>
    /// <c>RawConfigParser.items(section)</c>: the defaults, then the section's own options
    /// (a section key overrides a default in place). Null when the section is absent.
    /// </summary>
    public IReadOnlyList<IniEntry>? Items(string section)
    {
        if (section == DefaultSection) return Defaults.Entries;
        if (!_sections.TryGetValue(section, out var s)) return null;
        if (Defaults.Entries.Count == 0) return s.Entries;
        var merged = new IniSection(section, s.Line);
        foreach (var e in Defaults.Entries) merged.Set(e);
        foreach (var e in s.Entries) merged.Set(e);
        return merged.Entries;
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads and parses a file; I/O and decoding errors become <see cref="IniException"/> at line 0.</summary>
    public static IniDocument Load(string path, bool strict) => Load(path, strict, null);

    /// <summary>
    /// As <see cref="Load(string, bool)"/>; <paramref name="checkOpened"/> sees the owner and
    /// mode of the file actually read, before a byte of it is parsed, and may throw.
    /// </summary>
    public static IniDocument Load(string path, bool strict, Action<Posix.PosixPath.FileStat>? checkOpened)
    {
        var bytes = Posix.PosixFile.ReadAll(path, out int errno, out var opened);
        if (bytes is null)
        {
            throw new IniException(path, 0, errno switch
            {
                Posix.Errno.ENOENT or Posix.Errno.ENOTDIR => "no such file",
                // A directory reads as "permission denied", as System.IO reports it.
                Posix.Errno.EACCES or Posix.Errno.EPERM or Posix.Errno.EISDIR => "permission denied",
                _ => "cannot be read",
            }, IniError.Unreadable);
        }
        checkOpened?.Invoke(opened);
        return Parse(path, bytes, strict);
    }

    public static IniDocument Parse(string path, ReadOnlySpan<byte> bytes, bool strict)
    {
        string text;
        try { text = StrictUtf8.GetString(bytes); }
        catch (DecoderFallbackException)
        {
            // Python decodes with the locale's UTF-8 and fails on the same bytes.
            int line = 1;
            var ok = Utf8ValidPrefix(bytes);
            foreach (var b in bytes[..ok]) if (b == (byte)'\n') line++;
            throw new IniException(path, line, "file is not valid UTF-8", IniError.NotUtf8);
        }
        return Parse(path, text, strict);
    }

    private static int Utf8ValidPrefix(ReadOnlySpan<byte> bytes)
    {
        var status = System.Text.Unicode.Utf8.ToUtf16(bytes, new char[bytes.Length], out int read, out _, replaceInvalidSequences: false);
        return status == System.Buffers.OperationStatus.Done ? bytes.Length : read;
    }

    public static IniDocument Parse(string path, string text, bool strict) => Parse(path, text, strict, null);

    /// <summary>
    /// The non-strict parse, going on past every error: a line configparser rejects is
    /// reported in <paramref name="problems"/> and read as a comment. What strict mode would
    /// refuse (a repeated section or option) is reported there too, and read as non-strict
    /// mode reads it. The auditor reads files this way, to report every problem at once.
    /// </summary>
    public static IniDocument ParseCollecting(string path, string text, List<IniException> problems) =>
        Parse(path, text, strict: false, problems);

    private static IniDocument Parse(string path, string text, bool strict, List<IniException>? problems)
    {
        // The per-call helper parses every filter file of a configuration on each call, so
        // this works on spans of the text and allocates only the names and values it keeps.
        var doc = new IniDocument(path);
        // Only strict mode (and the collecting parse) looks back at what was added, and at
        // which line; filter files are read non-strict.
        Dictionary<string, int>? added = strict || problems is not null ? new(StringComparer.Ordinal) : null;
        IniSection? cursect = null;
        string? optname = null;
        int optline = 0;
        // The value being read: its first line, then any further lines (rare). Null when no
        // option is open (configparser's optval is None).
        string? optfirst = null;
        List<string>? optrest = null;
        int indentLevel = 0;
        IniException? firstError = null;

        void Flush()
        {
            if (cursect is not null && optname is not null && optfirst is not null)
            {
                var joined = optrest is null ? optfirst : optfirst + "\n" + string.Join('\n', optrest);
                cursect.Set(new IniEntry(optname, PyRStrip(joined), optline));
            }
        }

        int lineno = 0;
        int pos = 0;
        while (pos < text.Length)
        {
            // Python's text-mode line iteration: \r\n, \r and \n all end a line.
            int nl = text.AsSpan(pos).IndexOfAny('\r', '\n');
            int lineEnd = nl < 0 ? text.Length : pos + nl;
            var line = text.AsSpan(pos, lineEnd - pos);
            pos = lineEnd >= text.Length ? text.Length
                : lineEnd + (text[lineEnd] == '\r' && lineEnd + 1 < text.Length && text[lineEnd + 1] == '\n' ? 2 : 1);
            lineno++;

            var stripped = PyStrip(line);
            bool isComment = stripped.StartsWith('#') || stripped.StartsWith(';');
            var value = isComment ? ReadOnlySpan<char>.Empty : stripped;
            if (value.Length == 0)
            {
                // Blank lines belong to the value being read (empty_lines_in_values); comments don't.
                if (!isComment && cursect is not null && !string.IsNullOrEmpty(optname) && optfirst is not null)
                    (optrest ??= new()).Add("");
                continue;
            }
            int curIndent = 0;
            while (curIndent < line.Length && PyIsSpace(line[curIndent])) curIndent++;
            if (cursect is not null && !string.IsNullOrEmpty(optname) && curIndent > indentLevel)
            {
                (optrest ??= new()).Add(value.ToString());
                continue;
            }
            int indentBefore = indentLevel;
            indentLevel = curIndent;
            if (value[0] == '[' && value.LastIndexOf(']') is int close && close >= 2)
            {
                Flush();
                optname = null; optfirst = null; optrest = null;
                var name = value[1..close].ToString();
                if (name == DefaultSection)
                {
                    cursect = doc.Defaults;
                }
                else if (doc._sections.TryGetValue(name, out var existing))
                {
                    if (added is not null && added.TryGetValue("S\0" + name, out int firstAt))
                    {
                        var e = new IniException(path, lineno, $"section [{name}] already exists", IniError.RepeatedSection) { Section = name, FirstLine = firstAt };
                        if (problems is null) throw e;
                        problems.Add(e);
                    }
                    cursect = existing;
                }
                else
                {
                    cursect = new IniSection(name, lineno);
                    doc._sections[name] = cursect;
                    doc._order.Add(cursect);
                    added?.Add("S\0" + name, lineno);
                }
                continue;
            }
            // Collecting, a line configparser rejects is read as a comment: it changes nothing.
            if (cursect is null)
            {
                var e = new IniException(path, lineno, $"no section header before this line: {Quote(line.ToString())}", IniError.NoSectionHeader);
                if (problems is null) throw e;
                problems.Add(e);
                indentLevel = indentBefore;
                continue;
            }

            int delim = value.IndexOfAny('=', ':');
            if (delim < 0)
            {
                var e = new IniException(path, lineno, $"not an option line (no ':' or '='): {Quote(line.ToString())}", IniError.NotAnOption);
                if (problems is not null) { problems.Add(e); indentLevel = indentBefore; continue; }
                firstError ??= e;
                Flush();
                optname = null; optfirst = null; optrest = null;
                continue;
            }
            var key = PyRStrip(value[..delim]).ToString().ToLowerInvariant();
            if (key.Length == 0)
            {
                var e = new IniException(path, lineno, $"option line without a name: {Quote(line.ToString())}", IniError.NoOptionName);
                if (problems is not null) { problems.Add(e); indentLevel = indentBefore; continue; }
                firstError ??= e;
            }
            Flush();
            if (added is not null)
            {
                var sectKey = "O\0" + cursect.Name + "\0" + key;
                if (added.TryGetValue(sectKey, out int firstAt))
                {
                    var e = new IniException(path, lineno, $"option '{key}' in section [{cursect.Name}] already exists", IniError.RepeatedOption)
                        { Section = cursect.Name, Key = key, FirstLine = firstAt };
                    if (problems is null) throw e;
                    problems.Add(e);
                }
                else added.Add(sectKey, lineno);
            }
            optname = key;
            optline = lineno;
            optfirst = PyStrip(value[(delim + 1)..]).ToString();
            optrest = null;
        }
        Flush();
        if (firstError is not null) throw firstError;
        return doc;
    }

    private static string Quote(string line) => "'" + line.TrimEnd('\n') + "'";

    /// <summary>Python's text-mode line iteration: \r\n, \r and \n all end a line.</summary>
    internal static IEnumerable<string> SplitUniversalNewlines(string text)
    {
        int start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '\n' || c == '\r')
            {
                yield return text[start..i];
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
                start = i + 1;
            }
        }
        if (start < text.Length) yield return text[start..];
    }

    /// <summary>Python's <c>str.isspace</c> for one character.</summary>
    public static bool PyIsSpace(char c) => c switch
    {
        ' ' or '\t' or '\n' or '\v' or '\f' or '\r' => true,
        '\x1c' or '\x1d' or '\x1e' or '\x1f' or '\x85' or '\xa0' => true,
        '\u1680' or '\u2028' or '\u2029' or '\u202f' or '\u205f' or '\u3000' => true,
        >= '\u2000' and <= '\u200a' => true,
        _ => false,
    };

    public static string PyStrip(string s)
    {
        int a = 0, b = s.Length;
        while (a < b && PyIsSpace(s[a])) a++;
        while (b > a && PyIsSpace(s[b - 1])) b--;
        return (a == 0 && b == s.Length) ? s : s[a..b];
    }

    public static ReadOnlySpan<char> PyStrip(ReadOnlySpan<char> s)
    {
        int a = 0, b = s.Length;
        while (a < b && PyIsSpace(s[a])) a++;
        while (b > a && PyIsSpace(s[b - 1])) b--;
        return s[a..b];
    }

    public static ReadOnlySpan<char> PyRStrip(ReadOnlySpan<char> s)
    {
        int b = s.Length;
        while (b > 0 && PyIsSpace(s[b - 1])) b--;
        return s[..b];
    }

    public static string PyRStrip(string s)
    {
        int b = s.Length;
        while (b > 0 && PyIsSpace(s[b - 1])) b--;
        return b == s.Length ? s : s[..b];
    }
}
