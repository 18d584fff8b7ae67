#!/usr/bin/env bash
# The per-service packages (SPEC section 7), against Debian's real neutron-common:
#   1. all six build as .deb and .rpm, lintian and rpmlint report no error;
#   1b. an install that fails after preinst (dpkg's abort-install) leaves oslo.rootwrap's
#      entry points in place and no diversion;
#   2. rootwrap-native + rootwrap-native-neutron install: both neutron entry points are
#      diverted to ours, and neutron's unchanged sudoers line now reaches rootwrap-native,
#      per call and through oslo_rootwrap.client's daemon;
#   3. the copy of neutron's filters is checked, refreshed by dpkg-reconfigure, and the
#      hardened policy switches on with its two lines;
#   4. reinstall (upgrade path), remove and purge give oslo.rootwrap back, with no diversion
#      and nothing of ours left.
# Whatever happens the machine is left as found (trap). Run as root by test.sh.
set -uo pipefail
cd "$(dirname "$0")/../.."
[ "$(id -u)" = 0 ] || { echo "85-service-package: must run as root"; exit 1; }

MAIN=rootwrap-native
PKG=rootwrap-native-neutron
USER_=neutron
STOCK=/etc/neutron/rootwrap.conf
OWN=/etc/rootwrap-native/neutron/rootwrap.conf
COPY=/var/lib/rootwrap-native/neutron/rootwrap.d
ENTRIES=(/usr/bin/neutron-rootwrap /usr/bin/neutron-rootwrap-daemon)
if ! dpkg-query -W -f='${db:Status-Status}' neutron-common 2>/dev/null | grep -qx installed \
   || ! grep -q "^neutron ALL = (root) NOPASSWD: /usr/bin/neutron-rootwrap $STOCK \*" /etc/sudoers.d/neutron_sudoers 2>/dev/null; then
    echo "85-service-package: SKIP: needs Debian's neutron-common with its sudoers file"; exit 0
fi
SUITE=85-service-package CHECK_LABEL=service-package
. tests/lib/package-suite.sh
status() { dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null || echo not-installed; }
installed() { [ "$(status "$1")" != not-installed ]; }

# What the machine looks like before: compared again at the end.
snapshot() {
    sha256sum "${ENTRIES[@]}" 2>&1
    dpkg-divert --list | grep -i rootwrap | sort
    find /etc/neutron /etc/sudoers.d -printf '%p %u:%g %m %s\n' 2>/dev/null | sort
    ls -d /etc/rootwrap-native /var/lib/rootwrap-native /usr/share/rootwrap-native /usr/bin/neutron-rootwrap*.oslo 2>/dev/null
}

work="$(mktemp -d)"
cleanup() {
    local p
    for p in "$PKG" rwn-test-obstacle "$MAIN"; do installed "$p" && dpkg_locked --purge "$p" >/dev/null 2>&1; done
    # Should a purge have failed half-way: the diversions and originals put back by hand.
    for p in "${ENTRIES[@]}"; do
        if dpkg-divert --list "$p" | grep -q "by $PKG"; then
            [ -L "$p" ] && rm -f "$p"
            dpkg-divert --package "$PKG" --rename --divert "$p.oslo" --remove "$p" >/dev/null 2>&1
        fi
    done
    rm -rf /var/lib/rootwrap-native/neutron "$work"
    rmdir /var/lib/rootwrap-native 2>/dev/null
    true
}
trap cleanup EXIT

for p in "$PKG" "$MAIN"; do
    if installed "$p"; then
        echo "85-service-package: purging a $p left installed on this machine"
        dpkg_locked --purge "$p" >/dev/null || { echo "85-service-package: cannot purge $p"; exit 1; }
    fi
done
before="$(snapshot)"
oslo_sha="$(sha256sum /usr/bin/neutron-rootwrap | cut -d' ' -f1)"

as_neutron() { (cd / && runuser -u "$USER_" -- sudo -n /usr/bin/neutron-rootwrap "$STOCK" "$@"); }
# "sleep 0<newline>": oslo.rootwrap's \d+ admits it (re.match with a '$' that passes a
# final newline) and sleep runs, to say "invalid time interval" (exit 1); rootwrap-native
# matches the whole argument (H1) and refuses it: 99.
probe() { as_neutron sleep $'0\n' 2>&1 >/dev/null; }
oslo_answers() { local err rc; err="$(probe)"; rc=$?; [ "$rc" = 1 ] && grep -q "sleep: invalid time interval" <<<"$err"; }

