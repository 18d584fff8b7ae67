#!/usr/bin/env bash
# The distribution packages, built and used (SPEC section 7):
#   1. every capability profile loads against its service's Debian filter files;
#   2. the .deb and the .rpm build, lintian and rpmlint report no error;
#   3. the .deb installs, and the installed /usr/bin/rootwrap-native works through sudo
#      for an unprivileged service user, with the packaged sudoers example;
#   4. an upgrade keeps a locally edited conffile;
#   5. a purge leaves nothing of the package behind.
# Run as root by test.sh (ROOTWRAP_BIN, ROOTWRAP_CORPUS exported; users from setup.d).
set -uo pipefail
cd "$(dirname "$0")/../.."
[ "$(id -u)" = 0 ] || { echo "80-package: must run as root"; exit 1; }

PKG=rootwrap-native
CONF_DIR=/etc/rootwrap-native-test
SUDOERS=/etc/sudoers.d/rootwrap-native-pkgtest
SVC_USER=rwsvc
SERVICES=(nova neutron cinder manila ironic designate)
SUITE=80-package CHECK_LABEL=package
# ROOTWRAP_BIN, VERSION, pass/fail/check; dpkg, waiting for the lock while another apt/dpkg
# on the machine holds it (dpkg_locked).
. tests/lib/package-suite.sh
ROOTWRAP_CORPUS="${ROOTWRAP_CORPUS:-$(tests/corpus/fetch.sh)}"

work="$(mktemp -d)"
installed_by_us=""
cleanup() {
    rm -f "$SUDOERS"
    rm -rf "$CONF_DIR" "$work"
    if [ -n "$installed_by_us" ] && dpkg-query -W -f='${Status}' "$PKG" 2>/dev/null | grep -qv "not-installed"; then
        dpkg_locked --purge "$PKG" >/dev/null 2>&1 || true
    fi
}
trap cleanup EXIT


pkg_status() { dpkg-query -W -f='${db:Status-Status}' "$PKG" 2>/dev/null || echo not-installed; }

# A leftover of an interrupted run would make the install test an upgrade test.
if [ "$(pkg_status)" != not-installed ]; then
    echo "80-package: purging a $PKG left installed on this machine"
    dpkg_locked --purge "$PKG" >/dev/null || { echo "80-package: cannot purge the installed $PKG"; exit 1; }
fi

# --- 1. Profiles load: a config with the service's filters and its profile must not be 97.
# (The helper checks, as root, that every file is root's and not group/other-writable.)
profiles_load() {     # DIR: where the .profile files are
    local dir="$1" s conf rc err
    for s in "${SERVICES[@]}"; do
        conf="$work/profile-$s.conf"
        printf '[DEFAULT]\nfilters_path=%s\nexec_dirs=/sbin,/usr/sbin,/bin,/usr/bin\ncapability_profiles=%s\n' \
            "$ROOTWRAP_CORPUS/$s/rootwrap.d" "$dir/$s.profile" > "$conf"
        rc=0; err="$("$2" "$conf" rootwrap-native-test-unmatched 2>&1 >/dev/null)" || rc=$?
        if [ "$rc" = 99 ]; then pass "$s.profile loads ($3)"
        else fail "$s.profile loads ($3): exit $rc, want 99: $err"; fi
    done
}
profiles_load "$PWD/profiles" "$ROOTWRAP_BIN" "source"

echo "-- profiles/regen.sh (informational: differences are for review)"
ROOTWRAP_AUDIT="$(dirname "$ROOTWRAP_BIN")/rootwrap-audit" profiles/regen.sh "$ROOTWRAP_CORPUS" | sed 's/^/   /' || true

# --- 2. Build and lint both packages.
deb="$(packaging/deb/build.sh "$work/out" | tail -n1)"
check "deb builds: $(basename "${deb:-none}")" test -f "$work/out/${PKG}_${VERSION}_amd64.deb"

lintian_out="$(lintian --display-info --fail-on error,warning "$deb" 2>&1)"; lrc=$?
printf '%s\n' "$lintian_out" | grep -v "running with root privileges" | sed 's/^/   lintian: /'
check "lintian: no error, no warning" test "$lrc" = 0

rpmf="$(packaging/rpm/build.sh "$work/out" | tail -n1)"
check "rpm builds: $(basename "${rpmf:-none}")" test -f "$work/out/${PKG}-${VERSION}-1.x86_64.rpm"
rpmlint_out="$(rpmlint -c packaging/rpm/rpmlint.toml "$rpmf" 2>&1)"; rrc=$?
printf '%s\n' "$rpmlint_out" | grep -E "^$PKG|packages and" | sed 's/^/   rpmlint: /'
check "rpmlint: no error" test "$rrc" = 0
rpm_files="$(rpm -qpl "$rpmf" 2>/dev/null)"
printf '%s\n' "$rpm_files" | sed 's/^/   rpm -qpl: /'
rpm_ok=1
for f in /usr/bin/rootwrap-native /usr/bin/rootwrap-native-daemon /usr/bin/rootwrap-audit \
         /etc/rootwrap-native/rootwrap.conf /usr/share/man/man8/rootwrap-native.8.gz \
         /usr/share/man/man5/rootwrap.conf.5.gz /usr/share/doc/rootwrap-native/examples/sudoers; do
    grep -qx "$f" <<<"$rpm_files" || { rpm_ok=0; echo "   rpm lacks $f"; }
