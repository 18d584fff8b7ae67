using static Rootwrap.Filters.PyRegexParser;

namespace Rootwrap.Filters;

/// <summary>
/// A parsed Python pattern (<see cref="PyRegexParser"/>) as a Thompson NFA, run as a Pike VM
/// over the argument's code points: every state is visited at most once per position, so a
/// match costs at most (length + 1) x program size steps, with nothing to build beyond the
/// instruction list. Only whether the whole argument matches is asked (H1: <c>re.fullmatch</c>),
/// so greedy and lazy repeats are the same program and groups capture nothing.
/// <para>
/// Zero-width tests are predicates on a position, sre's: <c>^ $ \A \Z \b \B</c> with their
/// MULTILINE and ASCII forms, and look-arounds, each computed for every position before the
/// match in one scan of its own (a look-behind's body forward, a look-ahead's body reversed
/// and backward), inner ones first. A possessive repeat of one character, <c>x{m,n}+</c>,
/// takes the longest run, which is <c>x{m,n-1}</c> not followed by an x, or <c>x{n}</c>.
/// What a state machine can't hold (back-references, atomic groups) and counted repeats
/// whose program would pass <see cref="MaxInstructions"/> are not compiled here
/// (<see cref="TryCompile"/> returns null).
/// </para>
/// </summary>
internal sealed class PyNfa
{
    /// <summary>Bound on the instructions of one pattern (all its programs): it bounds each step of a match.</summary>
    public const int MaxInstructions = 10_000;

    private enum Op : byte { Char, Split, Jmp, At, NotAhead, Look, Match }

    private enum AtKind : byte { Start, LineStart, End, LineEnd, StringEnd, Boundary, NonBoundary }

    /// <summary>Char: A is the set; Split: A and B the targets; Jmp: A; At: A the kind, B the word set;
    /// NotAhead: A the set; Look: A the look-around, B 1 when negative.</summary>
    private readonly record struct Inst(Op Op, int A, int B);

    /// <summary>One look-around: its body's program, read backward for a look-ahead.</summary>
    private sealed record Look(Inst[] Code, bool Ahead);

    /// <summary>A set of code points with the ASCII part as a bit map.</summary>
    private sealed class CharClass
    {
        private readonly ulong _lo, _hi;
        private readonly CodePointSet _set;

        public CharClass(CodePointSet set)
        {
            _set = set;
            for (int c = 0; c < 128; c++)
                if (set.Contains(c))
                {
                    if (c < 64) _lo |= 1UL << c;
                    else _hi |= 1UL << (c - 64);
                }
        }

        public bool Contains(int cp) => cp < 64 ? (_lo >> cp & 1) != 0 : cp < 128 ? (_hi >> (cp - 64) & 1) != 0 : _set.Contains(cp);
    }

    private readonly Inst[] _main;
    private readonly Look[] _looks;
    private readonly CharClass[] _classes;

    private readonly int _largest;

    private PyNfa(Inst[] main, Look[] looks, CharClass[] classes)
    {
        _main = main;
        _looks = looks;
        _classes = classes;
        _largest = main.Length;
        foreach (var l in looks)
        {
            Size += l.Code.Length;
            _largest = Math.Max(_largest, l.Code.Length);
        }
        Size += main.Length;
    }

    /// <summary>Instructions in all programs of the pattern.</summary>
    public int Size { get; }

    /// <summary>
    /// The NFA of a parsed pattern; null when it needs a back-reference or an atomic group, or
    /// its program would be too large. Throws <see cref="PyRegexUnsupported"/> for what no
    /// engine here runs as Python does.
    /// </summary>
    public static PyNfa? TryCompile(Result parsed)
    {
        if (NeedsBacktracking(parsed.Root)) return null;
        var b = new Builder();
        try
        {
            var main = b.Program(parsed.Root, parsed.Flags, reverse: false);
            return new PyNfa(main, [.. b.Looks], [.. b.Classes]);
        }
        catch (TooLarge)
        {
            return null;
        }
    }

    private static bool NeedsBacktracking(List<PyNode> nodes)
    {
        foreach (var n in nodes)
        {
            bool needs = n switch
            {
                PyGroupRef or PyAtomic => true,
                PyBranch b => b.Alternatives.Any(NeedsBacktracking),
                PyGroup g => NeedsBacktracking(g.Body),
                PyRepeat r => NeedsBacktracking(r.Body),
                PyAssert a => NeedsBacktracking(a.Body),
                _ => false,
            };
            if (needs) return true;
        }
        return false;
    }

