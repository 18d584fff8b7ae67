#!/usr/bin/env bash
# The daemon's end-to-end set-up (idempotent): root-owned configurations under
# $ROOTWRAP_TEST_ROOT/daemon/ and a sudoers entry that lets the service user rwsvc start
# rootwrap-native-daemon with the test configuration, as a service's sudoers entry would.
set -euo pipefail
: "${ROOTWRAP_TEST_ROOT:?}"
cd "$(dirname "$0")/../.."
D="$ROOTWRAP_TEST_ROOT/daemon"
install -d -m 0755 -o root -g root "$D" "$D/filters.d"

cat > "$D/filters.d/daemon.filters.new" <<'FILTERS'
# Filters for tests/daemon/cases.py. First match wins: the specific ones come first.
[Filters]
# /proc/self/status three ways: declared capabilities (a plan thread), undeclared
# (the reference's full root, direct path), and run as another user (a plan thread)
status_caps: RegExpFilter, cat, root, cat, /proc/self/status
status_plain: RegExpFilter, head, root, head, -n, 200, /proc/self/status
status_user: RegExpFilter, tail, rwother, tail, -n, 200, /proc/self/status
# the fds a command starts with, on both paths
fds_plain: RegExpFilter, ls, root, ls, -1, /proc/self/fd
fds_caps: RegExpFilter, dir, root, dir, -1, /proc/self/fd
# plain commands (direct path)
true: CommandFilter, true, root
cat: CommandFilter, cat, root
sh: CommandFilter, sh, root
echo: CommandFilter, echo, root
head: CommandFilter, head, root
sleep: CommandFilter, sleep, root
# the same kind through a plan thread (an empty declaration: no capabilities at all)
tac: CommandFilter, tac, root
dash: CommandFilter, dash, root
# a filter whose executable does not exist (exit 96)
missing: CommandFilter, /nonexistent/rootwrap-native-test/missing, root

[Capabilities]
status_caps: CAP_NET_ADMIN, CAP_DAC_READ_SEARCH
fds_caps: CAP_DAC_READ_SEARCH
tac:
dash:
FILTERS

write_conf() { # NAME EXTRA-LINES
    cat > "$D/$1.new" <<CONF
[DEFAULT]
filters_path=$D/filters.d
exec_dirs=/usr/sbin,/usr/bin,/sbin,/bin
use_syslog=False
$2
CONF
}
write_conf rootwrap.conf ""
write_conf timeout.conf "daemon_timeout=2"

# The client script too: the service user runs it, and may not be able to read the
# checkout (a clone in /root or in a 0700 folder).
cp tests/daemon/cases.py "$D/cases.py.new"

for f in "$D/filters.d/daemon.filters" "$D/rootwrap.conf" "$D/timeout.conf" "$D/cases.py"; do
    install -m 0644 -o root -g root "$f.new" "$f"
    rm -f "$f.new"
done

# rwsvc may start the daemon with the test configuration, and nothing else.
S="/etc/sudoers.d/rwn-$(basename "$ROOTWRAP_TEST_ROOT")-daemon"
tmp="$(mktemp)"
cat > "$tmp" <<SUDO
# rootwrap-native tests ($ROOTWRAP_TEST_ROOT): the service user starts the daemon.
rwsvc ALL=(root) NOPASSWD: $ROOTWRAP_TEST_ROOT/bin/rootwrap-native-daemon $D/rootwrap.conf
SUDO
visudo -cqf "$tmp"
install -m 0440 -o root -g root "$tmp" "$S"
rm -f "$tmp"
