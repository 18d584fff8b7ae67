using System.Text;

namespace Rootwrap.Audit;

/// <summary>
/// A set of characters as the auditor needs it: exact for ASCII (where every character
/// that matters to a shell, a path or an option lives), one flag for everything else.
/// </summary>
public readonly record struct CharSet(ulong Lo, ulong Hi, bool NonAscii)
{
    public static readonly CharSet None = new(0, 0, false);
    public static readonly CharSet All = new(ulong.MaxValue, ulong.MaxValue, true);
    /// <summary>Python's <c>.</c> without DOTALL: anything but a newline.</summary>
    public static readonly CharSet Dot = All.Without('\n');
    public static readonly CharSet Digits = Range('0', '9').WithNonAscii();
    public static readonly CharSet Word = Range('a', 'z').Union(Range('A', 'Z')).Union(Range('0', '9')).With('_').WithNonAscii();
    /// <summary>Python's <c>\s</c> for str patterns: ASCII whitespace and \x1c-\x1f (and Unicode spaces).</summary>
    public static readonly CharSet Space = Of(" \t\n\r\f\v").Union(Range('\x1c', '\x1f')).WithNonAscii();
    public static readonly CharSet Letters = Range('a', 'z').Union(Range('A', 'Z'));

    public static CharSet Single(char c) => None.With(c);

    public static CharSet Of(string chars)
    {
        var s = None;
        foreach (var c in chars) s = s.With(c);
        return s;
    }

    public static CharSet Range(char from, char to)
    {
        var s = None;
        for (int c = from; c <= to && c < 128; c++) s = s.With((char)c);
        if (to >= 128) s = s.WithNonAscii();
        return s;
    }

    public CharSet With(char c) => c < 64 ? this with { Lo = Lo | (1UL << c) }
        : c < 128 ? this with { Hi = Hi | (1UL << (c - 64)) }
        : this with { NonAscii = true };

    public CharSet Without(char c) => c < 64 ? this with { Lo = Lo & ~(1UL << c) }
        : c < 128 ? this with { Hi = Hi & ~(1UL << (c - 64)) }
        : this;

    public CharSet WithNonAscii() => this with { NonAscii = true };

    public bool Contains(char c) => c < 64 ? (Lo & (1UL << c)) != 0
        : c < 128 ? (Hi & (1UL << (c - 64))) != 0
        : NonAscii;

    public CharSet Union(CharSet o) => new(Lo | o.Lo, Hi | o.Hi, NonAscii | o.NonAscii);
    public CharSet Intersect(CharSet o) => new(Lo & o.Lo, Hi & o.Hi, NonAscii & o.NonAscii);
    /// <summary>The complement, as a negated class <c>[^...]</c> is: non-ASCII is admitted.</summary>
    public CharSet Complement() => new(~Lo, ~Hi, true);

    public bool IsEmpty => Lo == 0 && Hi == 0 && !NonAscii;
    public bool Overlaps(CharSet o) => !Intersect(o).IsEmpty;
    public int AsciiCount => System.Numerics.BitOperations.PopCount(Lo) + System.Numerics.BitOperations.PopCount(Hi);
    public bool IsSingleAscii => !NonAscii && AsciiCount == 1;

    /// <summary>The only character of a single-character set.</summary>
    public char SingleChar
    {
        get
        {
            for (int c = 0; c < 128; c++) if (Contains((char)c)) return (char)c;
            return '\0';
        }
    }

    /// <summary>Adds the other case of every ASCII letter (Python's IGNORECASE for ASCII).</summary>
    public CharSet CaseFolded()
    {
        var s = this;
        for (char c = 'a'; c <= 'z'; c++)
        {
            char u = char.ToUpperInvariant(c);
            if (Contains(c) || Contains(u)) s = s.With(c).With(u);
        }
        return s;
    }

    /// <summary>The members of <paramref name="interesting"/> in this set, for messages.</summary>
    public string Show(string interesting)
    {
        var sb = new StringBuilder();
        foreach (var c in interesting)
            if (Contains(c)) sb.Append(c switch { '\n' => "\\n", '\t' => "\\t", _ => c.ToString() });
        return sb.ToString();
    }
}