done
for s in "${SERVICES[@]}"; do
    grep -qx "/usr/share/rootwrap-native/profiles/$s.profile" <<<"$rpm_files" || { rpm_ok=0; echo "   rpm lacks $s.profile"; }
done
check "rpm holds the binary, entry points, man pages, profiles, sudoers examples" test "$rpm_ok" = 1
check "rpm marks rootwrap.conf as a config file" \
    test "$(rpm -qpc "$rpmf" 2>/dev/null)" = /etc/rootwrap-native/rootwrap.conf

# --- 3. Install, and use it the way a service does.
if ! dpkg_locked -i "$deb" >/dev/null; then
    fail "dpkg -i $(basename "$deb")"
    echo "80-package: $npass PASS, $nfail FAIL"; exit 1
fi
installed_by_us=1
check "dpkg -i: installed" test "$(pkg_status)" = installed
files_before="$(dpkg -L "$PKG")"
check "three binaries in /usr/bin" test -x /usr/bin/rootwrap-native -a ! -L /usr/bin/rootwrap-native-daemon -a -x /usr/bin/rootwrap-native-daemon -a ! -L /usr/bin/rootwrap-audit -a -x /usr/bin/rootwrap-audit
check "man pages found by man" bash -c 'for p in "8 rootwrap-native" "8 rootwrap-native-daemon" "1 rootwrap-audit" "5 rootwrap.conf"; do man -w $p >/dev/null 2>&1 || exit 1; done'
check "rootwrap.conf is a conffile" bash -c "dpkg-query -W -f='\${Conffiles}' $PKG | grep -q ' /etc/rootwrap-native/rootwrap.conf '"

profiles_load /usr/share/rootwrap-native/profiles /usr/bin/rootwrap-native "installed"
for s in neutron nova ironic designate cinder manila; do
    check "hardened/$s.profile installed" test -f "/usr/share/rootwrap-native/profiles/hardened/$s.profile"
done
# A declared filter runs under its profile: neutron's `sleep` keeps nothing and still runs.
printf '[DEFAULT]\nfilters_path=%s\nexec_dirs=/bin,/usr/bin\ncapability_profiles=/usr/share/rootwrap-native/profiles/neutron.profile\nundeclared_capabilities=deny\n' \
    "$ROOTWRAP_CORPUS/neutron/rootwrap.d" > "$work/neutron.conf"
check "neutron.profile: 'sleep 0' runs with its declaration" /usr/bin/rootwrap-native "$work/neutron.conf" sleep 0

# The test configuration: root's, as the helper demands.
install -d -m 0755 -o root -g root "$CONF_DIR" "$CONF_DIR/filters.d"
cat > "$CONF_DIR/rootwrap.conf" <<EOF
[DEFAULT]
filters_path=$CONF_DIR/filters.d
exec_dirs=/usr/sbin,/usr/bin,/sbin,/bin
EOF
cat > "$CONF_DIR/filters.d/pkgtest.filters" <<'EOF'
[Filters]
id: CommandFilter, id, root
status: RegExpFilter, cat, root, cat, /proc/self/status
exit: RegExpFilter, sh, root, sh, -c, exit [0-9]+

[Capabilities]
status: CAP_NET_ADMIN, CAP_NET_RAW
exit:
EOF
chmod 0644 "$CONF_DIR/rootwrap.conf" "$CONF_DIR/filters.d/pkgtest.filters"

# The sudoers entry: the packaged example's nova line, for the test user and config.
example=/usr/share/doc/rootwrap-native/examples/sudoers
line="$(grep -m1 '^nova ' "$example" | sed -e "s/^nova /$SVC_USER /" -e "s#/etc/nova/rootwrap.conf#$CONF_DIR/rootwrap.conf#")"
printf '# rootwrap-native package test: %s\n%s\n' "$example" "$line" > "$work/sudoers"
if visudo -cqf "$work/sudoers" && grep -q "/usr/bin/rootwrap-native $CONF_DIR/rootwrap.conf \*" "$work/sudoers"; then
    install -m 0440 -o root -g root "$work/sudoers" "$SUDOERS"
    pass "sudoers entry from the packaged example: $line"
else
    fail "sudoers entry from the packaged example: '$line'"
fi
daemon_line="$(grep -m1 '^neutron ' /usr/share/doc/rootwrap-native/examples/sudoers-daemon)"
printf '%s\n' "$daemon_line" > "$work/sudoers-daemon"
check "daemon sudoers example parses: $daemon_line" visudo -cqf "$work/sudoers-daemon"

as_svc() { runuser -u "$SVC_USER" -- sudo -n /usr/bin/rootwrap-native "$@"; }

