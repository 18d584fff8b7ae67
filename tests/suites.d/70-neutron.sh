#!/usr/bin/env bash
# The real-neutron suite: Debian's own neutron agent code (python3-neutron), run as the
# neutron account through sudo, drives this checkout's helper and daemon exactly as
# neutron-dhcp-agent and neutron-l3-agent do (tests/neutron/drive.py: privsep daemons
# started through root_helper, dnsmasq, haproxy, radvd, keepalived, the HA state-change
# monitor, prefix delegation with dibbler-client, gratuitous ARP,
# kill_process, iptables, ipset, conntrack), all inside network namespaces of its own.
#
# Runs, each in helper mode (root_helper only) and daemon mode (root_helper_daemon too):
#   reference  Debian's /usr/bin/neutron-rootwrap with /etc/neutron/rootwrap.conf: the
#              oracle; every operation must pass there, or the driver is wrong
#   plain      rootwrap-native with Debian's files unchanged: every operation must pass
#   profile    the same plus profiles/neutron.profile: every op must pass there too
#   hardened   the same plus profiles/hardened/neutron.profile, undeclared_capabilities =
#              deny (its roots moved to the run's: 60-neutron.sh): every op must pass
#   NAME       each further variant tests/setup.d/60-neutron.sh installed (likewise KNOWN)
# Each run ends with the attacks (op_attack): a daemon configuration written where neutron writes it,
# which must get root through the reference, and not through the hardened policy (but for
# the residual ones the report lists with their reason).
# Needs tests/setup.d/60-neutron.sh (as test.sh runs it); run as root.
set -uo pipefail
cd "$(dirname "$0")/../.."
: "${ROOTWRAP_TEST_ROOT:?}"
[ "$(id -u)" = 0 ] || { echo "70-neutron: must run as root"; exit 1; }
BASE="$ROOTWRAP_TEST_ROOT/neutron"
DRIVER="$BASE/drive.py"
[ -f "$DRIVER" ] && [ -f "$BASE/plain/rootwrap.conf" ] \
    || { echo "70-neutron: $BASE not set up (tests/setup.d/60-neutron.sh)"; exit 1; }
start=$SECONDS

