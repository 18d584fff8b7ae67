# Shared by packaging/deb/build.sh and packaging/rpm/build.sh (sourced, not run).
# Lays out the files the packages install, in one place, so both formats ship the same.
#
# Inputs (environment):
#   ROOTWRAP_BIN  a published rootwrap-native binary to package, rootwrap-native-daemon and
#                 rootwrap-audit beside it (./build.sh makes all three; test.sh exports it);
#                 without it ./build.sh publishes one into artifacts/pkg-bin
#   PKG_VERSION   the package version (default: <Version> of Directory.Build.props)
#   ROOTWRAP_MAINTAINER_EMAIL  the address of the packages' maintainer field
#                 ("rootwrap-native maintainers <ADDRESS>"; default
#                 rootwrap-native@lists.example.org, the project's list)

PKG_NAME=rootwrap-native
MAINTAINER="rootwrap-native maintainers <${ROOTWRAP_MAINTAINER_EMAIL:-rootwrap-native@lists.example.org}>"
case "$MAINTAINER" in *[!A-Za-z0-9\ \<\>@._+-]*) echo "packaging: bad ROOTWRAP_MAINTAINER_EMAIL" >&2; exit 1;; esac
# The services that get a package of their own, switching their entry points over (SPEC 7).
SERVICES=(nova neutron cinder manila ironic designate)
# The helper, the daemon and the auditor: what ./build.sh publishes, side by side.
BINARIES=(rootwrap-native rootwrap-native-daemon rootwrap-audit)
PKG_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$PKG_DIR/.." && pwd)"

die() { echo "packaging: $*" >&2; exit 1; }
# known_service SVC: dies unless SVC is one of SERVICES (a per-service package's name).
known_service() { printf '%s\n' "${SERVICES[@]}" | grep -qx "$1" || die "unknown service '$1' (one of: ${SERVICES[*]})"; }

# The product version, as the binary reports it.
project_version() {
    sed -n 's#.*<Version>\(.*\)</Version>.*#\1#p' "$REPO_DIR/Directory.Build.props" | head -n1
}

# Version of the top entry of packaging/changelog (Debian format, the one changelog).
changelog_version() { dpkg-parsechangelog -l "$PKG_DIR/changelog" -S Version; }

# Reproducible timestamps: the top changelog entry's date.
changelog_epoch() { dpkg-parsechangelog -l "$PKG_DIR/changelog" -S Timestamp; }

# Resolves the version to package and checks the changelog speaks of it. A version other
# than the project's (an upgrade test's rebuild) gets a generated changelog entry.
resolve_version() {
    PKG_VERSION="${PKG_VERSION:-$(project_version)}"
    [ -n "$PKG_VERSION" ] || die "no <Version> in Directory.Build.props"
    if [ -z "${PKG_VERSION_OVERRIDDEN:-}" ] && [ "$PKG_VERSION" != "$(project_version)" ]; then
        PKG_VERSION_OVERRIDDEN=1
    fi
    if [ -z "${PKG_VERSION_OVERRIDDEN:-}" ] && [ "$(changelog_version)" != "$PKG_VERSION" ]; then
        die "packaging/changelog starts at $(changelog_version) but Directory.Build.props says $PKG_VERSION: add a changelog entry"
    fi
    SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(changelog_epoch)}"
    export PKG_VERSION SOURCE_DATE_EPOCH
}

# The changelog to ship, in Debian format, on stdout, signed by $MAINTAINER.
changelog_text() {
    if [ -n "${PKG_VERSION_OVERRIDDEN:-}" ]; then
        printf '%s (%s) unstable; urgency=medium\n\n  * Rebuild of %s as %s.\n\n -- %s  %s\n\n' \
            "$PKG_NAME" "$PKG_VERSION" "$(changelog_version)" "$PKG_VERSION" "$MAINTAINER" \
            "$(LC_ALL=C date -u -R -d "@$SOURCE_DATE_EPOCH")"
    fi
    sed "s/^ -- .*<[^>]*>  / -- $MAINTAINER  /" "$PKG_DIR/changelog"
}

