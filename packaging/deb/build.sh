#!/usr/bin/env bash
# Builds the Debian binary package: OUTDIR/rootwrap-native_<version>_amd64.deb.
# Usage: packaging/deb/build.sh OUTDIR
# Env: ROOTWRAP_BIN (a published binary; else ./build.sh publishes one), PKG_VERSION.
# Needs: dpkg-dev, scdoc (apt-get install dpkg-dev scdoc).
set -euo pipefail
. "$(dirname "$0")/../common.sh"
[ $# -eq 1 ] || { echo "usage: $0 OUTDIR" >&2; exit 2; }
mkdir -p "$1"; OUT="$(cd "$1" && pwd)"
need_tools dpkg-deb dpkg-shlibdeps dpkg-parsechangelog scdoc file
resolve_version
resolve_binary

work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
root="$work/root"
stage_tree "$root"

doc="$root/usr/share/doc/$PKG_NAME"
install -m 0644 "$PKG_DIR/copyright" "$doc/copyright"
# A native package's changelog is changelog.gz (Debian policy 12.7).
changelog_text | gzip -9n > "$doc/changelog.gz"; chmod 0644 "$doc/changelog.gz"
install -d -m 0755 "$root/usr/share/lintian/overrides"
if grep -q '^[^#]' "$PKG_DIR/deb/lintian-overrides"; then
    install -m 0644 "$PKG_DIR/deb/lintian-overrides" "$root/usr/share/lintian/overrides/$PKG_NAME"
else
    rmdir "$root/usr/share/lintian/overrides" "$root/usr/share/lintian"
fi

# Depends: what the binary links against, as dpkg-shlibdeps says (libc6 only).
mkdir -p "$work/src/debian"
printf 'Source: %s\n\nPackage: %s\nArchitecture: amd64\n' "$PKG_NAME" "$PKG_NAME" > "$work/src/debian/control"
depends="$(cd "$work/src" && dpkg-shlibdeps -O -e"$root/usr/bin/$PKG_NAME" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')"
[ -n "$depends" ] || die "dpkg-shlibdeps found no dependencies for $root/usr/bin/$PKG_NAME"

install -d -m 0755 "$root/DEBIAN"
maint="$MAINTAINER"
size="$(du -sk --apparent-size --exclude=DEBIAN "$root" | cut -f1)"
sed -e "s/@VERSION@/$PKG_VERSION/" -e "s/@MAINTAINER@/$maint/" -e "s/@SIZE@/$size/" \
    -e "s/@DEPENDS@/$depends/" "$PKG_DIR/deb/control.in" > "$root/DEBIAN/control"
# dpkg keeps a locally edited conffile on upgrade and removes it on purge.
(cd "$root" && find etc -type f | sed 's#^#/#' | sort) > "$root/DEBIAN/conffiles"
# md5sums of everything but the conffiles (which dpkg tracks itself), as dh_md5sums does.
(cd "$root" && find . -path ./DEBIAN -prune -o -path ./etc -prune -o -type f -printf '%P\0' \
    | LC_ALL=C sort -z | xargs -0 md5sum) > "$root/DEBIAN/md5sums"
chmod 0644 "$root/DEBIAN/control" "$root/DEBIAN/conffiles" "$root/DEBIAN/md5sums"
clamp_times "$root"

deb="$OUT/${PKG_NAME}_${PKG_VERSION}_amd64.deb"
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null
echo "$deb"
