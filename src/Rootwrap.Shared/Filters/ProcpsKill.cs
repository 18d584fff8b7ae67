namespace Rootwrap.Filters;

/// <summary>
/// How procps-ng's kill(1) (Debian 12: 4.0.2), which the reference runs for a KillFilter,
/// reads its arguments and reports failures: the launcher signals the process itself (H4)
/// and keeps /bin/kill's exit statuses and messages.
/// </summary>
public static class ProcpsKill
{
    public const int SigTerm = 15;
    /// <summary>glibc's SIGRTMIN (the kernel's 32 and 33 are reserved by the C library).</summary>
    private const int SigRtMin = 34;

    private static readonly (string Name, int Number)[] Table =
    [
        ("ABRT", 6), ("ALRM", 14), ("BUS", 7), ("CHLD", 17), ("CONT", 18), ("FPE", 8), ("HUP", 1),
        ("ILL", 4), ("INT", 2), ("KILL", 9), ("PIPE", 13), ("POLL", 29), ("PROF", 27), ("PWR", 30),
        ("QUIT", 3), ("SEGV", 11), ("STKFLT", 16), ("STOP", 19), ("SYS", 31), ("TERM", 15),
        ("TRAP", 5), ("TSTP", 20), ("TTIN", 21), ("TTOU", 22), ("URG", 23), ("USR1", 10),
        ("USR2", 12), ("VTALRM", 26), ("WINCH", 28), ("XCPU", 24), ("XFSZ", 25),
    ];

    /// <summary>
    /// The signal a <c>-SIGNAL</c> argument names, as procps' <c>skill_sig_option</c> reads it
    /// (<c>-9</c>, <c>-HUP</c>, <c>-sighup</c>, <c>-RTMIN+2</c>, <c>-0</c>), or -1 when kill(1)
    /// would take the argument for something else (an option, a PID).
    /// </summary>
    public static int SignalOption(string arg) => arg.StartsWith('-') ? SignalNameToNumber(arg[1..]) : -1;

    private static int SignalNameToNumber(string name)
    {
        if (name.StartsWith("SIG", StringComparison.OrdinalIgnoreCase)) name = name[3..];
        if (Eq(name, "CLD")) return 17;
        if (Eq(name, "IO")) return 29;
        if (Eq(name, "IOT")) return 6;
        foreach (var (n, num) in Table) if (Eq(name, n)) return num;
        if (Eq(name, "RTMIN")) return SigRtMin;
        if (Eq(name, "EXIT") || Eq(name, "NULL")) return 0;
        int offset = 0;
        if (name.StartsWith("RTMIN+", StringComparison.OrdinalIgnoreCase)) { name = name[6..]; offset = SigRtMin; }
        if (!StrTol(name, out long val, out _)) return -1;
        if (val < 0 || val + SigRtMin > 127) return -1;
        return (int)val + offset;
    }

    private static bool Eq(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// procps' <c>strtol_or_err(arg, "failed to parse argument")</c> for the PID: null and the
    /// PID, or the message kill(1) dies with (exit 1) after <c>ARGV0: </c>.
    /// </summary>
    public static string? ParsePid(string arg, out long pid) =>
        StrTol(arg, out pid, out bool overflow) ? null
        : overflow ? $"failed to parse argument: '{arg}': Numerical result out of range"
        : $"failed to parse argument: '{arg}'";

    /// <summary>
    /// C's <c>strtol(s, &amp;end, 10)</c> with <c>*end == '\0'</c> required: leading C-locale
    /// white space, a sign, at least one ASCII digit, nothing after. False on overflow too.
    /// </summary>
    private static bool StrTol(string s, out long value, out bool overflow)
    {
        value = 0;
        overflow = false;
        int i = 0;
        while (i < s.Length && s[i] is ' ' or '\t' or '\n' or '\v' or '\f' or '\r') i++;
        bool neg = false;
        if (i < s.Length && s[i] is '+' or '-') { neg = s[i] == '-'; i++; }
        int start = i;
        decimal v = 0;
        for (; i < s.Length && s[i] is >= '0' and <= '9'; i++)
        {
            if (!overflow) v = v * 10 + (s[i] - '0');
            if (v > (decimal)long.MaxValue + 1) overflow = true;
        }
        if (i == start || i != s.Length) { overflow = false; return false; }
        if (neg) v = -v;
        if (overflow || v > long.MaxValue || v < long.MinValue) { overflow = true; return false; }
        value = (long)v;
        return true;
    }

    /// <summary>kill(1)'s report of a failed kill(2): <c>ARGV0: (PID): strerror</c>, exit 1.</summary>
    public static string Failure(long pid, string strerror) => $"({pid}): {strerror}";
}