    private sealed class TooLarge : Exception;

    /// <summary>Compiles the tree to instructions; sets are shared, look-arounds numbered inner first.</summary>
    private sealed class Builder
    {
        public readonly List<CharClass> Classes = [];
        public readonly List<Look> Looks = [];
        private readonly Dictionary<bool, int> _words = [];
        private int _total;
        private List<Inst> _code = [];

        public Inst[] Program(List<PyNode> nodes, int flags, bool reverse)
        {
            var outer = _code;
            _code = [];
            Seq(nodes, flags, reverse);
            Emit(Op.Match);
            var done = _code.ToArray();
            _code = outer;
            return done;
        }

        private int Emit(Op op, int a = 0, int b = 0)
        {
            if (++_total > MaxInstructions) throw new TooLarge();
            _code.Add(new Inst(op, a, b));
            return _code.Count - 1;
        }

        private int Here => _code.Count;

        private void Patch(int at, int a, int b) => _code[at] = _code[at] with { A = a, B = b };

        private int Class(CodePointSet s)
        {
            Classes.Add(new CharClass(s));
            return Classes.Count - 1;
        }

        private void Seq(List<PyNode> nodes, int flags, bool reverse)
        {
            if (reverse)
                for (int i = nodes.Count - 1; i >= 0; i--) Node(nodes[i], flags, reverse);
            else
                foreach (var n in nodes) Node(n, flags, reverse);
        }

        private void Node(PyNode n, int flags, bool reverse)
        {
            switch (n)
            {
                case PyLiteral l:
                    Emit(Op.Char, Class(PySets.Literal(l.Cp, l.Negated, flags)));
                    break;
                case PyAny:
                    Emit(Op.Char, Class(PySets.Any(flags)));
                    break;
                case PyIn s:
                    Emit(Op.Char, Class(PySets.In(s.Items, s.Negate, flags)));
                    break;
                case PyBranch b:
                    {
                        var jumps = new List<int>();
                        for (int i = 0; i < b.Alternatives.Count; i++)
                        {
                            int split = i < b.Alternatives.Count - 1 ? Emit(Op.Split) : -1;
                            Seq(b.Alternatives[i], flags, reverse);
                            if (split < 0) break;
                            jumps.Add(Emit(Op.Jmp));
                            Patch(split, split + 1, Here);
                        }
                        foreach (var j in jumps) Patch(j, Here, 0);
                        break;
                    }
                case PyGroup g:
                    Seq(g.Body, PySets.Combine(flags, g.AddFlags, g.DelFlags), reverse);
                    break;
                case PyRepeat r when r.Kind == PyRepeatKind.Possessive:
                    Possessive(r, flags, reverse);
                    break;
                case PyRepeat r:
                    Repeat(r.Body, r.Min, r.Max, flags, reverse);
                    break;
                case PyAt at:
                    At(at.Kind, flags);
                    break;
                case PyAssert a:
                    {
                        // A look-behind is found by its end (the body read forward up to here), a
                        // look-ahead by its start (the body read backward down to here).
                        var code = Program(a.Body, flags, reverse: !a.Behind);
                        Looks.Add(new Look(code, Ahead: !a.Behind));
                        Emit(Op.Look, Looks.Count - 1, a.Negative ? 1 : 0);
                        break;
                    }
                default:
                    throw new PyRegexUnsupported(n.GetType().Name);
            }
        }

        private void Repeat(List<PyNode> body, long min, long max, int flags, bool reverse)
        {
            for (long i = 0; i < min; i++) Seq(body, flags, reverse);
            if (max == MaxRepeat)
            {
                // L: split body, out; body; jmp L. An empty body can't loop: each state once per position.
                int split = Emit(Op.Split);
                Seq(body, flags, reverse);
                Emit(Op.Jmp, split);
                Patch(split, split + 1, Here);
                return;
            }
            var splits = new List<int>();
            for (long i = min; i < max; i++)
            {
                splits.Add(Emit(Op.Split));
                Seq(body, flags, reverse);
            }
            foreach (var s in splits) Patch(s, s + 1, Here);
        }

