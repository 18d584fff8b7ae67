#!/usr/bin/env bash
# Compares the hand-reviewed profiles with what the auditor suggests, service by service:
#   rootwrap-audit --suggest-capabilities CORPUS/<service>/rootwrap.d
# Both sides are reduced to "filter: CAP_A, CAP_B" lines (sorted, CAP_ names upper-case,
# comments dropped) and diffed. A difference is for a person to review: the profile's
# comment says why it holds what it holds; update one side or the other.
# Usage: profiles/regen.sh [--suggest OUTDIR] [CORPUS]
#   CORPUS   the filter corpus (default: tests/corpus/fetch.sh's cache)
#   --suggest also writes each raw suggestion to OUTDIR/<service>.suggested
# Env: ROOTWRAP_AUDIT (default: artifacts/bin/rootwrap-audit).
# Exit: 0 all agree (or the auditor can't suggest yet: SKIP), 1 differences, 2 usage.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
SERVICES=(nova neutron cinder manila ironic designate)

suggest_dir=""
if [ "${1:-}" = "--suggest" ]; then
    [ $# -ge 2 ] || { echo "usage: $0 [--suggest OUTDIR] [CORPUS]" >&2; exit 2; }
    suggest_dir="$2"; shift 2; mkdir -p "$suggest_dir"
fi
corpus="${1:-}"
[ -n "$corpus" ] || corpus="$("$root/tests/corpus/fetch.sh")"
audit="${ROOTWRAP_AUDIT:-$root/artifacts/bin/rootwrap-audit}"

if [ ! -x "$audit" ]; then
    echo "SKIP regen: no auditor at $audit (./build.sh first, or set ROOTWRAP_AUDIT)"
    exit 0
fi
# The auditor entry point exists before --suggest-capabilities does: ask it once.
probe_err="$(mktemp)"; trap 'rm -f "$probe_err"' EXIT
probe_rc=0
"$audit" --suggest-capabilities "$corpus/ironic/rootwrap.d" >/dev/null 2>"$probe_err" || probe_rc=$?
if [ "$probe_rc" = 2 ]; then
    echo "SKIP regen: $audit cannot suggest capabilities yet: $(head -n1 "$probe_err")"
    exit 0
fi

# [Capabilities] of an INI file as sorted "name: CAP_A, CAP_B" lines.
normalize() {
    awk '
        /^[ \t]*[#;]/ { next }
        /^\[/ { insec = ($0 ~ /^\[Capabilities\][ \t]*$/); next }
        !insec || /^[ \t]*$/ { next }
        {
            line = $0; sub(/[ \t]+[#;].*$/, "", line)
            i = index(line, ":"); j = index(line, "=")
            if (i == 0 || (j > 0 && j < i)) i = j
            name = tolower(substr(line, 1, i - 1)); gsub(/^[ \t]+|[ \t]+$/, "", name)
            n = split(substr(line, i + 1), caps, ",")
            out = ""; m = 0; delete seen
            for (k = 1; k <= n; k++) {
                c = toupper(caps[k]); gsub(/^[ \t]+|[ \t]+$/, "", c)
                if (c == "") continue
                if (c !~ /^CAP_/) c = "CAP_" c
                if (!(c in seen)) { seen[c] = 1; list[++m] = c }
            }
            # insertion sort: a handful of names
            for (a = 2; a <= m; a++) { v = list[a]; b = a - 1; while (b > 0 && list[b] > v) { list[b + 1] = list[b]; b-- } list[b + 1] = v }
            for (a = 1; a <= m; a++) out = out (a > 1 ? ", " : "") list[a]
            print name ": " out
        }' "$1" | LC_ALL=C sort
}

rc=0
for s in "${SERVICES[@]}"; do
    dir="$corpus/$s/rootwrap.d"
    [ -d "$dir" ] || { echo "FAIL regen $s: no filters at $dir"; rc=1; continue; }
    raw="$(mktemp)"
    if ! "$audit" --suggest-capabilities "$dir" > "$raw"; then
        echo "FAIL regen $s: rootwrap-audit --suggest-capabilities $dir failed"; rc=1; rm -f "$raw"; continue
    fi
    [ -z "$suggest_dir" ] || cp "$raw" "$suggest_dir/$s.suggested"
    if d="$(diff -u --label "$s.profile (reviewed)" --label "$s (suggested)" <(normalize "$here/$s.profile") <(normalize "$raw"))"; then
        echo "PASS regen $s: profile matches the suggestion"
    else
        echo "DIFF regen $s: review these (the profile's comments say why each set is what it is):"
        printf '%s\n' "$d"
        rc=1
    fi
    rm -f "$raw"
done
exit "$rc"
