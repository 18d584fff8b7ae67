#!/usr/bin/python3
"""Per-call driver for a rootwrap daemon, through oslo.rootwrap's own client.

usage: daemon_driver.py DAEMON_COMMAND... CONFIG

Starts the daemon the way a service does (oslo_rootwrap.client.Client), then answers
one line on stdout for each line on stdin:
  call                -> "<returncode>"                 client.execute(["true"])
  load CALLS THREADS  -> "<calls/s> <daemon VmHWM kB>"  CALLS calls from THREADS threads
  quit                -> stops the daemon and exits
"""
import sys
import threading
import time

from oslo_rootwrap import client

COMMAND = ["true"]


def vm_hwm(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return -1


def load(c, calls, threads):
    # Client.execute serialises every call on one lock; a service with several green
    # threads still has one call in flight at a time. To load the daemon with THREADS
    # concurrent calls, each thread uses the proxy directly (its connection is per thread).
    c._ensure_initialized()
    proxy = c._proxy
    per = calls // threads
    failures = []

    def work():
        for _ in range(per):
            rc = proxy.run_one_command(COMMAND, None)[0]
            if rc != 0:
                failures.append(rc)

    ts = [threading.Thread(target=work) for _ in range(threads)]
    t0 = time.perf_counter()
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    dt = time.perf_counter() - t0
    if failures:
        raise SystemExit("load: %d calls failed (first rc %d)" % (len(failures), failures[0]))
    return per * threads / dt, vm_hwm(c._process.pid)


def main():
    c = client.Client(sys.argv[1:])
    out = sys.stdout
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        if words[0] == "call":
            out.write("%d\n" % c.execute(COMMAND)[0])
        elif words[0] == "load":
            rate, hwm = load(c, int(words[1]), int(words[2]))
            out.write("%.1f %d\n" % (rate, hwm))
        elif words[0] == "quit":
            break
        out.flush()
    c._finalize()


if __name__ == "__main__":
    main()