        /// <summary>
        /// <c>x{m,n}+</c> of one character x takes min(n, run) characters and needs that to be at
        /// least m: <c>x{m,}(?!x)</c> unbounded, else <c>x{m,n-1}(?!x)|x{n}</c>.
        /// </summary>
        private void Possessive(PyRepeat r, int flags, bool reverse)
        {
            // CPython before 3.11.5 matches possessive repeats of anything but one character
            // wrongly, both ways (gh-100061, gh-106052); the reference runs 3.11.2. Those deny.
            if (SimpleSet(r.Body, flags) is not { } set)
                throw new PyRegexUnsupported("a possessive repeat of more than one character (CPython bug before 3.11.5)");
            int notAhead = Class(set.Complement());
            void Longest(long max)
            {
                // In reverse the run's end comes first.
                if (reverse) Emit(Op.NotAhead, notAhead);
                Repeat(r.Body, r.Min, max, flags, reverse);
                if (!reverse) Emit(Op.NotAhead, notAhead);
            }
            if (r.Max == MaxRepeat) { Longest(MaxRepeat); return; }
            if (r.Min == r.Max) { Repeat(r.Body, r.Min, r.Max, flags, reverse); return; }
            int split = Emit(Op.Split);
            Longest(r.Max - 1);
            int jmp = Emit(Op.Jmp);
            Patch(split, split + 1, Here);
            Repeat(r.Body, r.Max, r.Max, flags, reverse);
            Patch(jmp, Here, 0);
        }

        /// <summary>re._compiler._simple: one character, maybe in groups that capture nothing; its set.</summary>
        private static CodePointSet? SimpleSet(List<PyNode> body, int flags) =>
            body.Count != 1 ? null : body[0] switch
            {
                PyGroup { Group: 0 } g => SimpleSet(g.Body, PySets.Combine(flags, g.AddFlags, g.DelFlags)),
                PyLiteral l => PySets.Literal(l.Cp, l.Negated, flags),
                PyAny => PySets.Any(flags),
                PyIn s => PySets.In(s.Items, s.Negate, flags),
                _ => null,
            };

        private void At(PyAtKind kind, int flags)
        {
            bool multiline = (flags & FlagMultiline) != 0;
            switch (kind)
            {
                case PyAtKind.Beginning: Emit(Op.At, (int)(multiline ? AtKind.LineStart : AtKind.Start)); break;
                case PyAtKind.BeginningString: Emit(Op.At, (int)AtKind.Start); break;
                case PyAtKind.End: Emit(Op.At, (int)(multiline ? AtKind.LineEnd : AtKind.End)); break;
                case PyAtKind.EndString: Emit(Op.At, (int)AtKind.StringEnd); break;
                default:
                    {
                        var k = kind == PyAtKind.Boundary ? AtKind.Boundary : AtKind.NonBoundary;
                        bool ascii = (flags & FlagUnicode) == 0;
                        if (!_words.TryGetValue(ascii, out int set))
                            _words[ascii] = set = Class(PyCharClasses.WordChars(ascii));
                        Emit(Op.At, (int)k, set);
                        break;
                    }
            }
        }
    }

    // ---- matching ----

    /// <summary>Full match (H1). False for a high surrogate that begins no pair, as the .NET path refuses it.</summary>
    public bool FullMatch(string input) => FullMatch(input, out _);

    /// <summary><see cref="FullMatch(string)"/>, with the states visited (at most (code points + 1) x <see cref="Size"/>).</summary>
    internal bool FullMatch(string input, out long steps)
    {
        steps = 0;
        if (CodePoints(input) is not { } cps) return false;
        var state = new Scratch(_largest);
        var looks = new bool[_looks.Length][];
        for (int k = 0; k < _looks.Length; k++)
        {
            looks[k] = new bool[cps.Length + 1];
            Run(_looks[k].Code, cps, forward: !_looks[k].Ahead, anchored: false, looks[k], looks, state, ref steps);
        }
        return Run(_main, cps, forward: true, anchored: true, hits: null, looks, state, ref steps);
    }

