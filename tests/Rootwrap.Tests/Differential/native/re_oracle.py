"""What Python's re answers, for RegexDifferentialTests: re_oracle.py MODE < JSON > JSON.

cases:      [[pattern, [input, ...]], ...] -> ["E" if re.compile fails, else "0110..." (re.fullmatch per input)]
codepoints: [pattern, ...] -> [[lo, hi, lo, hi, ...] (code points c with re.fullmatch(pattern, chr(c))), ...]
cased:      [] -> [every code point sre's IGNORECASE treats as cased]"""
import json
import re
import sys
import warnings

import _sre

warnings.simplefilter('ignore')  # FutureWarning for '[[', DeprecationWarning for (?t)
mode = sys.argv[1]
data = json.load(sys.stdin)
out = []
if mode == 'cases':
    for pattern, inputs in data:
        try:
            rx = re.compile(pattern)
        except Exception:  # re.error, and OverflowError for huge repeat counts
            out.append('E')
            continue
        out.append(''.join('1' if rx.fullmatch(a) else '0' for a in inputs))
elif mode == 'codepoints':
    for pattern in data:
        rx = re.compile(pattern)
        ranges, start = [], None
        for c in range(0x110001):
            inside = c <= 0x10FFFF and rx.fullmatch(chr(c)) is not None
            if inside and start is None:
                start = c
            elif not inside and start is not None:
                ranges += [start, c - 1]
                start = None
        out.append(ranges)
elif mode == 'cased':
    out = [c for c in range(0x110000) if _sre.unicode_iscased(c)]
json.dump(out, sys.stdout)
