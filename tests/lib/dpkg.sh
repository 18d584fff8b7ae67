# Shared by the package suites (80-package.sh, 85-service-package.sh), sourced from the
# checkout's top folder.
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
