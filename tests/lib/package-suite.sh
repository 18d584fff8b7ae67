# Shared by the package suites (80-package.sh, 85-service-package.sh), sourced from the
# checkout's top folder with SUITE (its name in messages) and CHECK_LABEL (in PASS/FAIL
# lines) set. Gives ROOTWRAP_BIN (built when test.sh did not export it), VERSION, pass,
# fail, check and dpkg_locked.
if [ -z "${ROOTWRAP_BIN:-}" ]; then
    ROOTWRAP_BIN="$(./build.sh artifacts/bin | tail -n1)" || { echo "$SUITE: build failed"; exit 1; }
fi
export ROOTWRAP_BIN
VERSION="$(sed -n 's#.*<Version>\(.*\)</Version>.*#\1#p' Directory.Build.props | head -n1)"

npass=0; nfail=0
pass() { echo "PASS $CHECK_LABEL: $*"; npass=$((npass + 1)); }
fail() { echo "FAIL $CHECK_LABEL: $*"; nfail=$((nfail + 1)); }
# check NAME CMD...: PASS when CMD succeeds.
check() { local name="$1"; shift; if "$@"; then pass "$name"; else fail "$name"; fi; }

# dpkg_locked ARG...: dpkg ARG..., retried while another dpkg (apt's timers, the other
# suite) holds the lock; its output on stdout on success, on stderr on failure.
dpkg_locked() {
    local out i
    for i in $(seq 1 90); do
        if out="$(dpkg "$@" 2>&1)"; then printf '%s\n' "$out"; return 0; fi
        if grep -qi "lock" <<<"$out"; then sleep 2; continue; fi
        printf '%s\n' "$out" >&2; return 1
    done
    printf '%s\n' "$out" >&2; return 1
}