    /// <summary>The input as Python's str: a surrogate pair is one code point, a lone low surrogate stays one.</summary>
    private static int[]? CodePoints(string s)
    {
        var cps = new int[s.Length];
        int n = 0;
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= s.Length || !char.IsLowSurrogate(s[i + 1])) return null;
                cps[n++] = char.ConvertToUtf32(c, s[++i]);
            }
            else cps[n++] = c;
        }
        return n == cps.Length ? cps : cps[..n];
    }

    /// <summary>Work space of one match: two state lists, a stack, and per-state marks.</summary>
    private sealed class Scratch(int size)
    {
        public int[] Current = new int[size], Next = new int[size];
        // Each state visited pops one entry and pushes at most two.
        public readonly int[] Stack = new int[size + 1];
        public readonly int[] Mark = new int[size];
        public int Generation;
    }

    /// <summary>
    /// Runs <paramref name="code"/> over the code points, forward (position p to p + 1 reads
    /// cps[p]) or backward (p to p - 1 reads cps[p - 1]). Anchored: one thread from the first
    /// position; else a thread from every position, and <paramref name="hits"/>[p] tells
    /// whether some thread reaches Match at p. Returns whether Match is reached at the last position.
    /// </summary>
    private bool Run(Inst[] code, int[] cps, bool forward, bool anchored, bool[]? hits, bool[][] looks, Scratch s, ref long steps)
    {
        int n = cps.Length, pos = forward ? 0 : n, count = 0;
        Array.Clear(s.Mark, 0, code.Length);
        s.Generation = 0;
        while (true)
        {
            s.Generation++;
            int next = 0;
            bool matched = false;
            // Threads that read the character before this position move here.
            int c = count == 0 ? 0 : forward ? cps[pos - 1] : cps[pos];
            for (int t = 0; t < count; t++)
            {
                int pc = s.Current[t];
                if (_classes[code[pc].A].Contains(c)) Closure(code, pc + 1, pos, cps, looks, s, ref next, ref matched, ref steps);
            }
            if (!anchored || pos == (forward ? 0 : n)) Closure(code, 0, pos, cps, looks, s, ref next, ref matched, ref steps);
            if (hits is not null) hits[pos] = matched;
            (s.Current, s.Next) = (s.Next, s.Current);
            count = next;
            if (pos == (forward ? n : 0)) return matched;
            if (anchored && count == 0) return false;
            pos += forward ? 1 : -1;
        }
    }

    /// <summary>Follows the zero-width instructions from <paramref name="start"/>; the Char states reached go to the next list.</summary>
    private void Closure(Inst[] code, int start, int pos, int[] cps, bool[][] looks, Scratch s, ref int next, ref bool matched, ref long steps)
    {
        int sp = 0;
        s.Stack[sp++] = start;
        while (sp > 0)
        {
            int pc = s.Stack[--sp];
            if (s.Mark[pc] == s.Generation) continue;
            s.Mark[pc] = s.Generation;
            steps++;
            var i = code[pc];
            switch (i.Op)
            {
                case Op.Char: s.Next[next++] = pc; break;
                case Op.Match: matched = true; break;
                case Op.Jmp: s.Stack[sp++] = i.A; break;
                case Op.Split:
                    s.Stack[sp++] = i.B;
                    s.Stack[sp++] = i.A;
                    break;
                case Op.At:
                    if (AtHolds((AtKind)i.A, i.B, pos, cps)) s.Stack[sp++] = pc + 1;
                    break;
                case Op.NotAhead:
                    if (pos == cps.Length || _classes[i.A].Contains(cps[pos])) s.Stack[sp++] = pc + 1;
                    break;
                case Op.Look:
                    if (looks[i.A][pos] != (i.B == 1)) s.Stack[sp++] = pc + 1;
                    break;
            }
        }
    }

    /// <summary>sre's AT codes (sre_lib.h SRE(at)).</summary>
    private bool AtHolds(AtKind kind, int words, int pos, int[] cps)
    {
        int n = cps.Length;
        switch (kind)
        {
            case AtKind.Start: return pos == 0;
            case AtKind.LineStart: return pos == 0 || cps[pos - 1] == '\n';
            case AtKind.End: return pos == n || (pos == n - 1 && cps[pos] == '\n');
            case AtKind.LineEnd: return pos == n || cps[pos] == '\n';
            case AtKind.StringEnd: return pos == n;
            default:
                {
                    if (n == 0) return false;
                    bool before = pos > 0 && _classes[words].Contains(cps[pos - 1]);
                    bool after = pos < n && _classes[words].Contains(cps[pos]);
                    return (before != after) == (kind == AtKind.Boundary);
                }
        }
    }
}
