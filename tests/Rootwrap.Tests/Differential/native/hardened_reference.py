"""oslo.rootwrap with some of rootwrap-native's hardenings applied, to tell which hardening
explains a difference: hardened_reference.py H1,H2 CONFIG COMMAND...

H1: each RegExpFilter/ChainingRegExpFilter pattern must match the whole argument
    (re.fullmatch instead of re.match(pattern + '$')).
H2: PathFilter containment by path components instead of a string prefix.
H8: a chaining filter runs a path only when it is the executable of the filter its rest
    matched (the rest is matched by basename, and the written path is what runs).
Everything else is the installed reference, unchanged."""
import os
import re
import sys

from oslo_rootwrap import cmd, filters, wrapper

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


def _chain_runs_its_leaf(match_filter):
    def match(filter_list, userargs, exec_dirs=None):
        f = match_filter(filter_list, userargs, exec_dirs=exec_dirs)
        if isinstance(f, filters.ChainingFilter):
            args = f.exec_args(list(userargs))
            written = userargs[len(userargs) - len(args)]
            if '/' in written:
                leaves = [x for x in filter_list
                          if x.run_as == f.run_as and not isinstance(x, filters.ChainingFilter)]
                leaf = match_filter(leaves, args, exec_dirs=exec_dirs)
                exe = leaf.get_exec(exec_dirs=exec_dirs or [])
                if exe is None or os.path.realpath(written) != os.path.realpath(exe):
                    raise wrapper.NoFilterMatched()
        return f
    return match


if 'H1' in hardenings:
    filters.re = _FullMatchRe
if 'H2' in hardenings:
    filters.os = _Os()
if 'H8' in hardenings:
    wrapper.match_filter = _chain_runs_its_leaf(wrapper.match_filter)

sys.argv[0] = '/usr/bin/oslo-rootwrap'
sys.exit(cmd.main())
