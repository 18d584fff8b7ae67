#!/usr/bin/python3
"""Runs the legitimate command lines of tests/isolation/legit/<service>.json for real, through
sudo as the service account, once through the reference and once through rootwrap-native, and
compares.

    run_legit.py --service S --reference-conf CONF --conf CONF [--helper PATH]
                 [--reference-helper PATH] [--runnable local,loop,netns] [--only SUBSTRING]
                 [--user rwsvc] [--json]

Run as root. Every call gets a fresh fixture in mount and PID namespaces of its own
(`unshare -m -p -f --kill-child --mount-proc --propagation private`, and `-n`, a network
namespace with only `lo`, for a `runnable: netns` line): /etc, /var and
/usr/local/lib/python3*/dist-packages are overlaid on a tmpfs, /tmp, /mnt and /run are empty
tmpfs, so what the call and its fixture write never reaches the machine, and every process
they leave ends with the namespace. There, as root, fixture-lib.sh is sourced, the entry's
`fixture` runs (its "$@" is the entry's argv), then `runuser -u USER -- sudo -n HELPER CONF argv...` (sudo inherits the
namespaces) in the entry's `cwd` (default /), its stdout and stderr pipes as
processutils.execute gives them (`"stdout": "file"`: files, for a line that leaves a daemon
holding them, as privsep-helper does; stdin the entry's `stdin` text, else /dev/null), then
the entry's `check`. Loop devices a fixture attached (fixture-lib.sh: loopdev) are detached
after the call whatever happened, and a blkio cgroup one made (blkio_cgroup) is removed at
the end of the run. A run's effect is the
call's exit code, the check's output and its exit code, and, unless the entry says
`"compare": "rc"`, the call's stdout.

Per entry: works (both exit as the entry expects, `expect_rc`, default 0, and the effects are
the same), policy-bug (the reference works, rootwrap-native does not), differs (both work, the
effects differ), reference-fails (the reference does not do what the entry expects: the
fixture is wrong), skipped (the reason is printed: `runnable` not asked for, a missing
program, `skip` in the entry, or a machine condition). An entry in KNOWN is reported with
its reason and does not fail the run.

Exit code: 1 when a policy-bug, differs or reference-fails result is not in KNOWN, else 0;
2 when the runner itself cannot work.
"""

import argparse
import concurrent.futures
import json
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SAFE_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
TIMEOUT = 90

# What a line's effect is compared by when its entry has no `check`: the tree of the folders
# the service's lines write to (fixture-lib.sh: tree).
STATE = {
    "cinder": "/var/lib/cinder /etc/cinder /etc/iet /etc/pstorage /tmp",
    "manila": "/var/lib/manila /etc/ganesha /etc/manila /var/lib/nfs/etab /etc/exports /mnt /tmp",
    "nova": "/var/lib/nova /etc/nova",
    "neutron": "/var/lib/neutron /etc/neutron",
    "designate": "/var/lib/djbdns",
}

# (service, filter, argv prefix joined by spaces) -> reason. Lines that work through the
# reference but not through the hardened policy, on purpose or until fixed.
KNOWN = {
    ("neutron", "privsep-helper", "privsep-helper --config-file /etc/neutron/"):
        "neutron-common's postinst makes /etc/neutron neutron:neutron 0770 (and here neutron.conf "
        "root:neutron 0660, openvswitch_agent.ini neutron's): the hardened policy's trusted: "
        "config files refuse them, as they must (the service account could replace what the "
        "daemon reads); a deployment switching the policy on makes /etc/neutron root's first",
    ("cinder", "cgexec", "cgexec -g blkio:cinder-volume-copy qemu-img convert "):
        "a chain runs in its leaf's [Paths] view, and qemu-img_convert's image-to-volume shapes "
        "restrict reads (ro /var/lib/cinder) and keep /sys read-only: cgexec's libcgroup can neither "
        "read /proc/mounts nor write the cgroup's tasks file (96). Widening the leaf would not do "
        "(the cgroup exists only while throttling is on, and a missing [Paths] folder is an error), "
        "and widening cgexec's own [Paths] with rw /dev would reach the volume-to-image shapes too "
        "(a symlinked output in the conversion folder over a disk); only throttled image copies "
        "(volume_copy_bps_limit) are affected",
}