check "before: oslo.rootwrap answers neutron's sudo line (sleep ran: 'invalid time interval', exit 1)" oslo_answers

# --- 1. Build and lint.
deb_main="$(packaging/deb/build.sh "$work/out" | tail -n1)"
mapfile -t debs < <(packaging/deb/build-service.sh "$work/out")
check "six service .debs build" test "${#debs[@]}" = 6
lrc=0
lintian_out="$(lintian --display-info --fail-on error,warning "${debs[@]}" 2>&1)" || lrc=$?
printf '%s\n' "$lintian_out" | grep -v "running with root privileges" | sed 's/^/   lintian: /'
check "lintian: no error, no warning on the service .debs" test "$lrc" = 0
mapfile -t rpms < <(packaging/rpm/build-service.sh "$work/out")
check "six service .rpms build" test "${#rpms[@]}" = 6
rrc=0
rpmlint_out="$(rpmlint -c packaging/rpm/rpmlint.toml "${rpms[@]}" 2>&1)" || rrc=$?
printf '%s\n' "$rpmlint_out" | grep -E ": E:|packages and" | sed 's/^/   rpmlint: /'
check "rpmlint: no error on the service .rpms" test "$rrc" = 0
rpmf="$work/out/$PKG-$VERSION-1.noarch.rpm"
rpm_list="$(rpm -qpl "$rpmf" 2>/dev/null)"; rpm_scripts="$(rpm -qp --scripts --filetriggers "$rpmf" 2>/dev/null)"
check "rpm: holds its configuration (as config) and the .oslo originals (as ghosts)" \
    bash -c "[ \"\$(rpm -qpc '$rpmf')\" = $OWN ] && grep -qx /usr/bin/neutron-rootwrap.oslo <<<'$rpm_list' && grep -qx /usr/bin/neutron-rootwrap-daemon.oslo <<<'$rpm_list' && ! grep -qx /usr/bin/neutron-rootwrap <<<'$rpm_list'"
check "rpm: requires rootwrap-native of its version" bash -c "rpm -qpR '$rpmf' | grep -qx 'rootwrap-native = $VERSION-1'"
check "rpm: %post moves the entry points aside, file triggers redo it and refresh the copy, %preun restores" \
    bash -c "grep -q 'switch_entry /usr/bin/neutron-rootwrap rootwrap-native\$' <<<\"\$0\" && grep -q 'filetriggerin.*/usr/bin/neutron-rootwrap' <<<\"\$0\" && grep -q 'filetriggerin.*/etc/neutron/rootwrap.d' <<<\"\$0\" && grep -q 'restore_entry /usr/bin/neutron-rootwrap-daemon' <<<\"\$0\"" "$rpm_scripts"
check "maintainer field from ROOTWRAP_MAINTAINER_EMAIL" bash -c \
    "[ \"\$(dpkg-deb -f \"\$(ROOTWRAP_MAINTAINER_EMAIL=ops@example.net packaging/deb/build-service.sh '$work/m' nova)\" Maintainer)\" = 'rootwrap-native maintainers <ops@example.net>' ]"
check "service .deb depends on rootwrap-native (= $VERSION)" \
    test "$(dpkg-deb -f "$work/out/${PKG}_${VERSION}_all.deb" Depends)" = "rootwrap-native (= $VERSION)"

# --- 1b. An install whose unpack fails after preinst diverted the entry points (a file
# another package owns): dpkg runs postrm abort-install, which must give oslo.rootwrap its
# entry points back.
OBSTACLE=rwn-test-obstacle
mkdir -p "$work/obstacle/DEBIAN" "$work/obstacle/usr/share/lintian/overrides"
printf 'Package: %s\nVersion: 1\nArchitecture: all\nMaintainer: rootwrap-native maintainers <test@invalid>\nDescription: test package owning a file of %s\n' \
    "$OBSTACLE" "$PKG" > "$work/obstacle/DEBIAN/control"
