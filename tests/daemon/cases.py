#!/usr/bin/python3
"""End-to-end checks of rootwrap-native-daemon through the unchanged oslo.rootwrap client.

Usage: cases.py CASE --daemon PATH --conf CONF [--timeout-conf CONF]

The client starts the daemon as a service does: ["sudo", "-n", PATH, CONF]. Each case
raises AssertionError at the first failed check; exit 0 means every check held, exit 77
means the case could not run here (skipped). The filters used are written by
tests/setup.d/30-sudoers-daemon.sh.
"""
import argparse
import glob
import hmac
import json
import os
import pwd
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time

from oslo_rootwrap import client

SKIP = 77


def eq(actual, expected, what):
    if actual != expected:
        raise AssertionError("%s:\n  expected %r\n  got      %r" % (what, expected, actual))


def check(cond, what):
    if not cond:
        raise AssertionError(what)


def daemon_cmd(args, conf=None):
    return ["sudo", "-n", args.daemon, conf or args.conf]


def helper_path(args):
    return os.path.join(os.path.dirname(args.daemon), "rootwrap-native")


def daemon_pid(c):
    """The daemon process: the child of the sudo process the client started."""
    out = subprocess.run(["pgrep", "-P", str(c._process.pid)], capture_output=True, text=True).stdout.split()
    check(len(out) == 1, "one daemon under sudo, found %r" % out)
    return int(out[0])


def socket_dir(c):
    return os.path.dirname(c._manager.address)


# ---- cases -------------------------------------------------------------------------------

def case_io(args):
    """stdin, stdout, stderr and the exit status pass as the reference passes them."""
    c = client.Client(daemon_cmd(args))
    eq(c.execute(["true"]), [0, "", ""], "true")
    text = "line1\nh\udcffi \u00e9 \U0001F600\n"
    # sh: the direct path; dash: the plan-thread path (the filter declares capabilities)
    for sh in ("sh", "dash"):
        eq(c.execute([sh, "-c", "cat; echo to-stderr >&2; exit 7"], text),
           [7, text, "to-stderr\n"], "%s: stdin to stdout, stderr and status" % sh)
        eq(c.execute([sh, "-c", "kill -9 $$"]), [-9, "", ""], "%s: killed by a signal is minus the signal" % sh)
    eq(c.execute(["tac"], "a\nb\n"), [0, "b\na\n", ""], "tac through a plan thread")
    eq(c.execute(["cat"], b"raw \xff bytes"), [0, "raw \udcff bytes", ""], "bytes stdin")
    eq(c.execute(["cat"]), [0, "", ""], "no stdin is an empty one")
    eq(c.execute(["sh", "-c", r"printf 'a\377b\303\251\360\237\230\200'"]), [0, "a\udcffb\u00e9\U0001F600", ""],
       "output that is not UTF-8 comes back as os.fsdecode makes it")
    eq(c.execute(["echo", "a b", "'\"", "\u00e9", "x\udcfey", "--", ""]), [0, "a b '\" \u00e9 x\udcfey -- \n", ""],
       "arguments reach the command unchanged")
    r = c.execute(["sh", "-c", "head -c 300000 /dev/zero >&2; echo out"])
    eq((r[0], r[1], len(r[2])), (0, "out\n", 300000), "a full stderr pipe while stdout is read: no deadlock")
    r = c.execute(["sh", "-c", "head -c 300000 /dev/zero; cat >/dev/null"], "x" * 300000)
    eq((r[0], len(r[1])), (0, 300000), "stdin and stdout both larger than a pipe")
    print("io: ok")