# Inside the namespaces: $1 result folder, $2 library, then HELPER CONF argv...
INNER = r'''
set -u
res="$1"; lib="$2"; shift 2
stage=/tmp/.rwn-legit-stage
mount -t tmpfs -o mode=1777 rwn-legit /tmp || exit 201
mkdir -p "$stage"
ov() {
    local d="$1" n; n="$(printf %s "$1" | tr / _)"
    [ -d "$d" ] || return 0
    mkdir -p "$stage/$n/u" "$stage/$n/w"
    mount -t overlay rwn-legit -o "lowerdir=$d,upperdir=$stage/$n/u,workdir=$stage/$n/w" "$d"
}
ov /etc || exit 201
ov /var || exit 201
for d in /usr/local/lib/python3*/dist-packages; do ov "$d" || exit 201; done
mount -t tmpfs rwn-legit /mnt || exit 201
mount -t tmpfs -o mode=0755 rwn-legit /run || exit 201
if [ "$RWN_NETNS" = 1 ]; then ip link set lo up || exit 201; fi
if [ -d /proc/fs/nfsd ]; then mount -t tmpfs rwn-legit /proc/fs/nfsd || exit 201; fi
export SVC_USER RWN_RES="$res" RWN_HELPER="$1" RWN_CONF="$2"
( set -e; . "$lib"; cd /; set -- "${@:3}"; eval "$RWN_FIXTURE" ) > "$res/fixture.log" 2>&1 || { echo $? > "$res/fixture.rc"; exit 0; }
printf %s "${RWN_STDIN:-}" > "$stage/stdin"
if [ "$RWN_STDOUT" = file ]; then
    ( cd "$RWN_CWD" && exec runuser -u "$SVC_USER" -- sudo -n "$@" ) < "$stage/stdin" > "$res/stdout" 2> "$res/stderr"
    echo $? > "$res/rc"
else
    mkfifo "$stage/stderr"
    cat "$stage/stderr" > "$res/stderr" & ep=$!
    ( cd "$RWN_CWD" && exec runuser -u "$SVC_USER" -- sudo -n "$@" ) < "$stage/stdin" 2> "$stage/stderr" | cat > "$res/stdout"
    echo "${PIPESTATUS[0]}" > "$res/rc"
    wait "$ep"
fi
( set -e; . "$lib"; cd /; set -- "${@:3}"; eval "$RWN_CHECK" ) > "$res/check" 2>&1
echo $? > "$res/check.rc"
'''


def expand(arg):
    """An argument as the service's code writes it on this machine: $NEUTRON_UID and
    $NEUTRON_GID are the neutron account's (the agent's euid/egid, which neutron passes on)."""
    if "$NEUTRON_" in arg:
        pw = pwd.getpwnam("neutron")
        arg = arg.replace("$NEUTRON_UID", str(pw.pw_uid)).replace("$NEUTRON_GID", str(pw.pw_gid))
    return arg


def read(path, default=""):
    try:
        with open(path, errors="replace") as f:
            return f.read()
    except OSError:
        return default


def tail(s, n=400):
    s = s.strip()
    return s if len(s) <= n else "..." + s[-n:]


def key_of(service, entry):
    return (service, entry["filter"], " ".join(entry["argv"]))


def known_reason(service, entry):
    line = " ".join(entry["argv"])
    for (s, f, prefix), why in KNOWN.items():
        if s == service and f == entry["filter"] and line.startswith(prefix):
            return why
    return None