echo in-the-way > "$work/obstacle/usr/share/lintian/overrides/$PKG"
if dpkg-deb --root-owner-group --build "$work/obstacle" "$work/obstacle.deb" >/dev/null && dpkg_locked -i "$deb_main" "$work/obstacle.deb" >/dev/null; then
    if err="$(dpkg_locked -i "$work/out/${PKG}_${VERSION}_all.deb" 2>&1 >/dev/null)"; then
        fail "an install over a file of $OBSTACLE succeeded"
    else
        check "failed install (abort-install: $(grep -o 'trying to overwrite[^,]*' <<<"$err")): $PKG not installed, no diversion, oslo.rootwrap's entry points in place" bash -c \
            "[ \"\$(dpkg-query -W -f='\${db:Status-Status}' $PKG 2>/dev/null || echo not-installed)\" = not-installed ] && ! dpkg-divert --list | grep -q 'by $PKG' && [ ! -L /usr/bin/neutron-rootwrap ] && [ \$(sha256sum < /usr/bin/neutron-rootwrap | cut -d' ' -f1) = $oslo_sha ] && [ ! -e /usr/bin/neutron-rootwrap.oslo ] && [ ! -e /usr/bin/neutron-rootwrap-daemon.oslo ]"
        check "after the failed install: oslo.rootwrap answers (sleep ran: 'invalid time interval', exit 1)" oslo_answers
    fi
else fail "dpkg -i rootwrap-native and $OBSTACLE"; fi
installed "$PKG" && dpkg_locked --purge "$PKG" >/dev/null 2>&1
installed "$OBSTACLE" && dpkg_locked --purge "$OBSTACLE" >/dev/null 2>&1

# --- 2. Install and use it as neutron does.
if ! dpkg_locked -i "$deb_main" "$work/out/${PKG}_${VERSION}_all.deb" >/dev/null; then
    fail "dpkg -i rootwrap-native and $PKG"; echo "85-service-package: $npass PASS, $nfail FAIL"; exit 1
fi
check "installed: $MAIN and $PKG" test "$(status "$MAIN")/$(status "$PKG")" = installed/installed
for e in "${ENTRIES[@]}"; do
    check "$e diverted to $e.oslo by $PKG" bash -c "dpkg-divert --list '$e' | grep -qx 'diversion of $e to $e.oslo by $PKG'"
done
check "/usr/bin/neutron-rootwrap is rootwrap-native, the original beside it" \
    test "$(readlink -f /usr/bin/neutron-rootwrap)" = /usr/bin/rootwrap-native -a "$(sha256sum < /usr/bin/neutron-rootwrap.oslo | cut -d' ' -f1)" = "$oslo_sha"
check "/usr/bin/neutron-rootwrap-daemon is rootwrap-native-daemon" test "$(readlink -f /usr/bin/neutron-rootwrap-daemon)" = /usr/bin/rootwrap-native-daemon
check "the copy of neutron's filters is root's and the same" bash -c "[ \"\$(stat -c %U:%a $COPY)\" = root:755 ] && diff -r /etc/neutron/rootwrap.d $COPY"
check "sudoers untouched" test "$(grep -c neutron-rootwrap /etc/sudoers.d/neutron_sudoers)" = 2

out="$(as_neutron ip link show lo 2>&1)"; rc=$?
check "neutron's sudo line: 'ip link show lo' runs (exit $rc)" bash -c "[ $rc = 0 ] && grep -q LOOPBACK <<<\"\$0\"" "$out"
err="$(probe)"; rc=$?
check "neutron's sudo line: rootwrap-native answers ('sleep 0\\n' refused, exit $rc: $err)" \
    test "$rc" = 99 -a "$err" = "/usr/bin/neutron-rootwrap: Unauthorized command: sleep 0
 (no filter matched)"
err="$(cd / && runuser -u "$USER_" -- sudo -n /usr/bin/neutron-rootwrap.oslo "$STOCK" id 2>&1)"; rc=$?
check "the original is not in neutron's sudo line (exit $rc)" test "$rc" != 0
err="$(/usr/bin/rootwrap-native "$STOCK" id 2>&1)"; rc=$?
check "the stock configuration by another name is still refused (H5, exit $rc)" test "$rc" = 97

cat > "$work/client.py" <<'PY'
import sys
from oslo_rootwrap import client
c = client.Client(["sudo", "-n", "/usr/bin/neutron-rootwrap-daemon", "/etc/neutron/rootwrap.conf"])
rc, out, err = c.execute(["ip", "link", "show", "lo"])
rc2, _, err2 = c.execute(["sleep", "0\n"])
print(rc, "LOOPBACK" in out, rc2, err2.strip().replace("\n", "\\n"))
PY
chmod 0644 "$work/client.py"; chmod 0755 "$work"
out="$(cd / && timeout 60 runuser -u "$USER_" -- python3 "$work/client.py" 2>&1)"; rc=$?
check "oslo_rootwrap.client through neutron's daemon sudo line: ip runs, 'sleep 0\\n' is ours to refuse ($out)" \
    test "$rc" = 0 -a "$out" = "0 True 99 /usr/bin/neutron-rootwrap-daemon: Unauthorized command: sleep 0\\n (no filter matched)"