def case_refusals(args):
    """99 and 96 come back as the helper's exit statuses and messages; the daemon goes on."""
    c = client.Client(daemon_cmd(args))
    c.execute(["true"])
    pid = daemon_pid(c)
    for cmd, rc, message in (
        (["rm", "-rf", "/"], 99, "Unauthorized command: rm -rf / (no filter matched)"),
        (["missing", "x"], 96, "Executable not found: /nonexistent/rootwrap-native-test/missing (filter match = missing)"),
    ):
        r = c.execute(cmd)
        eq(r[0], rc, "%s: status" % cmd)
        eq(r[1], "", "%s: stdout" % cmd)
        eq(r[2], "%s: %s\n" % (args.daemon, message), "%s: stderr" % cmd)
        if os.geteuid() == 0:  # (the service user's sudoers entry names the daemon only)
            h = subprocess.run(["sudo", "-n", helper_path(args), args.conf] + cmd, capture_output=True, text=True)
            eq(h.returncode, rc, "%s: the helper's status" % cmd)
            eq(h.stderr.split(": ", 1)[1], message + "\n", "%s: the helper's message" % cmd)
    eq(c.execute(["echo", "still"]), [0, "still\n", ""], "the daemon serves on after refusals")
    eq(daemon_pid(c), pid, "and it is the same daemon")
    print("refusals: ok")


STATUS_KEYS = ("Uid", "Gid", "Groups", "CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb", "NoNewPrivs", "SigIgn", "SigBlk")


def parse_status(text):
    return dict(l.split(":", 1) for l in text.splitlines() if ":" in l)


def case_capabilities(args):
    """A command's credentials, capabilities, signals and fds: as the kernel shows them, and as the helper gives them."""
    c = client.Client(daemon_cmd(args))
    commands = (["cat", "/proc/self/status"], ["head", "-n", "200", "/proc/self/status"],
                ["tail", "-n", "200", "/proc/self/status"])
    for cmd in commands:
        r = c.execute(cmd)
        eq(r[0], 0, "%s: status" % cmd)
        mine = parse_status(r[1])
        h = subprocess.run(["sudo", "-n", helper_path(args), args.conf] + cmd, capture_output=True, text=True)
        eq(h.returncode, 0, "%s through the helper: %s" % (cmd, h.stderr))
        theirs = parse_status(h.stdout)
        for k in STATUS_KEYS:
            eq(mine.get(k), theirs.get(k), "%s: %s as the helper sets it" % (cmd, k))

    declared = "%016x" % ((1 << 12) | (1 << 2))  # CAP_NET_ADMIN, CAP_DAC_READ_SEARCH
    st = parse_status(c.execute(["cat", "/proc/self/status"])[1])
    for k, v in (("Uid", "0\t0\t0\t0"), ("CapEff", declared), ("CapPrm", declared), ("CapBnd", declared),
                 ("CapAmb", "0" * 16), ("CapInh", "0" * 16), ("NoNewPrivs", "1"), ("SigIgn", "0" * 16),
                 ("SigBlk", "0" * 16)):
        eq(st[k].strip(), v, "declared capabilities: %s" % k)
    st = parse_status(c.execute(["head", "-n", "200", "/proc/self/status"])[1])
    eq(st["NoNewPrivs"].strip(), "0", "undeclared, no bound: the reference's full root")
    eq(st["SigIgn"].strip(), "0" * 16, "undeclared: no signal ignored")
    other = pwd.getpwnam("rwother")
    st = parse_status(c.execute(["tail", "-n", "200", "/proc/self/status"])[1])
    eq(st["Uid"].strip(), "\t".join([str(other.pw_uid)] * 4), "run as rwother: uid")
    eq(st["Gid"].strip(), "\t".join([str(other.pw_gid)] * 4), "run as rwother: gid")
    eq(st["CapEff"].strip(), "0" * 16, "run as rwother: no capability left")

    for cmd in (["ls", "-1", "/proc/self/fd"], ["dir", "-1", "/proc/self/fd"]):
        r = c.execute(cmd)
        # 0, 1, 2, and the listing's own descriptor of /proc/self/fd
        eq(sorted(r[1].split()), ["0", "1", "2", "3"], "%s: only fds 0, 1 and 2 are inherited" % cmd)
    print("capabilities: ok")