def detach_loops(res):
    """Detaches the loop devices the call's fixture attached ($RWN_RES/loops: device and the
    name of its file), each only while it is still on that file: a device the fixture let go
    may already be another's."""
    for line in read(os.path.join(res, "loops")).splitlines():
        dev, _, name = line.partition(" ")
        if not dev.startswith("/dev/loop") or not name:
            continue
        backing = read("/sys/block/%s/loop/backing_file" % os.path.basename(dev)).strip()
        if os.path.basename(backing.removesuffix(" (deleted)")) == name:
            subprocess.run(["losetup", "-d", dev], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


# What fixtures made outside the namespaces (blkio cgroups), removed at the end of the run.
MADE = set()


def run_one(args, entry, helper, conf):
    res = tempfile.mkdtemp(prefix="rwn-legit-%s-" % os.environ.get("LEGIT_RUN_ID", os.getpid()), dir="/dev/shm")
    os.chmod(res, 0o755)
    try:
        env = {"PATH": SAFE_PATH, "LANG": "C", "SVC_USER": args.user,
               "RWN_FIXTURE": entry.get("fixture", ":"), "RWN_CHECK": entry.get("check", "tree " + STATE.get(args.service, "")),
               "RWN_CWD": entry.get("cwd", "/"), "RWN_STDOUT": entry.get("stdout", "pipe"),
               "RWN_STDIN": entry.get("stdin", ""), "RWN_NETNS": "1" if entry["runnable"] == "netns" else "0"}
        # The library goes with the result folder (in /dev/shm, which the namespace keeps):
        # the checkout itself may be under /tmp, which the namespace replaces.
        lib = os.path.join(res, "fixture-lib.sh")
        shutil.copyfile(os.path.join(HERE, "fixture-lib.sh"), lib)
        os.chmod(lib, 0o644)
        cmd = ["unshare", "-m", "-p", "-f", "--kill-child", "--mount-proc", "--propagation", "private"] + \
              (["-n"] if entry["runnable"] == "netns" else []) + \
              ["/bin/bash", "-c", INNER, "rwn-legit", res, lib, helper, conf] + entry["argv"]
        try:
            p = subprocess.run(cmd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            return {"state": "error", "why": "timed out after %ds" % TIMEOUT}
        if p.returncode != 0:
            return {"state": "error", "why": "namespace set-up failed (%d): %s" % (p.returncode, tail(p.stdout.decode(errors="replace")))}
        if os.path.exists(os.path.join(res, "fixture.rc")):
            return {"state": "error", "why": "fixture exited %s: %s" % (read(os.path.join(res, "fixture.rc")).strip(), tail(read(os.path.join(res, "fixture.log"))))}
        rc = read(os.path.join(res, "rc")).strip()
        return {"state": "ran", "rc": int(rc) if rc.lstrip("-").isdigit() else None,
                "stdout": read(os.path.join(res, "stdout")), "stderr": read(os.path.join(res, "stderr")),
                "check": read(os.path.join(res, "check")),
                "check_rc": int(read(os.path.join(res, "check.rc"), "1").strip() or 1)}
    finally:
        detach_loops(res)
        MADE.update(read(os.path.join(res, "made")).split())
        shutil.rmtree(res, ignore_errors=True)


def ok(run, entry):
    return run["state"] == "ran" and run["rc"] == entry.get("expect_rc", 0) and run["check_rc"] == 0


def describe(run):
    if run["state"] != "ran":
        return run["why"]
    bits = ["exit %s" % run["rc"]]
    if run["stderr"].strip():
        bits.append("stderr: " + tail(run["stderr"], 300))
    if run["check_rc"] != 0:
        bits.append("check failed: " + tail(run["check"], 300))
    return "; ".join(bits)


def effect(run, entry):
    e = {"rc": run["rc"], "check": run["check"]}
    if entry.get("compare", "all") != "rc":
        e["stdout"] = run["stdout"]
    return e


def missing_program(entry):
    argv = entry["argv"]
    i = 0
    if argv[0] == "env":       # env VAR=... COMMAND
        i = 1
        while i < len(argv) and "=" in argv[i]:
            i += 1
    if i >= len(argv):
        return None
    prog = argv[i]
    if "/" in prog:
        return None if os.access(prog, os.X_OK) else prog
    return None if shutil.which(prog, path=SAFE_PATH) else prog


def machine_skip(entry):
    """Conditions of this machine under which a line must not run even in a namespace."""
    if entry["argv"][0] == "exportfs" and os.path.exists("/proc/net/rpc/nfsd.export"):
        return "the kernel's NFS server is loaded: exportfs would change its export table, which no namespace isolates"
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--service", required=True)
    ap.add_argument("--conf", required=True, help="rootwrap-native's configuration (the mode under test)")
    ap.add_argument("--reference-conf", required=True)
    ap.add_argument("--helper", default=os.environ.get("ROOTWRAP_TEST_ROOT", "") + "/bin/rootwrap-native")
    ap.add_argument("--reference-helper", default="/usr/bin/oslo-rootwrap")
    ap.add_argument("--runnable", default="local")
    ap.add_argument("--only", default=None)
    ap.add_argument("--user", default="rwsvc")
    ap.add_argument("--jobs", type=int, default=3)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    if os.geteuid() != 0:
        print("run_legit.py: run as root", file=sys.stderr)
        return 2
    for p in (args.helper, args.reference_helper, args.conf, args.reference_conf):
        if not os.path.exists(p):
            print("run_legit.py: no %s" % p, file=sys.stderr)
            return 2
    wanted = set(args.runnable.split(","))
    with open(os.path.join(HERE, args.service + ".json")) as f:
        entries = json.load(f)
    for e in entries:
        if e.get("argv"):
            e["argv"] = [expand(a) for a in e["argv"]]

    results, todo = [], []
    for i, e in enumerate(entries):
        if not e.get("argv") or e.get("reference_refuses"):
            continue
        if args.only and args.only not in " ".join(e["argv"]):
            continue
        r = {"n": i, "filter": e["filter"], "argv": e["argv"], "runnable": e["runnable"]}
        results.append(r)
        why = None
        if e["runnable"] not in wanted:
            why = "runnable: %s (%s)" % (e["runnable"], "not asked for" if e["runnable"] != "no" else "needs real hardware, storage or a remote service")
        elif e.get("skip"):
            why = e["skip"]
        elif missing_program(e):
            why = "%s is not installed here" % missing_program(e)
        else:
            why = machine_skip(e)
        if why:
            r.update(result="skipped", reason=why)
        else:
            todo.append((r, e))

    def judge(item):
        r, e = item
        started = time.monotonic()
        ref = run_one(args, e, args.reference_helper, args.reference_conf)
        nat = run_one(args, e, args.helper, args.conf)
        # One more try on a fresh fixture for a call that did not work: on a loaded machine
        # some commands fail by timing (qemu-img's LUKS key derivation measures CPU time:
        # "Unable to get accurate CPU usage"). The first failure is kept in the reason.
        first = []
        if not ok(ref, e):
            first.append("reference first: " + describe(ref))
            ref = run_one(args, e, args.reference_helper, args.reference_conf)
        if not ok(nat, e):
            first.append("rootwrap-native first: " + describe(nat))
            nat = run_one(args, e, args.helper, args.conf)
        if not ok(ref, e):
            r.update(result="reference-fails", reason="reference: " + describe(ref))
        elif not ok(nat, e):
            r.update(result="policy-bug", reason="rootwrap-native: " + describe(nat))
        elif effect(ref, e) != effect(nat, e):
            a, b = effect(ref, e), effect(nat, e)
            r.update(result="differs", reason="; ".join("%s: reference %r, rootwrap-native %r" % (k, tail(str(a[k]), 200), tail(str(b[k]), 200)) for k in a if a[k] != b[k]))
        else:
            r.update(result="works", reason="exit %s%s" % (ref["rc"], ", " + e["why_rc"] if e.get("why_rc") else ""))
        if first:
            r["reason"] += " (second try; %s)" % tail("; ".join(first), 300)
        r["seconds"] = round(time.monotonic() - started, 1)
        known = known_reason(args.service, e)
        if r["result"] != "works" and known:
            r["known"] = known

    # Each call has namespaces of its own: a few at once.
    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            list(pool.map(judge, todo))
    finally:
        for d in sorted(MADE, reverse=True):
            if d.startswith("/sys/fs/cgroup/"):
                try:
                    os.rmdir(d)
                except OSError:
                    pass

    failed = [r for r in results if r["result"] in ("policy-bug", "differs", "reference-fails") and not r.get("known")]
    grouped = {}
    for r in results:
        if r["result"] == "skipped" and r["reason"].startswith("runnable: "):
            grouped[r["reason"]] = grouped.get(r["reason"], 0) + 1
            continue
        line = " ".join(r["argv"])
        if len(line) > 110:
            line = line[:107] + "..."
        tag = r["result"] + (" (known: %s)" % r["known"] if r.get("known") else "")
        print("%-16s %-22s %s\n%18s%s" % (tag, r["filter"], line, "", r["reason"]), file=sys.stderr)
    for why, n in sorted(grouped.items()):
        print("%-16s %d line(s): %s" % ("skipped", n, why), file=sys.stderr)
    counts = {}
    for r in results:
        k = r["result"] + ("-known" if r.get("known") else "")
        counts[k] = counts.get(k, 0) + 1
    summary = {"service": args.service, "counts": counts, "results": results, "failed": len(failed)}
    if args.json:
        print(json.dumps(summary))
    else:
        print("legit-run %s: %s" % (args.service, " ".join("%s=%d" % kv for kv in sorted(counts.items()))))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
