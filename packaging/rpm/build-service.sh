#!/usr/bin/env bash
# Builds the per-service RPM packages: OUTDIR/rootwrap-native-<svc>-<version>-1.noarch.rpm,
# one path a line, for every service named (default: all of packaging/common.sh SERVICES).
# Usage: packaging/rpm/build-service.sh OUTDIR [SERVICE...]
# Env: PKG_VERSION, ROOTWRAP_MAINTAINER_EMAIL. Needs: rpmbuild (Debian: apt-get install rpm), dpkg-dev.
set -euo pipefail
. "$(dirname "$0")/../common.sh"
[ $# -ge 1 ] || { echo "usage: $0 OUTDIR [SERVICE...]" >&2; exit 2; }
mkdir -p "$1"; OUT="$(cd "$1" && pwd)"; shift
need_tools rpmbuild dpkg-parsechangelog
resolve_version
[ $# -gt 0 ] || set -- "${SERVICES[@]}"

work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
rpm_changelog > "$work/changelog"
for svc in "$@"; do
    known_service "$svc"
    pkg="$PKG_NAME-$svc"
    stage="$work/stage-$svc"
    stage_service_tree "$stage" "$svc"
    install -d -m 0755 "$stage/usr/share/licenses/$pkg"
    install -m 0644 "$PKG_DIR/copyright" "$stage/usr/share/licenses/$pkg/copyright"
    clamp_times "$stage"
    service_file "$svc" ../rpm/rootwrap-native-service.spec.in \
        | sed -e "s/@VERSION@/$PKG_VERSION/" -e "s/@MAINTAINER@/$MAINTAINER/" \
        | awk -v f="$work/changelog" '/^@CHANGELOG@$/ { while ((getline l < f) > 0) print l; close(f); next } { print }' \
        > "$work/$pkg.spec"
    rpmbuild_reproducible "$work/$pkg.spec" "$stage" "$work/rpmbuild" > "$work/rpmbuild-$svc.log" 2>&1 || { cat "$work/rpmbuild-$svc.log" >&2; die "rpmbuild failed for $pkg"; }
    rpm="$(find "$work/rpmbuild/RPMS" -name "$pkg-$PKG_VERSION-*.rpm" | head -n1)"
    [ -n "$rpm" ] || { cat "$work/rpmbuild-$svc.log" >&2; die "rpmbuild left no $pkg"; }
    cp "$rpm" "$OUT/"
    echo "$OUT/$(basename "$rpm")"
done
