#!/usr/bin/env bash
# The real-neutron suite's set-up (tests/suites.d/70-neutron.sh), idempotent:
#   1. Debian's neutron agent code and the programs its agents drive (no service started);
#   2. root-owned copies of Debian's neutron rootwrap configuration under
#      $ROOTWRAP_TEST_ROOT/neutron/VARIANT/, one folder per variant:
#        plain    Debian's rootwrap.conf and rootwrap.d, only their paths moved into the copy
#        profile  the same plus capability_profiles = profiles/neutron.profile (copied)
#        hardened the same plus profiles/hardened/neutron.profile and undeclared_capabilities
#                 = deny: the shipped policy with its two deployment roots moved to this
#                 run's, its only edit: /etc/neutron/ (which a hardened node keeps root's)
#                 to the variant's root-owned etc/, where the suite writes each run's agent
#                 configuration as root, and /var/lib/neutron (neutron's state_path) to the
#                 suite's per-run state folders /tmp/rwn-neutron.XXXXXX
#        NAME     one more per tests/neutron/NAME.profile (the hook for later variants: drop
#                 a profile file there; its lines '# rootwrap.conf: KEY = VALUE' are added
#                 to that variant's [DEFAULT]);
#   3. the driver (tests/neutron/drive.py), where the neutron account can read it;
#   4. a sudoers entry: neutron may run this checkout's helper and daemon with those
#      configurations, and Debian's neutron-rootwrap (the reference) with its own.
set -euo pipefail
: "${ROOTWRAP_TEST_ROOT:?}"
cd "$(dirname "$0")/../.."
export DEBIAN_FRONTEND=noninteractive

# --- 1. Packages. The agents' programs: dnsmasq and dhcp_release (DHCP), haproxy (metadata
# proxy), radvd, keepalived (HA routers), arping (gratuitous ARP), ipset, conntrack, iptables,
# dibbler-client (prefix delegation) and dibbler-server (the delegating router of the test).
PKGS=(python3-neutron neutron-common python3-oslo.privsep dnsmasq-base dnsmasq-utils haproxy
      keepalived radvd iputils-arping ipset conntrack iptables iproute2 sudo dibbler-client
      dibbler-server)
missing=()
for p in "${PKGS[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "60-neutron: installing ${missing[*]}"
    # Some of these packages start their service from postinst: policy-rc.d says no.
    guard=""
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
        chmod 0755 /usr/sbin/policy-rc.d
        guard=1
    fi
    rc=0
    { apt-get -o DPkg::Lock::Timeout=600 update -qq &&
      apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; } || rc=$?
    [ -n "$guard" ] && rm -f /usr/sbin/policy-rc.d
    [ "$rc" = 0 ] || { echo "60-neutron: apt-get failed ($rc)" >&2; exit "$rc"; }
fi
# The services the packages ship stay stopped: the suite starts its own processes, in
# its own network namespaces.
id neutron >/dev/null 2>&1 || useradd --system --home-dir /var/lib/neutron --shell /bin/false neutron
[ -f /etc/neutron/rootwrap.conf ] && [ -d /etc/neutron/rootwrap.d ] \
    || { echo "60-neutron: /etc/neutron/rootwrap.conf or rootwrap.d missing (neutron-common)" >&2; exit 1; }

# --- 2. Configuration variants. Debian's /etc/neutron is neutron's (0770): the helper's H5
# refuses any configuration reached through it, so the copies live in root-owned 0755
# folders all the way up. rootwrap.conf keeps Debian's text; only paths into /etc/neutron
# move into the copy (filters_path, and exec_dirs' kill_scripts, an absent folder
# neutron could create there).
BASE="$ROOTWRAP_TEST_ROOT/neutron"
install -d -m 0755 -o root -g root "$ROOTWRAP_TEST_ROOT" "$BASE"
variants=(plain profile hardened)
for f in tests/neutron/*.profile; do
    [ -e "$f" ] || continue
    n="$(basename "$f" .profile)"
    case "$n" in plain|profile|hardened|reference) echo "60-neutron: $f: reserved variant name" >&2; exit 1;; esac
    [[ "$n" =~ ^[A-Za-z0-9_-]+$ ]] || { echo "60-neutron: $f: bad variant name" >&2; exit 1; }
    variants+=("$n")
done
# Variants of an earlier run whose profile is gone.
for d in "$BASE"/*/; do
    [ -d "$d" ] || continue
    n="$(basename "$d")"
    keep=""
    for v in "${variants[@]}"; do [ "$v" = "$n" ] && keep=1; done
    [ -n "$keep" ] || rm -rf "$d"
done