def case_threads(args):
    """16 threads x 100 commands through one client; then 16 connections at once."""
    c = client.Client(daemon_cmd(args))
    errors = []

    def through_client(t):
        for i in range(100):
            want = "t%d-%d" % (t, i)
            r = c.execute(["echo", want])
            if r != [0, want + "\n", ""]:
                errors.append((want, r))

    run_threads(through_client, 16)
    eq(errors, [], "16 threads x 100 commands through one client")

    # The client's lock serializes execute(); its proxy keeps one connection per thread,
    # so calling the proxy from 16 threads puts 16 requests in flight at once.
    c._ensure_initialized()
    proxy = c._proxy

    def own_connection(t):
        for i in range(50):
            want = "c%d-%d" % (t, i)
            sh = "sh" if i % 2 else "dash"  # both launch paths, interleaved
            r = proxy.run_one_command([sh, "-c", "cat; echo $0 >&2", want], want)
            if r != [0, want, want + "\n"]:
                errors.append((want, r))

    run_threads(own_connection, 16)
    eq(errors, [], "16 connections x 50 commands at once")
    print("threads: ok")


def run_threads(fn, n):
    threads = [threading.Thread(target=fn, args=(t,)) for t in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def case_bigoutput(args):
    """10 MB out, and 10 MB in and back, byte for byte."""
    c = client.Client(daemon_cmd(args))
    size = 10 * 1024 * 1024
    r = c.execute(["head", "-c", str(size), "/dev/urandom"])
    eq((r[0], len(os.fsencode(r[1])), r[2]), (0, size, ""), "10 MB of random bytes out")
    data = os.urandom(size)
    for cmd in (["cat"], ["dash", "-c", "cat"]):
        r = c.execute(cmd, data)
        eq(r[0], 0, "%s: status" % cmd)
        check(os.fsencode(r[1]) == data, "%s: 10 MB in and back unchanged" % cmd)
    print("bigoutput: ok")


# ---- hostile peers: raw sockets against a daemon we start ourselves -----------------------

def frame(b):
    return struct.pack("!Q", len(b)) + b


class Peer(object):
    def __init__(self, path, timeout=15):
        self.s = socket.socket(socket.AF_UNIX)
        self.s.settimeout(timeout)
        self.s.connect(path)

    def send(self, b):
        self.s.sendall(frame(b))

    def recvall(self, n):
        buf = b""
        while len(buf) < n:
            piece = self.s.recv(n - len(buf))
            if not piece:
                raise EOFError
            buf += piece
        return buf

    def recv(self):
        return self.recvall(struct.unpack("!Q", self.recvall(8))[0])

    def closed_by_daemon(self):
        """True when the daemon has closed its end (EOF), false on a timeout."""
        try:
            while self.s.recv(65536):
                pass
            return True
        except (socket.timeout, TimeoutError):
            return False
        except OSError:
            return True

    def close(self):
        self.s.close()


def authenticate(peer, key, form):
    """The client's side of the handshake, in the legacy (md5) or the {sha256} form."""
    challenge = peer.recv()
    check(challenge.startswith(b"#CHALLENGE#"), "a challenge first, got %r" % challenge[:20])
    message = challenge[len(b"#CHALLENGE#"):]
    if form == "md5":
        peer.send(hmac.new(key, message, "md5").digest())
    else:
        check(message.startswith(b"{sha256}"), "the daemon offers {sha256}")
        peer.send(b"{sha256}" + hmac.new(key, message, "sha256").digest())
    eq(peer.recv(), b"#WELCOME#", "%s: the daemon accepts our answer" % form)
    mine = os.urandom(20) if form == "md5" else b"{sha256}" + os.urandom(40)
    peer.send(b"#CHALLENGE#" + mine)
    answer = peer.recv()
    if form == "md5":
        eq(answer, hmac.new(key, mine, "md5").digest(), "md5: the daemon's answer")
    else:
        eq(answer, b"{sha256}" + hmac.new(key, mine, "sha256").digest(), "sha256: the daemon's answer")
    peer.send(b"#WELCOME#")


def call(peer, request):
    peer.send(json.dumps(request).encode())
    return json.loads(peer.recv())


def run_echo(path, key, form, text):
    """A full client conversation by hand: create, accept_connection, run_one_command."""
    p = Peer(path)
    authenticate(p, key, form)
    kind, (ident, exposed) = call(p, [None, "create", ["rootwrap"], {}])
    eq(kind, "#RETURN", "create")
    check("run_one_command" in exposed, "run_one_command is exposed")
    p.close()
    p = Peer(path)
    authenticate(p, key, form)
    eq(call(p, [None, "accept_connection", ["hostile"], {}]), ["#RETURN", None], "accept_connection")
    eq(call(p, [ident, "run_one_command", [["echo", text], None], {}]), ["#RETURN", [0, text + "\n", ""]],
       "%s: a command over a hand-made connection" % form)
    return p, ident


def start_daemon(args, conf=None):
    p = subprocess.Popen(daemon_cmd(args, conf), stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    path = p.stdout.readline()[:-1].decode()
    key = p.stdout.read(32)
    if len(key) != 32 or not path.endswith("/rootwrap.sock"):
        raise AssertionError("handshake: %r, stderr %r" % (path, p.stderr.read()))
    st = os.stat(os.path.dirname(path))
    eq(oct(st.st_mode & 0o7777), "0o755", "socket folder mode")
    eq(oct(os.stat(path).st_mode & 0o777), "0o666", "socket mode")
    return p, path, key


def case_hostile(args):
    """A wrong key, garbage, a 1 TiB frame, a hang-up mid-request, a silent peer: each costs only its connection."""
    proc, path, key = start_daemon(args)
    silent = Peer(path, timeout=20)  # connects and never says a word
    started = time.time()
    run_echo(path, key, "md5", "first")[0].close()

    # a wrong key: #FAILURE#, then the connection is closed
    p = Peer(path)
    challenge = p.recv()
    p.send(hmac.new(b"x" * 32, challenge[len(b"#CHALLENGE#"):], "md5").digest())
    eq(p.recv(), b"#FAILURE#", "a wrong key is refused")
    check(p.closed_by_daemon(), "and its connection closed")

    # garbage instead of a handshake
    p = Peer(path)
    p.recv()
    p.s.sendall(b"GET / HTTP/1.1\r\nHost: rootwrap\r\n\r\n" + os.urandom(4096))
    check(p.closed_by_daemon(), "garbage before authentication: closed")

    # an oversized handshake frame (the reference reads at most 256 bytes there)
    p = Peer(path)
    p.recv()
    p.send(b"\0" * 257)
    check(p.closed_by_daemon(), "a handshake frame over 256 bytes: closed")

    # after authentication: a frame announcing 1 TiB is refused at once, without reading it
    p = Peer(path)
    authenticate(p, key, "md5")
    t = time.time()
    p.s.sendall(struct.pack("!Q", 1 << 40) + b"[")
    check(p.closed_by_daemon(), "a 1 TiB frame: closed")
    check(time.time() - t < 5, "promptly")

    # after authentication: bytes that are not JSON get a #TRACEBACK reply, then the close
    p = Peer(path)
    authenticate(p, key, "md5")
    p.send(b"\xff\xfe not json")
    kind, text = json.loads(p.recv())
    eq(kind, "#TRACEBACK", "malformed JSON: a traceback reply")
    check(p.closed_by_daemon(), "and a close")

    # well-formed but wrong requests: a RemoteError for the call, the connection goes on
    p, ident = run_echo(path, key, "md5", "second")
    eq(call(p, ["nosuchobject", "run_one_command", [["true"], None], {}])[0], "#TRACEBACK", "an unknown object")
    eq(call(p, [ident, "run_one_command", ["true", None], {}])[0], "#TRACEBACK", "userargs not a list")
    eq(call(p, [ident, "run_one_command", [[1, 2], None], {}])[0], "#TRACEBACK", "userargs not strings")
    eq(call(p, [ident, "run_one_command", [["echo", "\ud800"], None], {}])[0], "#TRACEBACK",
       "an argument that can't be bytes")
    eq(call(p, [ident, "no_such_method", [], {}])[0], "#TRACEBACK", "a method that is not exposed")
    eq(call(p, [ident, "run_one_command", [["echo", "ok"], None], {}]), ["#RETURN", [0, "ok\n", ""]],
       "the same connection still works")
    p.close()

    # hang-ups: mid-handshake, mid-frame, and after a request before its reply
    p = Peer(path)
    p.recv()
    p.s.sendall(struct.pack("!Q", 16) + b"12345")
    p.close()
    p = Peer(path)
    authenticate(p, key, "md5")
    p.s.sendall(struct.pack("!Q", 100) + b"[null, ")
    p.close()
    p, ident = run_echo(path, key, "md5", "third")
    p.send(json.dumps([ident, "run_one_command", [["sleep", "0.5"], None], {}]).encode())
    p.close()

    # the {sha256} form of Python 3.12 and later, both ways
    run_echo(path, key, "sha256", "sha256 peer")[0].close()

    # a peer that never speaks is dropped once the handshake time is up (10 s)
    check(silent.closed_by_daemon(), "a silent peer is dropped")
    check(time.time() - started < 20, "within the handshake timeout")

    # the daemon's internal launcher (in the daemon's binary) runs plans only from its own
    # daemon: called by its name (as a symlink would), with or without a socket on fd 3,
    # it refuses
    binary = os.path.realpath(args.daemon)
    for code in ("import os; os.execv(%r, ['rootwrap-native-launcher', 'x'])" % binary,
                 "import os, socket; a, b = socket.socketpair(); os.dup2(b.fileno(), 3); "
                 "os.execv(%r, ['rootwrap-native-launcher', 'x'])" % binary):
        r = subprocess.run([sys.executable, "-c", code], input=b"", capture_output=True, timeout=10)
        eq(r.returncode, 126, "the launcher called directly refuses: %r" % r.stderr)
        check(b"not for direct use" in r.stderr, "and says why: %r" % r.stderr)

    # through all of this, one daemon served: it still does, then shuts down cleanly
    run_echo(path, key, "md5", "last")[0].close()
    p = Peer(path)
    authenticate(p, key, "md5")
    eq(call(p, [None, "shutdown", [], {}]), ["#RETURN", None], "shutdown")
    eq(proc.wait(10), 0, "the daemon exits 0")
    check(not os.path.exists(os.path.dirname(path)), "and removes its socket folder")
    print("hostile: ok")


def case_sha256_client(args):
    """The real client of Python 3.12 or later (its {sha256} challenges), when one is installed."""
    if sys.version_info >= (3, 12):
        c = client.Client(daemon_cmd(args))
        eq(c.execute(["echo", "py%d.%d" % sys.version_info[:2]]), [0, "py%d.%d\n" % sys.version_info[:2], ""],
           "a command through the client of Python %s" % sys.version.split()[0])
        print("sha256-client: ok (Python %s)" % sys.version.split()[0])
        return
    candidates = sorted(set(glob.glob(os.path.expanduser("~/.pyenv/versions/3.1[2-9]*/bin/python3"))
                            + glob.glob("/usr/bin/python3.1[2-9]") + glob.glob("/usr/local/bin/python3.1[2-9]")))
    if not candidates:
        print("sha256-client: no Python >= 3.12 here")
        sys.exit(SKIP)
    # The client package alone, without the rest of Debian's dist-packages.
    with tempfile.TemporaryDirectory() as d:
        import oslo_rootwrap
        os.symlink(os.path.dirname(oslo_rootwrap.__file__), os.path.join(d, "oslo_rootwrap"))
        for py in candidates:
            env = dict(os.environ, PYTHONPATH=d)
            r = subprocess.run([py, __file__, "sha256-client", "--daemon", args.daemon, "--conf", args.conf],
                               env=env, capture_output=True, text=True)
            sys.stdout.write(r.stdout)
            check(r.returncode == 0, "%s: %s" % (py, r.stderr))


def case_timeout(args):
    """daemon_timeout: an idle daemon exits 0 and removes its folder; the client starts a new one."""
    c = client.Client(daemon_cmd(args, args.timeout_conf))
    eq(c.execute(["true"]), [0, "", ""], "first command")
    folder = socket_dir(c)
    check(os.path.isdir(folder), "the socket folder exists while the daemon runs")
    t = time.time()
    eq(c._process.wait(15), 0, "an idle daemon exits 0")
    elapsed = time.time() - t
    check(1.5 < elapsed < 6, "after about daemon_timeout (2 s) idle, not %.1f s" % elapsed)
    check(not os.path.exists(folder), "and removes its socket folder")
    eq(c.execute(["echo", "again"]), [0, "again\n", ""], "the client starts a new daemon")

    # a command that runs longer than daemon_timeout is not cut short by it
    eq(c.execute(["sh", "-c", "sleep 3; echo slow"]), [0, "slow\n", ""], "a long command outlives the idle timeout")
    print("timeout: ok")


def case_sigterm(args):
    """SIGTERM while commands run: they are stopped, the daemon exits 0, nothing is left behind."""
    c = client.Client(daemon_cmd(args))
    eq(c.execute(["true"]), [0, "", ""], "first command")
    daemon = daemon_pid(c)
    folder = socket_dir(c)
    c._ensure_initialized()
    proxy = c._proxy
    marker = "31.%d" % os.getpid()
    results = []

    def long_command(n):
        try:
            results.append(proxy.run_one_command(["sh", "-c", "sleep %s & sleep %s; echo done" % (marker, marker)], None))
        except Exception as e:  # noqa: BLE001 - recorded and checked below
            results.append(repr(e))

    def plan_thread_command(n):
        try:
            results.append(proxy.run_one_command(["dash", "-c", "sleep %s" % marker], None))
        except Exception as e:  # noqa: BLE001
            results.append(repr(e))

    threads = [threading.Thread(target=long_command, args=(0,)), threading.Thread(target=plan_thread_command, args=(1,))]
    for t in threads:
        t.start()
    deadline = time.time() + 10
    while time.time() < deadline and len(sleepers(marker)) < 3:
        time.sleep(0.05)
    eq(len(sleepers(marker)), 3, "three sleeps running")
    t0 = time.time()
    os.kill(daemon, 15)
    for t in threads:
        t.join(10)
    eq(sorted(r[0] if isinstance(r, list) else r for r in results), [-15, -15], "both commands were stopped by SIGTERM")
    check(time.time() - t0 < 5, "promptly")
    eq(c._process.wait(10), 0, "the daemon exits 0")
    eq(sleepers(marker), [], "no command, nor what it started, is left running")
    check(not os.path.exists(folder), "the socket folder is removed")
    print("sigterm: ok")


def sleepers(marker):
    out = subprocess.run(["pgrep", "-f", "^sleep %s$" % marker], capture_output=True, text=True).stdout
    return out.split()


def case_client_exit(args):
    """A client that exits shuts its daemon down (the client's own finalizer asks it to)."""
    code = ("import sys\nfrom oslo_rootwrap import client\nc = client.Client(%r)\n"
            "assert c.execute(['true']) == [0, '', '']\nprint(c._manager.address)\n") % (daemon_cmd(args),)
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30)
    eq(r.returncode, 0, "client script: %s" % r.stderr)
    folder = os.path.dirname(r.stdout.strip())
    deadline = time.time() + 5
    while time.time() < deadline and os.path.exists(folder):
        time.sleep(0.05)
    check(not os.path.exists(folder), "the daemon is gone and its folder removed after the client exits")
    print("client-exit: ok")


CASES = {
    "io": case_io,
    "refusals": case_refusals,
    "capabilities": case_capabilities,
    "threads": case_threads,
    "bigoutput": case_bigoutput,
    "hostile": case_hostile,
    "sha256-client": case_sha256_client,
    "timeout": case_timeout,
    "sigterm": case_sigterm,
    "client-exit": case_client_exit,
}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("case", choices=sorted(CASES))
    ap.add_argument("--daemon", required=True, help="path of rootwrap-native-daemon")
    ap.add_argument("--conf", required=True)
    ap.add_argument("--timeout-conf")
    args = ap.parse_args()
    CASES[args.case](args)


if __name__ == "__main__":
    main()
