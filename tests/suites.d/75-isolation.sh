#!/usr/bin/env bash
# Isolation (docs/isolation.md): every exploit of tests/isolation/exploits, through sudo as
# the service account, first against oslo-rootwrap (each must get root there, or it is
# wrong), then against rootwrap-native in each policy mode:
#   profile   the service's capability profile (profiles/<svc>.profile)
#   hardened  the capability profile, then the hardened policy (profiles/hardened/<svc>.profile),
#             with undeclared_capabilities = deny
# Fails when an exploit does not get root through the reference, or when one gets root
# through a hardened policy. The counts of the other modes are reported, not judged.
# Env: ROOTWRAP_TEST_ROOT, ROOTWRAP_CORPUS (./test.sh sets both). ISOLATION_SERVICES narrows.
set -uo pipefail
cd "$(dirname "$0")/../.."
: "${ROOTWRAP_TEST_ROOT:?}" "${ROOTWRAP_CORPUS:?}"
ROOT="$ROOTWRAP_TEST_ROOT/isolation"
BIN="$ROOTWRAP_TEST_ROOT/bin/rootwrap-native"
SERVICES=(${ISOLATION_SERVICES:-neutron nova ironic designate cinder manila})
fails=0
bash tests/isolation/setup-exploits.sh "$ROOT" "$ROOTWRAP_CORPUS" >/dev/null || { echo "FAIL isolation: set-up"; exit 1; }

variant() { # SERVICE NAME EXTRA-DEFAULTS PROFILE...
    local s="$1" v="$2" extra="$3"; shift 3
    local d="$ROOT/$s/$v" list=""
    install -d -m 0755 -o root -g root "$d"
    rm -f "$d"/*.profile
    for p in "$@"; do
        install -m 0644 -o root -g root "$p" "$d/$(basename "$(dirname "$p")")-$(basename "$p")"
        list="${list:+$list,}$d/$(basename "$(dirname "$p")")-$(basename "$p")"
    done
    printf '[DEFAULT]\nfilters_path=%s\nexec_dirs=/sbin,/usr/sbin,/bin,/usr/bin,/usr/local/bin\nuse_syslog=False\ncapability_profiles=%s\n%s' \
        "$ROOT/$s/rootwrap.d" "$list" "$extra" > "$d/rootwrap.conf"
    chmod 0644 "$d/rootwrap.conf"
}

run() { # SERVICE HELPER CONF -> JSON summary on stdout, table on stderr
    python3 tests/isolation/run_exploits.py --helper "$2" --conf "$3" --service "$1" --json
}

counts() { python3 -c 'import json,sys; d=json.load(sys.stdin); r=[x["result"] for x in d["results"]]; print(" ".join("%s=%d" % (k, r.count(k)) for k in ("root","stopped","not-run","error")))'; }

for s in "${SERVICES[@]}"; do
    ref="$(run "$s" /usr/bin/oslo-rootwrap "$ROOT/$s/reference/rootwrap.conf" 2>/dev/null)"
    echo "isolation $s reference: $(echo "$ref" | counts)"
    bad="$(echo "$ref" | python3 -c 'import json,sys; print(" ".join(x["id"] for x in json.load(sys.stdin)["results"] if x["result"] in ("stopped","error")))')"
    if [ -n "$bad" ]; then echo "FAIL isolation $s: through oslo-rootwrap these did not get root (the exploit is wrong): $bad"; fails=$((fails+1)); fi

    variant "$s" profile "" "profiles/$s.profile"
    out="$(run "$s" "$BIN" "$ROOT/$s/profile/rootwrap.conf" 2>/dev/null)"
    echo "isolation $s profile: $(echo "$out" | counts)"
    echo "$out" | python3 -c 'import json,sys; [print("  root through the capability profile:", x["id"]) for x in json.load(sys.stdin)["results"] if x["result"]=="root"]'

    if [ -f "profiles/hardened/$s.profile" ]; then
        variant "$s" hardened "undeclared_capabilities=deny
" "profiles/$s.profile" "profiles/hardened/$s.profile"
        out="$(run "$s" "$BIN" "$ROOT/$s/hardened/rootwrap.conf" 2>/dev/null)"
        echo "isolation $s hardened: $(echo "$out" | counts)"
        rooted="$(echo "$out" | python3 -c 'import json,sys; print(" ".join(x["id"] for x in json.load(sys.stdin)["results"] if x["result"]=="root"))')"
        if [ -n "$rooted" ]; then echo "FAIL isolation $s hardened: root through $rooted"; fails=$((fails+1)); else echo "PASS isolation $s hardened: no exploit gets root"; fi
    else
        echo "isolation $s hardened: no hardened policy yet (docs/isolation.md)"
    fi
done
echo "isolation: $fails failure(s)"
[ "$fails" = 0 ]
