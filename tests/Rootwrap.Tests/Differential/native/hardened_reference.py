"""oslo.rootwrap with some of rootwrap-native's hardenings applied, to tell which hardening
explains a difference: hardened_reference.py H1,H2 CONFIG COMMAND...

H1: each RegExpFilter/ChainingRegExpFilter pattern must match the whole argument
    (re.fullmatch instead of re.match(pattern + '$')).
H2: PathFilter containment by path components instead of a string prefix.
Everything else is the installed reference, unchanged."""
import os
import re
import sys

from oslo_rootwrap import cmd, filters

hardenings = set(sys.argv.pop(1).split(','))


class _FullMatchRe:
    error = re.error

    @staticmethod
    def match(pattern, string):
        # The reference appends '$' to each pattern; H1 matches the original against the
        # whole argument. Not wrapped in '(?:...)': that would make a leading (?i) a
        # "global flags not at the start" error.
        return re.fullmatch(pattern[:-1], string)


class _Path:
    def __getattr__(self, name):
        return getattr(os.path, name)

    @staticmethod
    def commonprefix(pair):
        base, path = pair
        within = path.startswith(base) and (
            len(path) == len(base) or base.endswith('/') or path[len(base)] == '/')
        return base if within else ''


class _Os:
    path = _Path()

    def __getattr__(self, name):
        return getattr(os, name)


if 'H1' in hardenings:
    filters.re = _FullMatchRe
if 'H2' in hardenings:
    filters.os = _Os()

sys.argv[0] = '/usr/bin/oslo-rootwrap'
sys.exit(cmd.main())
