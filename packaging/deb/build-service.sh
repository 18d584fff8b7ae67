#!/usr/bin/env bash
# Builds the per-service Debian packages: OUTDIR/rootwrap-native-<svc>_<version>_all.deb,
# one path a line, for every service named (default: all of packaging/common.sh SERVICES).
# Usage: packaging/deb/build-service.sh OUTDIR [SERVICE...]
# Env: PKG_VERSION, ROOTWRAP_MAINTAINER_EMAIL. Needs: dpkg-dev.
set -euo pipefail
. "$(dirname "$0")/../common.sh"
[ $# -ge 1 ] || { echo "usage: $0 OUTDIR [SERVICE...]" >&2; exit 2; }
mkdir -p "$1"; OUT="$(cd "$1" && pwd)"; shift
need_tools dpkg-deb dpkg-parsechangelog
resolve_version
[ $# -gt 0 ] || set -- "${SERVICES[@]}"

work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
for svc in "$@"; do
    known_service "$svc"
    pkg="$PKG_NAME-$svc"
    root="$work/$svc"
    stage_service_tree "$root" "$svc"
    # The entry points, diverted in preinst: the helper and the daemon under the service's names.
    install -d -m 0755 "$root/usr/bin"
    ln -s rootwrap-native "$root/usr/bin/$svc-rootwrap"
    ln -s rootwrap-native-daemon "$root/usr/bin/$svc-rootwrap-daemon"
    doc="$root/usr/share/doc/$pkg"
    install -d -m 0755 "$doc" "$root/usr/share/lintian/overrides"
    install -m 0644 "$PKG_DIR/copyright" "$doc/copyright"
    changelog_text | gzip -9n > "$doc/changelog.gz"; chmod 0644 "$doc/changelog.gz"
    sed "s/@SVC@/$svc/g" "$PKG_DIR/deb/lintian-overrides-service" > "$root/usr/share/lintian/overrides/$pkg"
    chmod 0644 "$root/usr/share/lintian/overrides/$pkg"

    install -d -m 0755 "$root/DEBIAN"
    size="$(du -sk --apparent-size --exclude=DEBIAN "$root" | cut -f1)"
    service_file "$svc" control.in | sed -e "s/@VERSION@/$PKG_VERSION/g" -e "s/@MAINTAINER@/$MAINTAINER/" \
        -e "s/@SIZE@/$size/" > "$root/DEBIAN/control"
    for s in preinst postinst postrm; do
        service_file "$svc" "$s.in" > "$root/DEBIAN/$s"; chmod 0755 "$root/DEBIAN/$s"
    done
    service_file "$svc" triggers.in > "$root/DEBIAN/triggers"
    (cd "$root" && find etc -type f | sed 's#^#/#' | sort) > "$root/DEBIAN/conffiles"
    (cd "$root" && find . -path ./DEBIAN -prune -o -path ./etc -prune -o -type f -printf '%P\0' \
        | LC_ALL=C sort -z | xargs -0 md5sum) > "$root/DEBIAN/md5sums"
    chmod 0644 "$root/DEBIAN/control" "$root/DEBIAN/conffiles" "$root/DEBIAN/md5sums" "$root/DEBIAN/triggers"
    clamp_times "$root"
    deb="$OUT/${pkg}_${PKG_VERSION}_all.deb"
    dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null
    echo "$deb"
done
