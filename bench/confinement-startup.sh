#!/usr/bin/env bash
# Start-up cost of filesystem confinement (docs/confinement.md): `rootwrap-native CONF true`
# with no declaration, with a capability drop only, and with a one-path [Paths] declaration,
# N interleaved runs each (as root; no sudo, so only the helper is measured).
# Usage: bench/confinement-startup.sh [HELPER] [N]   (default: artifacts/bin/rootwrap-native 600)
set -euo pipefail
cd "$(dirname "$0")/.."
B="$(readlink -f "${1:-artifacts/bin/rootwrap-native}")"; N="${2:-600}"
T="$(mktemp -d /var/tmp/rwn-bench-XXXXXX)"; trap 'rm -rf "$T"' EXIT
chmod 755 "$T"; mkdir -p "$T/plain" "$T/caps" "$T/paths" "$T/rw"
for d in plain caps paths; do printf '[DEFAULT]\nfilters_path=%s/%s\nexec_dirs=/bin,/usr/bin\n' "$T" "$d" > "$T/$d.conf"; done
printf '[Filters]\ntrue: CommandFilter, true, root\n' > "$T/plain/f"
printf '[Filters]\ntrue: CommandFilter, true, root\n[Capabilities]\ntrue:\n' > "$T/caps/f"
printf '[Filters]\ntrue: CommandFilter, true, root\n[Paths]\ntrue: rw %s/rw\n' "$T" > "$T/paths/f"
python3 - "$B" "$T" "$N" <<'PY'
import subprocess, sys, time
b, t, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
res = {k: [] for k in ("plain", "caps", "paths")}
for _ in range(n):
    for k in res:
        s = time.perf_counter_ns(); r = subprocess.run([b, f"{t}/{k}.conf", "true"]); e = time.perf_counter_ns()
        assert r.returncode == 0, k
        res[k].append((e - s) / 1e6)
for k, v in res.items():
    v.sort()
    print(f"{k:6} min {v[0]:.2f} ms  p10 {v[n // 10]:.2f} ms  p25 {v[n // 4]:.2f} ms  median {v[n // 2]:.2f} ms")
PY
