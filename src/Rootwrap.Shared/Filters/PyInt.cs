using System.Globalization;

namespace Rootwrap.Filters;

/// <summary>Python's <c>int(str)</c> for decimal strings: surrounding whitespace, a sign, '_' between digits.</summary>
public static class PyInt
{
    public static bool TryParse(string s, out long value)
    {
        value = 0;
        var t = Ini.IniDocument.PyStrip(s);
        if (t.Length == 0) return false;
        bool neg = false;
        int i = 0;
        if (t[0] is '+' or '-') { neg = t[0] == '-'; i = 1; }
        if (i >= t.Length) return false;
        long v = 0;
        bool lastUnderscore = true;
        for (; i < t.Length; i++)
        {
            char c = t[i];
            if (c == '_')
            {
                if (lastUnderscore) return false;
                lastUnderscore = true;
                continue;
            }
            int d = CharUnicodeInfo.GetDecimalDigitValue(c);
            if (d < 0) return false;
            lastUnderscore = false;
            if (v > (long.MaxValue - d) / 10) return false;
            v = v * 10 + d;
        }
        if (lastUnderscore) return false;
        value = neg ? -v : v;
        return true;
    }
}
