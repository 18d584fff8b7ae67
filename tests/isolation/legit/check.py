#!/usr/bin/env python3
"""Checks the legitimate-use corpus against the filter files it describes.

Usage: check.py [CACHE]   (default: .cache/corpus, as written by tests/corpus/fetch.sh)

For every service: each entry names a filter that exists in the named file (or the
implicit privsep-helper), every filter of every file has at least one entry, the
fields have the documented types, and "runnable" is one of the four values.
Exits non-zero on the first service with a problem; prints per-service counts.
"""
import configparser, glob, json, os, sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, '..', '..', '..'))
cache = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, '.cache', 'corpus')
SERVICES = ['cinder', 'manila', 'neutron', 'ironic', 'designate', 'nova']
RUNNABLE = {'local', 'netns', 'loop', 'no'}
bad = 0
for svc in SERVICES:
    entries = json.load(open(os.path.join(HERE, svc + '.json')))
    files = {}
    for path in sorted(glob.glob(os.path.join(cache, svc, 'rootwrap.d', '*.filters'))):
        cp = configparser.RawConfigParser(strict=False)
        cp.read(path)
        files[os.path.basename(path)] = [n for n, _ in cp.items('Filters')] if cp.has_section('Filters') else []
    if not files:
        print('%s: no filter files under %s (run tests/corpus/fetch.sh)' % (svc, cache)); sys.exit(2)
    seen = set()
    for i, e in enumerate(entries):
        where = '%s[%d]' % (svc, i)
        for k in ('filter', 'file', 'argv', 'source', 'note', 'runnable'):
            if k not in e:
                print(where, 'missing', k); bad += 1
        if e['runnable'] not in RUNNABLE:
            print(where, 'bad runnable', e['runnable']); bad += 1
        if e['argv'] is not None and (not e['argv'] or not all(isinstance(a, str) for a in e['argv'])):
            print(where, 'argv must be null or a non-empty list of strings'); bad += 1
        if e['file'] == '(implicit)':
            if e['filter'] != 'privsep-helper':
                print(where, 'only privsep-helper is implicit'); bad += 1
        elif e['file'] not in files or e['filter'] not in files[e['file']]:
            print(where, 'filter %r not in %s' % (e['filter'], e['file'])); bad += 1
        seen.add((e['file'], e['filter']))
    want = {(f, n) for f, names in files.items() for n in names} | {('(implicit)', 'privsep-helper')}
    for f, n in sorted(want - seen):
        print('%s: no entry for %s in %s' % (svc, n, f)); bad += 1
    dead = sorted({e['filter'] for e in entries if e['argv'] is None})
    print('%-10s filters=%d shapes=%d dead=%d %s' % (svc, len(want), sum(1 for e in entries if e['argv'] is not None), len(dead), ' '.join(dead)))
sys.exit(1 if bad else 0)
