#!/usr/bin/python3
"""rootwrap-native-daemon against oslo-rootwrap-daemon, side by side, through the client.

Run as root (it writes a root-owned configuration and starts both daemons with sudo):

    /usr/bin/python3 tests/daemon/bench_client.py --native artifacts/bin/rootwrap-native-daemon

Both daemons get the same configuration and run `true ARG x` through the unchanged
oslo_rootwrap.client.Client, in alternating rounds so that a noisy machine slows both
alike. Measured:
  latency     one thread, one call at a time: the time of client.execute(["true", ARG, "x"])
  1 client    8 threads sharing one Client, as a service does (the client's own lock
              serializes execute(), so this is latency-bound too)
  8 conns     8 threads each calling the client's proxy, which keeps one connection per
              thread: 8 requests in flight at once, the daemon's own concurrency
  cpu/call    CPU time of the daemon and everything it started and reaped, per call
The native daemon is measured four times: `true` as the reference runs it (full root,
spawned directly), and `true` with declared capabilities, run as another user, and
confined by [Paths] (each applied on a plan thread of the daemon, docs/daemon.md); the
"vs full root" columns compare each with the first of these.
"""
import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

from oslo_rootwrap import client

FILTERS = """[Filters]
true_caps: RegExpFilter, true, root, true, caps, x
true: CommandFilter, true, root

[Capabilities]
true_caps: CAP_NET_ADMIN
"""


def make_config():
    d = tempfile.mkdtemp(prefix="rwn-bench-")
    os.chmod(d, 0o755)
    os.mkdir(os.path.join(d, "filters.d"), 0o755)
    with open(os.path.join(d, "filters.d", "bench.filters"), "w") as f:
        f.write(FILTERS % {"dir": d})
    conf = os.path.join(d, "rootwrap.conf")
    with open(conf, "w") as f:
        f.write("[DEFAULT]\nfilters_path=%s/filters.d\nexec_dirs=/usr/bin,/bin\nuse_syslog=False\n" % d)
    return d, conf


class Subject(object):
    def __init__(self, name, daemon, conf, command):
        self.name = name
        self.command = command
        self.client = client.Client(["sudo", "-n", daemon, conf])
        self.client.execute(command)
        self.client._ensure_initialized()
        self.proxy = self.client._proxy
        out = subprocess.run(["pgrep", "-P", str(self.client._process.pid)], capture_output=True, text=True).stdout.split()
        self.pid = int(out[0])
        self.latencies = []
        self.one_client = []
        self.own_conns = []
        self.cpu = []

    def cpu_seconds(self):
        """utime + stime of the daemon and of its reaped children (the commands, the launchers)."""
        with open("/proc/%d/stat" % self.pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return sum(int(x) for x in fields[11:15]) / os.sysconf("SC_CLK_TCK")

    def latency_round(self, calls):
        c, cmd = self.client, self.command
        cpu0 = self.cpu_seconds()
        for _ in range(calls):
            t = time.perf_counter()
            r = c.execute(cmd)
            self.latencies.append(time.perf_counter() - t)
            assert r == [0, "", ""], r
        self.cpu.append((self.cpu_seconds() - cpu0) / calls)

    def throughput_round(self, seconds, threads, own_connections):
        stop = time.perf_counter() + seconds
        counts = [0] * threads
        call = (lambda: self.proxy.run_one_command(self.command, None)) if own_connections \
            else (lambda: self.client.execute(self.command))

        def worker(i):
            n = 0
            while time.perf_counter() < stop:
                r = call()
                assert r[0] == 0, r
                n += 1
            counts[i] = n

        t0 = time.perf_counter()
        ts = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        rate = sum(counts) / (time.perf_counter() - t0)
        (self.own_conns if own_connections else self.one_client).append(rate)


def ms(x):
    return "%.2f" % (x * 1000)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--native", default="artifacts/bin/rootwrap-native-daemon")
    ap.add_argument("--reference", default="/usr/bin/oslo-rootwrap-daemon")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--calls", type=int, default=200, help="sequential calls per latency round")
    ap.add_argument("--seconds", type=float, default=3.0, help="length of a throughput round")
    ap.add_argument("--threads", type=int, default=8)
    args = ap.parse_args()
    if os.geteuid() != 0:
        sys.exit("bench_client.py: run as root (root-owned configuration, sudo)")
    native = os.path.abspath(args.native)

    d, conf = make_config()
    try:
        subjects = [
            # Every row runs `true` with two arguments (the filters tell them apart by the
            # first): with exactly one, coreutils' true sets up its locale to look for --help.
            Subject("oslo-rootwrap-daemon", args.reference, conf, ["true", "root", "x"]),
            Subject("rootwrap-native-daemon", native, conf, ["true", "root", "x"]),
            Subject("rootwrap-native-daemon, declared capabilities", native, conf, ["true", "caps", "x"]),
            Subject("rootwrap-native-daemon, run as nobody", native, conf, ["true", "user", "x"]),
            Subject("rootwrap-native-daemon, confined by [Paths]", native, conf, ["true", "confined", "x"]),
        ]
        for s in subjects:
            for _ in range(50):
                s.client.execute(s.command)  # warm up: imports, caches, the launcher pool
        for r in range(args.rounds):
            order = subjects if r % 2 == 0 else subjects[::-1]
            for s in order:
                s.latency_round(args.calls)
            for s in order:
                s.throughput_round(args.seconds, args.threads, own_connections=False)
            for s in order:
                s.throughput_round(args.seconds, args.threads, own_connections=True)
    finally:
        shutil.rmtree(d)

    ref = subjects[0]
    ref_lat = statistics.median(ref.latencies)
    print("machine: %d CPUs, load average %s, %s, Python %s" % (
        os.cpu_count(), " ".join("%.2f" % x for x in os.getloadavg()), platform.release(), platform.python_version()))
    print("%d rounds: %d sequential calls, then %.0f s with %d threads sharing one client, then %.0f s with %d threads on own connections\n"
          % (args.rounds, args.calls, args.seconds, args.threads, args.seconds, args.threads))
    print("| daemon | latency median (ms) | p90 (ms) | vs reference | vs full root | %d threads, 1 client (calls/s) | vs ref | %d threads, %d conns (calls/s) | vs ref | vs full root | CPU per call (ms) |"
          % (args.threads, args.threads, args.threads))
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    full = subjects[1]
    full_lat, full_own = statistics.median(full.latencies), statistics.median(full.own_conns)
    for s in subjects:
        lat = statistics.median(s.latencies)
        p90 = statistics.quantiles(s.latencies, n=10)[-1]
        one = statistics.median(s.one_client)
        own = statistics.median(s.own_conns)
        native_row = s is not ref
        print("| %s | %s | %s | %.2fx | %s | %.0f | %.2fx | %.0f | %.2fx | %s | %s |" % (
            s.name, ms(lat), ms(p90), lat / ref_lat, "%.2fx" % (lat / full_lat) if native_row else "",
            one, one / statistics.median(ref.one_client),
            own, own / statistics.median(ref.own_conns), "%.2fx" % (own / full_own) if native_row else "",
            ms(statistics.median(s.cpu))))


if __name__ == "__main__":
    main()
