#!/usr/bin/env bash
# Per-call cost of filters with argument patterns: `HELPER CONF true ...` through a
# CommandFilter, through the corpus's privsep-helper RegExpFilter shape and through its
# dbus-send (ganesha) shape, each after the whole Debian corpus, N interleaved rounds in a
# shuffled order, every HELPER given and oslo-rootwrap side by side (as root, no sudo).
# Usage: bench/regex-filter-startup.sh [N] [HELPER...]
#        (default: 300 artifacts/bin/rootwrap-native)
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-300}"; shift || true
[ $# -gt 0 ] || set -- artifacts/bin/rootwrap-native
CORPUS="${ROOTWRAP_CORPUS:-$(tests/corpus/fetch.sh)}"
T="$(mktemp -d /var/tmp/rwn-bench-XXXXXX)"; trap 'rm -rf "$T"' EXIT
chmod 755 "$T"; mkdir -p "$T/last"
# The patterns are the corpus's own (cinder/nova volume.filters, manila share.filters); the
# command is /bin/true so only the helper is measured. The CommandFilter comes last: it
# would admit the other two calls too.
cat > "$T/last/f" <<'EOF'
[Filters]
privsep: RegExpFilter, true, root, true, --config-file, /etc/(?!\.\.).*, --privsep_context, os_brick.privileged.default, --privsep_sock_path, /tmp/.*
dbus: RegExpFilter, true, root, true, --print-reply, --system, --dest=org\.ganesha\.nfsd, /org/ganesha/nfsd/ExportMgr, org\.ganesha\.nfsd\.exportmgr\.(Add|Remove)Export, .*
cmd: CommandFilter, true, root
EOF
dirs="$(ls -d "$CORPUS"/*/rootwrap.d | paste -sd,)"
printf '[DEFAULT]\nfilters_path=%s,%s/last\nexec_dirs=/bin,/usr/bin\nuse_syslog=False\n' "$dirs" "$T" > "$T/rootwrap.conf"
chmod -R go-w "$T"
python3 - "$T/rootwrap.conf" "$N" "$@" <<'PY'
import os, random, statistics, sys, time
conf, n, helpers = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
calls = {
    "CommandFilter": ["true"],
    "privsep-helper shape": ["true", "--config-file", "/etc/nova/nova.conf", "--privsep_context",
                             "os_brick.privileged.default", "--privsep_sock_path", "/tmp/tmpab12/privsep.sock"],
    "dbus-send shape": ["true", "--print-reply", "--system", "--dest=org.ganesha.nfsd", "/org/ganesha/nfsd/ExportMgr",
                        "org.ganesha.nfsd.exportmgr.RemoveExport", "uint16:5"],
}
runs = [(os.path.abspath(h), h) for h in helpers] + [("/usr/bin/oslo-rootwrap", "oslo-rootwrap")]
rows = [(exe, label, call) for exe, label in runs for call in calls]
null = os.open("/dev/null", os.O_RDWR)
fa = [(os.POSIX_SPAWN_DUP2, null, 0), (os.POSIX_SPAWN_DUP2, null, 1), (os.POSIX_SPAWN_DUP2, null, 2)]
env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C.UTF-8"}
res = {r: [] for r in rows}
for _ in range(n):
    order = list(rows); random.shuffle(order)
    for exe, label, call in order:
        argv = [exe, conf] + calls[call]
        s = time.perf_counter_ns()
        pid = os.posix_spawn(exe, argv, env, file_actions=fa)
        _, st = os.waitpid(pid, 0)
        e = time.perf_counter_ns()
        assert os.waitstatus_to_exitcode(st) == 0, (label, call)
        res[(exe, label, call)].append((e - s) / 1e6)
print(f"{n} rounds, medians and middle half (wall time)")
for exe, label in runs:
    for call in calls:
        v = res[(exe, label, call)]; q = statistics.quantiles(v, n=4)
        print(f"  {label:40} {call:22} {statistics.median(v):7.2f} ms  [{q[0]:.2f}-{q[2]:.2f}]")
PY