mapfile -t OPS < <(python3 "$DRIVER" --list-ops)
variants=(plain profile hardened)
for d in "$BASE"/*/; do
    n="$(basename "$d")"
    [ -f "$d/rootwrap.conf" ] || continue
    case "$n" in plain|profile|hardened) ;; *) variants+=("$n");; esac
done

work="$(mktemp -d)"
chmod 0755 "$work"
states=()
# Whatever a driver left (it cleans up after itself; this is the safety net): processes
# naming the run's tag or state folder, namespaces naming the tag, the folder.
sweep() { # TAG STATE
    local tag="$1" state="$2" pid ns
    for pid in $(pgrep -f -- "$tag-|$state" 2>/dev/null); do
        [ "$pid" != $$ ] && kill -9 "$pid" 2>/dev/null
    done
    for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep -F -- "$tag"); do
        ip netns pids "$ns" 2>/dev/null | xargs -r kill -9 2>/dev/null
        ip netns delete "$ns" 2>/dev/null
    done
    rm -rf "$state"
}
cleanup() {
    local s
    for s in "${states[@]}"; do sweep "${s%%:*}" "${s#*:}"; done
    rm -rf "$work"
}
trap cleanup EXIT

# run_one TAG STATE NAME MODE CONF HELPER DAEMON: the driver's JSON lines in
# $work/NAME-MODE.out. TAG names the run's namespaces and ids; STATE is neutron's
# state_path for it.
run_one() {
    local tag="$1" state="$2" name="$3" mode="$4" conf="$5" helper="$6" daemon="$7" rc t0
    local canary="$work/canary-$name-$mode"
    echo original > "$canary"; chmod 0644 "$canary"
    local args=(--mode "$mode" --conf "$conf" --helper "$helper" --daemon "$daemon" --state-dir "$state" --tag "$tag" --canary "$canary")
    t0=$SECONDS
    # A variant with an etc/ folder trusts only root's agent configuration: root writes it.
    if [ -d "$BASE/$name/etc" ]; then
        args+=(--agent-conf "$BASE/$name/etc/agent-$tag.conf")
        (cd / && /usr/bin/python3 "$DRIVER" "${args[@]}" --write-agent-conf) > "$work/$name-$mode.out" 2> "$work/$name-$mode.err"
    fi
    (cd / && timeout -k 10 600 runuser -u neutron -- python3 "$DRIVER" "${args[@]}") \
        >> "$work/$name-$mode.out" 2>> "$work/$name-$mode.err"
    rc=$?
    rm -f "$BASE/$name/etc/agent-$tag.conf"
    echo "$rc $((SECONDS - t0))" > "$work/$name-$mode.rc"
    [ -f "$state/agent.log" ] && cp "$state/agent.log" "$work/$name-$mode.log"
    sweep "$tag" "$state"
}

runs=()
for mode in helper daemon; do
    runs+=("reference $mode /etc/neutron/rootwrap.conf /usr/bin/neutron-rootwrap /usr/bin/neutron-rootwrap-daemon")
    for v in "${variants[@]}"; do
        runs+=("$v $mode $BASE/$v/rootwrap.conf $ROOTWRAP_TEST_ROOT/bin/rootwrap-native $ROOTWRAP_TEST_ROOT/bin/rootwrap-native-daemon")
    done
done
new_run() { # prints TAG STATE, and remembers them for the clean-up
    local tag state
    tag="$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')"
    state="$(mktemp -d /tmp/rwn-neutron.XXXXXX)"
    chown neutron:neutron "$state"; chmod 0755 "$state"
    echo "$tag $state"
}
# Two at a time: much of a run is waiting for sudo, Python start-ups and daemons.
i=0
while [ $i -lt ${#runs[@]} ]; do
    for j in $i $((i + 1)); do
        [ $j -lt ${#runs[@]} ] || continue
        read -r tag state < <(new_run)
        states+=("$tag:$state")
        # shellcheck disable=SC2086
        run_one "$tag" "$state" ${runs[$j]} &
    done
    wait
    i=$((i + 2))
done

# Report: one line per operation and run. The reasons of the profile's failures are read
# from each failure's own error text.
python3 - "$work" "${OPS[*]}" "${variants[*]}" <<'PY'
import json, os, re, sys
work, ops, variants = sys.argv[1], sys.argv[2].split(), sys.argv[3].split()
strict = {"reference", "plain", "profile", "hardened"}

def caps(d):
    m = re.search(r"a command it runs: uid (\S+) CapEff=(\w+) CapBnd=(\w+) NoNewPrivs=(\d)", d)
    return ("uid %s, CapEff=%s, CapBnd=%s, NoNewPrivs=%s" % m.groups()) if m else None

LONG = {
    "kill": "neutron signals its processes with `kill` through privsep's execute_process "
            "(utils.kill_process, ProcessManager.disable). That child runs as uid 0 with only the "
            "privsep daemon's own capabilities (the context's list: no CAP_KILL): NoNewPrivs keeps a "
            "root execve from regaining the full set, and CAP_KILL is also outside the bounding set "
            "the profile gives privsep-helper. Signalling another uid's process (dnsmasq as nobody; "
            "haproxy, radvd and the agent's own children as neutron) needs CAP_KILL; keepalived "
            "(root) is signalled fine. CAP_KILL in the privsep-helper declaration alone does not help "
            "(NoNewPrivs still caps the child at the daemon's permitted set); the context must hold "
            "it too ([privsep] capabilities), or privsep-helper run without NoNewPrivs.",
    "arping-exec": "arping (through privsep's execute_process, like kill) carries the file capability "
            "cap_net_raw=ep; the kernel refuses to execve a binary with the effective bit whose file "
            "capabilities exceed the bounding set, and CAP_NET_RAW is not in the privsep-helper "
            "declaration. With it in the bound, NoNewPrivs would still hold the root child to the "
            "daemon's permitted set and socket(AF_PACKET) would fail. neutron accepts arping's exit "
            "1 and logs at INFO, so the gratuitous ARP silently never leaves.",
    "arping-socket": "arping runs but socket(AF_PACKET) is EPERM: no CAP_NET_RAW in the privsep "
            "daemon's permitted set, which NoNewPrivs holds its root children to; neutron ignores "
            "the failure, no gratuitous ARP leaves.",
    "cleanup": "the processes the failed kills above left (dnsmasq, haproxy, radvd) cannot be "
            "killed by the driver's clean-up either (same kill EPERM); the suite's root sweep "
            "removes them.",
}
SHORT = {
    "kill": "kill(2) EPERM: privsep's `kill` child lacks CAP_KILL",
    "arping-exec": "execve(arping) EPERM: its cap_net_raw=ep is outside privsep-helper's bound",
    "arping-socket": "arping socket(AF_PACKET) EPERM: no CAP_NET_RAW",
    "cleanup": "left-over processes of the failed kills cannot be killed (kill EPERM)",
}

def reason(op, d):
    """Why OP failed, read from its error text: (key or None, text)."""
    if op == "cleanup" and "Operation not permitted" in d:
        k = "cleanup"
    elif 'exec of "arping" failed: Operation not permitted' in d:
        k = "arping-exec"
    elif "socket: Operation not permitted" in d and "arping" in d:
        k = "arping-socket"
    elif "Operation not permitted" in d and "kill" in d:
        k = "kill"
    elif "exit 97" in d or "onfiguration" in d:
        return None, "the helper refused the configuration: " + d
    elif "Unauthorized" in d or "exit 99" in d:
        return None, "no filter matched: " + d
    else:
        return None, "not classified: " + d
    c = caps(d)
    return k, SHORT[k] + (" (the child: %s)" % c if c else "") + " [%s]" % k

# Attacks (drive.py op_attack): whoever is neutron writes a daemon's configuration where
# neutron's code writes it. They must get root through the reference; through the hardened
# policy, only those listed here may, each with the reason.
RESIDUAL = {
    # "attack.NAME": "why it still gets root, and what would stop it (docs/isolation.md)",
    "attack.privsep_execute":
        "the privsep daemon of neutron.privileged.default serves its client execute_process: any command "
        "as uid 0 with the context's CAP_SYS_ADMIN and CAP_DAC_OVERRIDE; no argument of privsep-helper "
        "changes what the context offers, only a narrower context in neutron would",
}
attacks = {}
total = {"PASS": 0, "FAIL": 0, "KNOWN": 0}
fails_strict = 0
names = ["reference"] + variants
used = set()
for name in names:
    for mode in ("helper", "daemon"):
        base = os.path.join(work, "%s-%s" % (name, mode))
        got = {}
        try:
            for line in open(base + ".out"):
                try:
                    d = json.loads(line)
                    got[d["op"]] = d
                except (ValueError, KeyError):
                    pass
        except OSError:
            pass
        rc, secs = (open(base + ".rc").read().split() + ["?", "?"])[:2] if os.path.exists(base + ".rc") else ("?", "?")
        for op in ops:
            d = got.get(op)
            if d is None:
                ok, detail = False, "not reported (driver exit %s; stderr: %s)" % (
                    rc, open(base + ".err").read().strip()[-300:] if os.path.exists(base + ".err") else "")
            else:
                ok, detail = d["ok"], d["detail"]
            tag = "neutron[%s/%s]: %s" % (name, mode, op)
            if op.startswith("attack.") and d is not None and d.get("ok"):
                root = d.get("root")
                attacks.setdefault(name, [0, 0])[0 if root else 1] += 1
                if name == "reference" and not root:
                    ok, detail = False, "did not get root through the reference: the attack is wrong: " + detail
                elif name == "hardened" and root and op in RESIDUAL:
                    total["KNOWN"] += 1
                    print("KNOWN %s: root (residual: %s): %s" % (tag, RESIDUAL[op], detail))
                    continue
                elif name == "hardened" and root:
                    ok, detail = False, "root through the hardened policy: " + detail
                elif name != "reference" and name != "hardened" and root:
                    total["KNOWN"] += 1
                    print("ROOT %s: %s" % (tag, detail))
                    continue
                else:
                    detail = ("root, as expected: " if root else "stopped: ") + detail
            if ok:
                total["PASS"] += 1
                print("PASS %s" % tag)
            elif name in strict:
                total["FAIL"] += 1
                fails_strict += 1
                print("FAIL %s: %s" % (tag, detail))
            else:
                total["KNOWN"] += 1
                k, text = reason(op, detail)
                if k:
                    used.add(k)
                print("KNOWN %s: %s" % (tag, text))
        print("   neutron[%s/%s]: driver exit %s in %s s" % (name, mode, rc, secs))
for name in names:
    if name in attacks:
        print("   attacks through %s: %d root, %d stopped (both modes)" % (name, attacks[name][0], attacks[name][1]))
for k in sorted(used):
    print("   [%s] %s" % (k, LONG[k]))
print("70-neutron: %d PASS, %d FAIL, %d KNOWN (reference, plain, profile and hardened must pass; KNOWN: %s)" % (
    total["PASS"], total["FAIL"], total["KNOWN"], ", ".join(v for v in variants if v not in strict) or "none"))
sys.exit(1 if fails_strict else 0)
PY
rc=$?
if [ "$rc" != 0 ]; then
    for f in "$work"/*.log; do
        [ -f "$f" ] || continue
        if grep -q "ERROR" "$f"; then
            echo "-- $(basename "$f"): first errors"
            grep -m 12 " ERROR " "$f" | cut -c1-300 | sed 's/^/   /'
        fi
    done
fi
echo "70-neutron: $((SECONDS - start)) s"
exit "$rc"