# The RPM %changelog from the Debian changelog, on stdout: "* Day Mon DD YYYY Name <mail> - version-1".
rpm_changelog() {
    changelog_text | awk '
        /^[a-z0-9][a-z0-9.+-]* \(/ { v = $2; gsub(/[()]/, "", v); n = 0; next }
        /^  \* /  { items[++n] = "- " substr($0, 5); next }
        /^    /   { sub(/^    /, "  "); items[++n] = $0; next }
        /^ -- /   {
            line = substr($0, 5); split(line, p, "  "); who = p[1]; split(p[2], d, /[ ,]+/)
            printf "* %s %s %s %s %s - %s-1\n", d[1], d[3], d[2], d[4], who, v
            for (i = 1; i <= n; i++) print items[i]
            print ""
        }'
}

need_tools() {
    local missing=() t
    for t in "$@"; do command -v "$t" >/dev/null || missing+=("$t"); done
    [ ${#missing[@]} -eq 0 ] || die "missing tools: ${missing[*]} (Debian: apt-get install ${missing[*]})"
}

# Sets BIN to the binary to package, publishing it only when none was given.
resolve_binary() {
    if [ -n "${ROOTWRAP_BIN:-}" ]; then
        [ -x "$ROOTWRAP_BIN" ] || die "ROOTWRAP_BIN=$ROOTWRAP_BIN is not an executable"
        BIN="$ROOTWRAP_BIN"
    else
        echo "packaging: no ROOTWRAP_BIN given: publishing with ./build.sh" >&2
        BIN="$("$REPO_DIR/build.sh" "$REPO_DIR/artifacts/pkg-bin" | tail -n1)"
    fi
    BIN="$(readlink -f "$BIN")"
    local name
    for name in "${BINARIES[@]}"; do
        file -b "$(readlink -f "$(dirname "$BIN")/$name")" | grep -q 'ELF 64-bit.*x86-64' \
            || die "$(dirname "$BIN")/$name is not an x86-64 ELF binary"
    done
}

# stage_tree DEST: the installed file tree both packages ship (copyright and changelog
# excepted: each format has its own place for them).
stage_tree() {
    local d="$1" m name sec
    need_tools scdoc gzip objcopy
    install -d -m 0755 "$d/usr/bin" "$d/etc/$PKG_NAME/rootwrap.d" \
        "$d/usr/share/$PKG_NAME/profiles" "$d/usr/share/doc/$PKG_NAME/examples" \
        "$d/usr/share/man/man1" "$d/usr/share/man/man5" "$d/usr/share/man/man8"
    # Three binaries of one program (./build.sh): the helper, the daemon, the auditor.
    for name in "${BINARIES[@]}"; do
        install -m 0755 "$(dirname "$BIN")/$name" "$d/usr/bin/$name"
        # The toolchain's version notes are of no use at run time (dh_strip drops them too).
        objcopy --remove-section=.comment "$d/usr/bin/$name"
    done
    install -m 0644 "$PKG_DIR/etc/rootwrap.conf" "$d/etc/$PKG_NAME/rootwrap.conf"
    install -m 0644 "$PKG_DIR"/../profiles/*.profile "$d/usr/share/$PKG_NAME/profiles/"
    # The hardened policies (docs/isolation.md), each read after its service's profile.
    install -d -m 0755 "$d/usr/share/$PKG_NAME/profiles/hardened"
    install -m 0644 "$PKG_DIR"/../profiles/hardened/*.profile "$d/usr/share/$PKG_NAME/profiles/hardened/"
    install -m 0644 "$PKG_DIR/examples/sudoers" "$PKG_DIR/examples/sudoers-daemon" \
        "$d/usr/share/doc/$PKG_NAME/examples/"
    # Man pages: scdoc sources, generated here; the date comes from SOURCE_DATE_EPOCH.
    for m in "$PKG_DIR"/man/*.scd; do
        name="$(basename "$m" .scd)"           # rootwrap-native.8
        sec="${name##*.}"
        sed "s/@VERSION@/$PKG_VERSION/g" "$m" | scdoc > "$d/usr/share/man/man$sec/$name" \
            || die "scdoc failed on $m"
        gzip -9n "$d/usr/share/man/man$sec/$name"
        chmod 0644 "$d/usr/share/man/man$sec/$name.gz"
    done
}

# service_file SVC TEMPLATE: a packaging/service template for one service, on stdout; a
# line "@INCLUDE FILE@" is replaced by packaging/service/FILE (shell shared by scriptlets).
service_file() {
    awk -v dir="$PKG_DIR/service" -v svc="$1" '
        function put(l) { gsub(/@SVC@/, svc, l); print l }
        /^@INCLUDE [^ ]+@$/ { f = dir "/" substr($2, 1, length($2) - 1); while ((getline l < f) > 0) put(l); close(f); next }
        { put($0) }' "$PKG_DIR/service/$2"
}

# stage_service_tree DEST SVC: what both formats of rootwrap-native-SVC ship (SPEC 7); the
# entry points themselves are the .deb's diverted symlinks and the .rpm's scriptlets.
stage_service_tree() {
    local d="$1" svc="$2"
    install -d -m 0755 "$d/etc/$PKG_NAME/$svc"
    service_file "$svc" rootwrap.conf.in > "$d/etc/$PKG_NAME/$svc/rootwrap.conf"
    chmod 0644 "$d/etc/$PKG_NAME/$svc/rootwrap.conf"
}

# clamp_times DIR: every file dated the changelog's date, so two builds of one version are
# identical. Call it last.
clamp_times() { find "$1" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +; }

# rpmbuild_reproducible SPEC STAGE TOPDIR [RPMBUILD-ARG...]: rpmbuild -bb of SPEC from the
# staged tree, reproducibly. Debian's rpm has no distribution macros: no brp scripts (the
# binaries are stripped, the man pages compressed), and no build-dependency database to
# check against (--nodeps).
rpmbuild_reproducible() {
    local spec="$1" stage="$2" top="$3"; shift 3
    rpmbuild -bb --nodeps "$@" \
        --define "_topdir $top" \
        --define "stagedir $stage" \
        --define "__os_install_post %{nil}" \
        --define "use_source_date_epoch_as_buildtime 1" \
        --define "clamp_mtime_to_source_date_epoch 1" \
        --define "_buildhost rootwrap-native" \
        "$spec"
}
