#!/usr/bin/env bash
# Builds the RPM binary package: OUTDIR/rootwrap-native-<version>-1.x86_64.rpm.
# Usage: packaging/rpm/build.sh OUTDIR
# Env: ROOTWRAP_BIN (a published binary; else ./build.sh publishes one), PKG_VERSION.
# Needs: rpmbuild (Debian: apt-get install rpm), dpkg-dev, scdoc.
set -euo pipefail
. "$(dirname "$0")/../common.sh"
[ $# -eq 1 ] || { echo "usage: $0 OUTDIR" >&2; exit 2; }
mkdir -p "$1"; OUT="$(cd "$1" && pwd)"
need_tools rpmbuild dpkg-parsechangelog scdoc file
resolve_version
resolve_binary

work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
stage="$work/stage"
stage_tree "$stage"
install -d -m 0755 "$stage/usr/share/licenses/$PKG_NAME"
install -m 0644 "$PKG_DIR/copyright" "$stage/usr/share/licenses/$PKG_NAME/copyright"
clamp_times "$stage"

rpm_changelog > "$work/changelog"

maint="$MAINTAINER"
sed -e "s/@VERSION@/$PKG_VERSION/" -e "s/@MAINTAINER@/$maint/" "$PKG_DIR/rpm/rootwrap-native.spec.in" \
    | awk -v f="$work/changelog" '/^@CHANGELOG@$/ { while ((getline l < f) > 0) print l; next } { print }' \
    > "$work/$PKG_NAME.spec"

rpmbuild_reproducible "$work/$PKG_NAME.spec" "$stage" "$work/rpmbuild" --target x86_64 > "$work/rpmbuild.log" 2>&1 || { cat "$work/rpmbuild.log" >&2; die "rpmbuild failed"; }
rpm="$(find "$work/rpmbuild/RPMS" -name "$PKG_NAME-*.rpm" | head -n1)"
[ -n "$rpm" ] || { cat "$work/rpmbuild.log" >&2; die "rpmbuild left no package"; }
cp "$rpm" "$OUT/"
echo "$OUT/$(basename "$rpm")"
