#!/usr/bin/env bash
# Per-call cost of filters with argument patterns: `HELPER CONF true ...` through a
# CommandFilter and through one RegExpFilter per kind of pattern the Debian corpus and the
# auditor's fixes use, each after the whole Debian corpus, N interleaved rounds in a
# shuffled order, every HELPER given and oslo-rootwrap side by side (as root, no sudo), with
# each row's ratio to the same helper's CommandFilter call.
# Usage: bench/regex-filter-startup.sh [N] [HELPER...]
#        (default: 300 artifacts/bin/rootwrap-native; NO_REFERENCE=1 leaves oslo-rootwrap out)
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-300}"; shift || true
[ $# -gt 0 ] || set -- artifacts/bin/rootwrap-native
CORPUS="${ROOTWRAP_CORPUS:-$(tests/corpus/fetch.sh)}"
T="$(mktemp -d /var/tmp/rwn-bench-XXXXXX)"; trap 'rm -rf "$T"' EXIT
chmod 755 "$T"; mkdir -p "$T/last"
# The patterns are the corpus's own (cinder/nova volume.filters, manila share.filters,
# neutron, nova) and the auditor's fixes (CommandKnowledge); the command is /bin/true so only
# the helper is measured. Each filter's second field is a word of its own, so a call is
# refused by the filters before its own at that word, before any of their patterns is
# compiled. The CommandFilter comes last: it would admit the other calls too.
cat > "$T/last/f" <<'EOF'
[Filters]
privsep: RegExpFilter, true, root, true, --config-file, /etc/(?!\.\.).*, --privsep_context, os_brick.privileged.default, --privsep_sock_path, /tmp/.*
dbus: RegExpFilter, true, root, true, --print-reply, --system, --dest=org\.ganesha\.nfsd, /org/ganesha/nfsd/ExportMgr, org\.ganesha\.nfsd\.exportmgr\.(Add|Remove)Export, .*
find: RegExpFilter, true, root, true, --find, ^[/]*([^/\0]+(/+)?)*$, -maxdepth, \d+, -inum, \d+
ionice: RegExpFilter, true, root, true, --ionice, -c[0-3], -n[0-7]
cgexec: RegExpFilter, true, root, true, --cgexec, blkio:\S+
path: RegExpFilter, true, root, true, --path, /var/lib/nova/[a-z0-9/-]+
size: RegExpFilter, true, root, true, --size, \d+[KMG]?, /dev/mapper/[a-z0-9-]+
mount: RegExpFilter, true, root, true, --mount, [0-9.]+:/[a-z0-9/_-]+, /var/lib/nova/mnt/[0-9a-f]+
shell: RegExpFilter, true, root, true, --sh, echo '((.|\n)*)' > /.*
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
    "find (nested, \\d+)": ["true", "--find", "/var/lib/cinder/mnt/1f2e3d4c", "-maxdepth", "1", "-inum", "1234"],
    "ionice (-c[0-3])": ["true", "--ionice", "-c3", "-n7"],
    "cgexec (\\S+)": ["true", "--cgexec", "blkio:cg1"],
    "fix path ([a-z0-9/-]+)": ["true", "--path", "/var/lib/nova/instances/1f2e-3d4c/disk"],
    "fix size (\\d+[KMG]?)": ["true", "--size", "10G", "/dev/mapper/cinder--volumes-volume--1f2e"],
    "fix mount ([0-9.]+:/...)": ["true", "--mount", "10.0.0.5:/exports/share_1", "/var/lib/nova/mnt/1f2e3d4c"],
    "shell ((.|\\n)*)": ["true", "--sh", "echo 'x' > /etc/x"],
}
runs = [(os.path.abspath(h), h) for h in helpers]
if os.environ.get("NO_REFERENCE") != "1":
    runs.append(("/usr/bin/oslo-rootwrap", "oslo-rootwrap"))
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
print(f"{n} rounds, medians and middle half (wall time), and the ratio to the CommandFilter call")
for exe, label in runs:
    base = statistics.median(res[(exe, label, "CommandFilter")])
    for call in calls:
        v = res[(exe, label, call)]; q = statistics.quantiles(v, n=4); m = statistics.median(v)
        print(f"  {label:40} {call:26} {m:7.2f} ms  [{q[0]:.2f}-{q[2]:.2f}]  {m / base:5.3f}x")
PY
