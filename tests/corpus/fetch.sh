#!/usr/bin/env bash
# Fetches the rootwrap filter files shipped by Debian's OpenStack packages into a cache:
#   CACHE/<service>/rootwrap.d/*.filters  and  CACHE/<service>/rootwrap.conf
# Idempotent: a service already extracted is left alone. Prints the cache folder.
# Usage: tests/corpus/fetch.sh [CACHE]   (default: .cache/corpus)
set -euo pipefail
cd "$(dirname "$0")/../.."
CACHE="${1:-.cache/corpus}"
SERVICES=(neutron cinder manila ironic designate nova sahara)
# The packages that ship each service's filter files in Debian 12.
declare -A PACKAGES=(
    [neutron]="neutron-common" [cinder]="cinder-common" [manila]="manila-common"
    [ironic]="ironic-common" [designate]="designate-common" [nova]="nova-common nova-compute"
    [sahara]="sahara-common"
)
mkdir -p "$CACHE"
CACHE="$(cd "$CACHE" && pwd)"
missing=()
for s in "${SERVICES[@]}"; do
    [ -d "$CACHE/$s/rootwrap.d" ] || missing+=("$s")
done
if [ ${#missing[@]} -gt 0 ]; then
    work="$(mktemp -d)"
    trap 'rm -rf "$work"' EXIT
    pkgs=()
    for s in "${missing[@]}"; do pkgs+=(${PACKAGES[$s]}); done
    if ! (cd "$work" && apt-get download "${pkgs[@]}" >/dev/null 2>&1); then
        apt-get update -qq >/dev/null
        (cd "$work" && apt-get download "${pkgs[@]}" >/dev/null)
    fi
    for s in "${missing[@]}"; do
        x="$work/x-$s"
        mkdir -p "$CACHE/$s/rootwrap.d"
        : > "$CACHE/$s/PACKAGES"
        for p in ${PACKAGES[$s]}; do
            deb=$(ls "$work"/"$p"_*.deb)
            dpkg-deb -x "$deb" "$x"
            echo "$deb" | sed 's#.*/##' >> "$CACHE/$s/PACKAGES"
        done
        # Filter files live in /etc/<service>/rootwrap.d, or /usr/share/<pkg>/rootwrap.d.
        find "$x/etc" "$x/usr/share" -path '*rootwrap.d/*' -type f -exec cp {} "$CACHE/$s/rootwrap.d/" \; 2>/dev/null || true
        conf=$(find "$x/etc" "$x/usr/share" -name rootwrap.conf -type f 2>/dev/null | head -n1)
        [ -n "$conf" ] && cp "$conf" "$CACHE/$s/rootwrap.conf"
    done
fi
echo "$CACHE"
