#!/usr/bin/env bash
# rootwrap-audit as a packager and CI run it: the published entry point, its exit codes
# and formats, a suggested profile loaded by the real helper, and the committed OpenStack
# report still matching what the auditor says about the same packages.
set -uo pipefail
cd "$(dirname "$0")/../.."
: "${ROOTWRAP_BIN:?}"
AUDIT="$(dirname "$ROOTWRAP_BIN")/rootwrap-audit"
CORPUS="${ROOTWRAP_CORPUS:-.cache/corpus}"
PY=/usr/bin/python3
fails=0
ok() { echo "ok: $*"; }
bad() { echo "FAIL: $*"; fails=$((fails + 1)); }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
chmod 755 "$work"
mkdir -p "$work/precise" "$work/loose"
printf '[Filters]\nsleep: RegExpFilter, sleep, root, sleep, \\d+\nkill_dnsmasq: KillFilter, root, /usr/sbin/dnsmasq, -9, -HUP\n' > "$work/precise/a.filters"
printf '[Filters]\ndd: CommandFilter, dd, root\nsleep: RegExpFilter, sleep, root, sleep, \\d+\n' > "$work/loose/a.filters"
chmod -R go-w "$work"

# Exit codes: 0 below --fail-on, 1 at or above, 2 on usage or unreadable input.
"$AUDIT" --fail-on high "$work/precise/a.filters" >/dev/null; rc=$?
[ "$rc" = 1 ] && ok "implicit privsep-helper alone reaches --fail-on high (1)" || bad "precise with --fail-on high: rc=$rc"
"$AUDIT" --fail-on never "$work/loose" >/dev/null; rc=$?
[ "$rc" = 0 ] && ok "--fail-on never exits 0" || bad "--fail-on never: rc=$rc"
"$AUDIT" "$work/loose" >/dev/null; rc=$?
[ "$rc" = 1 ] && ok "critical finding exits 1 (default --fail-on critical)" || bad "loose: rc=$rc"
"$AUDIT" /nonexistent/rootwrap.d >/dev/null 2>"$work/err"; rc=$?
[ "$rc" = 2 ] && grep -q "no such file" "$work/err" && ok "unreadable input exits 2" || bad "missing path: rc=$rc"
"$AUDIT" --format xml "$work/loose" >/dev/null 2>&1; rc=$?
[ "$rc" = 2 ] && ok "bad --format exits 2" || bad "bad --format: rc=$rc"
"$AUDIT" >/dev/null 2>&1; rc=$?
[ "$rc" = 2 ] && ok "no PATH exits 2" || bad "no PATH: rc=$rc"

# Formats: text without colour when piped, JSON and SARIF parse.
out="$("$AUDIT" "$work/loose")"
if printf '%s' "$out" | grep -q $'\x1b\['; then bad "colour in piped text"; else ok "no colour when stdout is not a terminal"; fi
printf '%s\n' "$out" | grep -qE '^critical +loose/a.filters:2 +dd +command-root-equivalent' && ok "text table row" || bad "text table: $out"
"$AUDIT" --format json --fail-on never "$work/loose" | "$PY" -c 'import json,sys; d=json.load(sys.stdin); assert d["summary"]["critical"]>=2 and d["findings"][0]["severity"]=="critical"' \
    && ok "--format json" || bad "--format json"
"$AUDIT" --format=sarif --fail-on never "$work/loose" | "$PY" -c 'import json,sys; d=json.load(sys.stdin); assert d["version"]=="2.1.0" and d["runs"][0]["results"]' \
    && ok "--format=sarif" || bad "--format sarif"

# explain: the bundled example (as the README runs it), decided without running anything.
EX="$(dirname "$(dirname "$ROOTWRAP_BIN")")/example/rootwrap.conf"
out="$("$AUDIT" explain "$EX" sleep 5)"; rc=$?
[ "$rc" = 0 ] && printf '%s\n' "$out" | grep -qE '^filter: +sleep \(RegExpFilter, .*example.filters:[0-9]+\)' \
    && ok "explain names the filter that admits 'sleep 5' (exit 0)" || bad "explain sleep 5: rc=$rc $out"
out="$("$AUDIT" explain "$EX" sleep abc)"; rc=$?
[ "$rc" = 99 ] && printf '%s\n' "$out" | grep -qF "argument 1 'abc' does not match pattern '\d+'" \
    && ok "explain says why 'sleep abc' is refused (exit 99)" || bad "explain sleep abc: rc=$rc $out"

# --suggest-capabilities: the profile loads in the real helper (as root: H5 checks ownership).
"$AUDIT" --suggest-capabilities "$work/loose" > "$work/profile.conf"; rc=$?
[ "$rc" = 0 ] && grep -q '^\[Capabilities\]' "$work/profile.conf" && grep -q '^dd: CAP_DAC_OVERRIDE$' "$work/profile.conf" \
    && ok "--suggest-capabilities prints a [Capabilities] profile" || bad "--suggest-capabilities: rc=$rc $(cat "$work/profile.conf")"
if [ "$(id -u)" = 0 ]; then
    chmod 644 "$work/profile.conf"
    printf '[DEFAULT]\nfilters_path=%s\nexec_dirs=/bin,/usr/bin\ncapability_profiles=%s\n' "$work/loose" "$work/profile.conf" > "$work/rootwrap.conf"
    chmod 644 "$work/rootwrap.conf"
    "$ROOTWRAP_BIN" "$work/rootwrap.conf" sleep 0; rc=$?
    [ "$rc" = 0 ] && ok "the helper loads the suggested profile and runs a declared filter" || bad "helper with suggested profile: rc=$rc"
    for d in "$CORPUS"/*/rootwrap.d; do
        svc="$(basename "$(dirname "$d")")"
        "$AUDIT" --suggest-capabilities "$d" > "$work/$svc.conf" && chmod 644 "$work/$svc.conf"
        printf '[DEFAULT]\nfilters_path=%s\nexec_dirs=/bin,/usr/bin\ncapability_profiles=%s\n' "$d" "$work/$svc.conf" > "$work/$svc-rootwrap.conf"
        chmod 644 "$work/$svc-rootwrap.conf"
        "$ROOTWRAP_BIN" "$work/$svc-rootwrap.conf" no-such-command 2>/dev/null; rc=$?
        [ "$rc" = 99 ] && ok "$svc: suggested profile loads (99 for an unknown command, not 97)" || bad "$svc profile: rc=$rc"
    done
fi

# The committed report says what the auditor says, for the packages it names.
if [ -d "$CORPUS/cinder/rootwrap.d" ]; then
    same=1
    for p in "$CORPUS"/*/PACKAGES; do
        while read -r deb; do
            name="$(printf '%s' "$deb" | sed 's/%3a/:/; s/\.deb$//')"
            grep -qF "$name" docs/audit-openstack.md || same=0
        done < "$p"
    done
    if [ "$same" = 1 ]; then
        tests/corpus/audit-report.sh "$AUDIT" "$CORPUS" > "$work/report.md" 2>"$work/report.err"
        if diff -u docs/audit-openstack.md "$work/report.md" > "$work/report.diff"; then
            ok "docs/audit-openstack.md is current"
        else
            bad "docs/audit-openstack.md is stale: regenerate with tests/corpus/audit-report.sh"; head -40 "$work/report.diff"
        fi
    else
        echo "skip: the corpus holds other package versions than docs/audit-openstack.md"
    fi
fi

[ "$fails" = 0 ]
