#!/usr/bin/env bash
# Legitimate use, run for real (tests/isolation/legit/README.md): every `runnable: local`, `loop` and `netns` line
# of tests/isolation/legit/<svc>.json, through sudo as the service account, on a fresh fixture
# in a mount and PID namespace of its own, first through oslo-rootwrap with the Debian filters,
# then through rootwrap-native with the hardened policy (the capability profile, then
# profiles/hardened/<svc>.profile, undeclared_capabilities = deny). Both must work and have the
# same effect. Fails when a line works through the reference but not through the hardened
# policy (unless run_legit.py lists it as known, with the reason), when their effects differ,
# or when a fixture does not let the reference work. Lines that cannot run here are skipped
# with the reason printed.
# Env: ROOTWRAP_TEST_ROOT, ROOTWRAP_CORPUS (./test.sh sets both). LEGIT_SERVICES narrows,
# LEGIT_RUNNABLE (default local,loop,netns) narrows the kinds of line.
set -uo pipefail
cd "$(dirname "$0")/../.."
: "${ROOTWRAP_TEST_ROOT:?}" "${ROOTWRAP_CORPUS:?}"
ROOT="$ROOTWRAP_TEST_ROOT/isolation"
BIN="$ROOTWRAP_TEST_ROOT/bin/rootwrap-native"
SERVICES=(${LEGIT_SERVICES:-nova neutron designate cinder manila})
RUNNABLE="${LEGIT_RUNNABLE:-local,loop,netns}"
fails=0

# Result folders an interrupted run leaves (run_legit.py removes its own as it goes).
export LEGIT_RUN_ID=$$
cleanup() { find /dev/shm -maxdepth 1 -name "rwn-legit-$LEGIT_RUN_ID-*" -type d -exec rm -rf {} + 2>/dev/null; }
trap cleanup EXIT INT TERM

bash tests/isolation/setup-exploits.sh "$ROOT" "$ROOTWRAP_CORPUS" >/dev/null || { echo "FAIL legit-run: set-up"; exit 1; }

hardened() { # SERVICE: ROOT/<svc>/hardened/rootwrap.conf, as 75-isolation.sh writes it
    local s="$1" d="$ROOT/$1/hardened" list="" p
    install -d -m 0755 -o root -g root "$d"
    rm -f "$d"/*.profile
    for p in "profiles/$s.profile" "profiles/hardened/$s.profile"; do
        install -m 0644 -o root -g root "$p" "$d/$(basename "$(dirname "$p")")-$(basename "$p")"
        list="${list:+$list,}$d/$(basename "$(dirname "$p")")-$(basename "$p")"
    done
    printf '[DEFAULT]\nfilters_path=%s\nexec_dirs=/sbin,/usr/sbin,/bin,/usr/bin,/usr/local/bin\nuse_syslog=False\ncapability_profiles=%s\nundeclared_capabilities=deny\n' \
        "$ROOT/$s/rootwrap.d" "$list" > "$d/rootwrap.conf"
    chmod 0644 "$d/rootwrap.conf"
}

for s in "${SERVICES[@]}"; do
    if [ ! -f "profiles/hardened/$s.profile" ]; then echo "legit-run $s: no hardened policy yet, skipped"; continue; fi
    hardened "$s"
    /usr/bin/python3 tests/isolation/legit/run_legit.py --service "$s" --runnable "$RUNNABLE" \
        --reference-conf "$ROOT/$s/reference/rootwrap.conf" --conf "$ROOT/$s/hardened/rootwrap.conf" --helper "$BIN" \
        2> >(sed 's/^/  /') 
    rc=$?
    case $rc in
        0) echo "PASS legit-run $s: every runnable line works through the hardened policy as through the reference" ;;
        1) echo "FAIL legit-run $s: see the lines above"; fails=$((fails+1)) ;;
        *) echo "FAIL legit-run $s: runner error ($rc)"; fails=$((fails+1)) ;;
    esac
done
wait
echo "legit-run: $fails failure(s)"
[ "$fails" = 0 ]