make_variant() { # NAME [PROFILE-FILE]
    local prof="${2:-}" dir="$BASE/$1" tmp
    tmp="$(mktemp -d "$BASE/.new.XXXXXX")"
    install -d -m 0755 -o root -g root "$tmp/rootwrap.d"
    for f in /etc/neutron/rootwrap.d/*; do
        [ -f "$f" ] && install -m 0644 -o root -g root "$f" "$tmp/rootwrap.d/"
    done
    sed -e "s#^\(filters_path *= *\)/etc/neutron/rootwrap.d#\1$dir/rootwrap.d#" \
        -e "/^exec_dirs/s#/etc/neutron/kill_scripts#$dir/kill_scripts#" \
        /etc/neutron/rootwrap.conf > "$tmp/rootwrap.conf"
    if [ -n "$prof" ]; then
        install -m 0644 -o root -g root "$prof" "$tmp/neutron.profile"
        {
            echo ""
            echo "# rootwrap-native: each filter keeps only what this profile declares"
            echo "capability_profiles = $dir/neutron.profile"
            sed -n 's/^# rootwrap.conf: *//p' "$prof"
        } > "$tmp/extra"
        # Into [DEFAULT], Debian's only section.
        cat "$tmp/extra" >> "$tmp/rootwrap.conf"
        rm -f "$tmp/extra"
    fi
    grep -q "^filters_path *= *$dir/rootwrap.d" "$tmp/rootwrap.conf" \
        || { echo "60-neutron: could not move filters_path into $dir" >&2; exit 1; }
    chown root:root "$tmp/rootwrap.conf"; chmod 0644 "$tmp/rootwrap.conf"
    chmod 0755 "$tmp"
    rm -rf "$dir"
    mv "$tmp" "$dir"
}
make_variant plain
make_variant profile profiles/neutron.profile
hardened_variant() {
    local dir="$BASE/hardened" etc
    make_variant hardened profiles/neutron.profile
    etc="$dir/etc"
    install -d -m 0755 -o root -g root "$etc"
    sed -e "s#/etc/neutron/#$etc/#g" -e 's#/var/lib/neutron#/tmp/rwn-neutron\\.[A-Za-z0-9]+#g' \
        profiles/hardened/neutron.profile > "$dir/hardened-neutron.profile"
    grep -q "trusted:$etc/" "$dir/hardened-neutron.profile" && ! grep -v "^#" "$dir/hardened-neutron.profile" | grep -q "/var/lib/neutron\|/etc/neutron" \
        || { echo "60-neutron: could not move the hardened policy's roots" >&2; exit 1; }
    chown root:root "$dir/hardened-neutron.profile"; chmod 0644 "$dir/hardened-neutron.profile"
    sed -i -e "s#^capability_profiles = .*#capability_profiles = $dir/neutron.profile, $dir/hardened-neutron.profile#" "$dir/rootwrap.conf"
    echo "undeclared_capabilities = deny" >> "$dir/rootwrap.conf"
}
hardened_variant
for v in "${variants[@]:3}"; do make_variant "$v" "tests/neutron/$v.profile"; done

# --- 3. The driver, readable by neutron even when the checkout is not.
install -m 0644 -o root -g root tests/neutron/drive.py "$BASE/drive.py"

# --- 4. sudoers: one line per configuration, as a distribution ships one per service.
S="/etc/sudoers.d/rwn-$(basename "$ROOTWRAP_TEST_ROOT")-neutron"
tmp="$(mktemp)"
trap 'rm -f "$tmp"' EXIT
{
    echo "# rootwrap-native real-neutron suite ($ROOTWRAP_TEST_ROOT, tests/setup.d/60-neutron.sh)"
    echo "Defaults:neutron !requiretty"
    for v in "${variants[@]}"; do
        echo "neutron ALL = (root) NOPASSWD: $ROOTWRAP_TEST_ROOT/bin/rootwrap-native $BASE/$v/rootwrap.conf *"
        echo "neutron ALL = (root) NOPASSWD: $ROOTWRAP_TEST_ROOT/bin/rootwrap-native-daemon $BASE/$v/rootwrap.conf"
    done
    # The reference, as Debian's neutron-common ships it (/etc/sudoers.d/neutron_sudoers).
    echo "neutron ALL = (root) NOPASSWD: /usr/bin/neutron-rootwrap /etc/neutron/rootwrap.conf *"
    echo "neutron ALL = (root) NOPASSWD: /usr/bin/neutron-rootwrap-daemon /etc/neutron/rootwrap.conf"
} > "$tmp"
visudo -cqf "$tmp"
install -m 0440 -o root -g root "$tmp" "$S"
echo "60-neutron: variants ${variants[*]} under $BASE"