# --- 3. The copy is checked and refreshed; the hardened switch.
printf '# stale\n' >> "$COPY/rootwrap.filters"
err="$(as_neutron ip link show lo 2>&1 >/dev/null)"; rc=$?
check "a copy that differs from neutron's file refuses everything (exit $rc: $err)" \
    bash -c "[ $rc = 97 ] && grep -q \"not the same as /etc/neutron/rootwrap.d/rootwrap.filters: refresh it with 'dpkg-reconfigure rootwrap-native-neutron'\" <<<\"\$0\"" "$err"
DEBIAN_FRONTEND=noninteractive dpkg-reconfigure "$PKG" >/dev/null 2>&1
check "dpkg-reconfigure $PKG refreshes it" bash -c "diff -r /etc/neutron/rootwrap.d $COPY >/dev/null && cd / && runuser -u $USER_ -- sudo -n /usr/bin/neutron-rootwrap $STOCK ip link show lo >/dev/null"
# The trigger a package's change of /etc/neutron/rootwrap.d activates, activated by hand.
printf '# stale\n' >> "$COPY/rootwrap.filters"
dpkg-trigger --no-await /etc/neutron/rootwrap.d && dpkg_locked --triggers-only "$PKG" >/dev/null
check "the dpkg trigger on /etc/neutron/rootwrap.d refreshes the copy" diff -r /etc/neutron/rootwrap.d "$COPY"
cp -p "$OWN" "$work/own.conf"
sed -i -e 's/^#capability_profiles=/capability_profiles=/' -e 's/^#undeclared_capabilities=deny/undeclared_capabilities=deny/' "$OWN"
status="$(as_neutron ip link show lo 2>&1)"; rc=$?
check "hardened switch on: ip still runs (exit $rc)" test "$rc" = 0
err="$(as_neutron dnsmasq --version 2>&1 >/dev/null)"; rc=$?
echo "   hardened dnsmasq --version: exit $rc: $err"
cp -p "$work/own.conf" "$OWN"

# --- 4. Reinstall (preinst upgrade), remove, purge.
if dpkg_locked -i "$work/out/${PKG}_${VERSION}_all.deb" >/dev/null; then
    check "reinstall: still diverted once, still ours" bash -c "[ \$(dpkg-divert --list | grep -c 'by $PKG') = 2 ] && [ \$(readlink -f /usr/bin/neutron-rootwrap) = /usr/bin/rootwrap-native ]"
else fail "reinstall of $PKG"; fi
if dpkg_locked -r "$PKG" >/dev/null; then
    check "remove: oslo.rootwrap's entry points back, no diversion, no copy" bash -c \
        "[ ! -L /usr/bin/neutron-rootwrap ] && [ \$(sha256sum < /usr/bin/neutron-rootwrap | cut -d' ' -f1) = $oslo_sha ] && ! dpkg-divert --list | grep -q rootwrap && [ ! -e /usr/bin/neutron-rootwrap.oslo ] && [ ! -e $COPY ]"
    check "remove: the conffile stays until purge" test -f "$OWN"
    check "after remove: oslo.rootwrap answers again (sleep ran: 'invalid time interval', exit 1)" oslo_answers
else fail "dpkg -r $PKG"; fi
dpkg_locked --purge "$PKG" >/dev/null || fail "dpkg --purge $PKG"
dpkg_locked --purge "$MAIN" >/dev/null || fail "dpkg --purge $MAIN"
check "purged: neither package known to dpkg" test "$(status "$PKG")/$(status "$MAIN")" = not-installed/not-installed
after="$(snapshot)"
if [ "$before" = "$after" ]; then pass "the machine is as found: entry points, diversions, /etc/neutron, sudoers, nothing of ours"
else fail "the machine differs from before:"; diff <(echo "$before") <(echo "$after") | sed 's/^/   /'; fi
check "after purge: oslo.rootwrap answers (sleep ran: 'invalid time interval', exit 1)" oslo_answers

echo "85-service-package: $npass PASS, $nfail FAIL"
[ "$nfail" = 0 ]