out="$(as_svc "$CONF_DIR/rootwrap.conf" id -u 2>&1)"; rc=$?
check "through sudo as $SVC_USER: 'id -u' prints 0, exit 0 (got '$out', $rc)" test "$out" = 0 -a "$rc" = 0

as_svc "$CONF_DIR/rootwrap.conf" sh -c "exit 7" >/dev/null 2>&1; rc=$?
check "through sudo: the command's exit status comes back (sh -c 'exit 7': $rc)" test "$rc" = 7

err="$(as_svc "$CONF_DIR/rootwrap.conf" cat /etc/shadow 2>&1 >/dev/null)"; rc=$?
check "through sudo: unmatched 'cat /etc/shadow' is 99 (got $rc: $err)" \
    test "$rc" = 99 -a "$err" = "/usr/bin/rootwrap-native: Unauthorized command: cat /etc/shadow (no filter matched)"

status="$(as_svc "$CONF_DIR/rootwrap.conf" cat /proc/self/status 2>&1)"; rc=$?
field() { awk -v k="$1:" '$1 == k { print $2 }' <<<"$status"; }
want=0000000000003000   # CAP_NET_ADMIN (12) + CAP_NET_RAW (13)
echo "   status: Uid $(field Uid) CapEff $(field CapEff) CapPrm $(field CapPrm) CapBnd $(field CapBnd) CapAmb $(field CapAmb) NoNewPrivs $(field NoNewPrivs)"
check "through sudo: declared CAP_NET_ADMIN, CAP_NET_RAW is what the kernel shows" \
    test "$rc" = 0 -a "$(field Uid)" = 0 -a "$(field CapEff)" = "$want" -a "$(field CapPrm)" = "$want" \
         -a "$(field CapBnd)" = "$want" -a "$(field CapAmb)" = 0000000000000000 -a "$(field NoNewPrivs)" = 1

# Under a service's own helper name (nova-rootwrap, as the sudoers example's diversion
# does it) the binary is the per-call helper and speaks in that name.
install -d -m 0755 "$work/bin" && ln -s /usr/bin/rootwrap-native "$work/bin/nova-rootwrap"
err="$("$work/bin/nova-rootwrap" "$CONF_DIR/rootwrap.conf" cat /etc/shadow 2>&1 >/dev/null)"; rc=$?
check "as nova-rootwrap: the helper (exit $rc: $err)" \
    test "$rc" = 99 -a "$err" = "$work/bin/nova-rootwrap: Unauthorized command: cat /etc/shadow (no filter matched)"

runuser -u "$SVC_USER" -- sudo -n /usr/bin/rootwrap-native /etc/rootwrap-native/rootwrap.conf id -u >/dev/null 2>&1; rc=$?
check "sudo refuses $SVC_USER another configuration (exit $rc)" test "$rc" != 0

# --- 4. Upgrade over this build keeps the locally edited conffile.
mark="# edited locally $(date +%s)"
printf '%s\n' "$mark" >> /etc/rootwrap-native/rootwrap.conf
up="$(PKG_VERSION="$VERSION+pkgtest1" packaging/deb/build.sh "$work/up" | tail -n1)"
if [ -f "$up" ] && dpkg_locked -i "$up" >/dev/null; then
    check "upgrade to $VERSION+pkgtest1 installed" test "$(dpkg-query -W -f='${Version}' "$PKG")" = "$VERSION+pkgtest1"
    check "upgrade kept the edited conffile" grep -qxF "$mark" /etc/rootwrap-native/rootwrap.conf
    check "upgrade left no .dpkg-* copies" bash -c '! ls /etc/rootwrap-native/rootwrap.conf.dpkg-* >/dev/null 2>&1'
    out="$(as_svc "$CONF_DIR/rootwrap.conf" id -u 2>&1)"
    check "after the upgrade: 'id -u' through sudo prints 0" test "$out" = 0
else
    fail "upgrade: build or dpkg -i of $VERSION+pkgtest1"
fi

# --- 5. Purge: nothing of the package is left.
files_after_upgrade="$(dpkg -L "$PKG")"
if dpkg_locked --purge "$PKG" >/dev/null; then
    installed_by_us=""
    check "dpkg --purge: no trace in dpkg's database" test "$(pkg_status)" = not-installed
    left=()
    while read -r p; do
        [ -n "$p" ] || continue
        if [ -L "$p" ] || [ -f "$p" ]; then left+=("$p"); fi
    done < <(printf '%s\n%s\n' "$files_before" "$files_after_upgrade" | sort -u)
    for d in /etc/rootwrap-native /usr/share/rootwrap-native /usr/share/doc/rootwrap-native; do
        [ -e "$d" ] && left+=("$d")
    done
    check "purge left nothing behind${left[*]:+: ${left[*]}}" test ${#left[@]} = 0
else
    fail "dpkg --purge $PKG"
fi

echo "80-package: $npass PASS, $nfail FAIL"
[ "$nfail" = 0 ]
