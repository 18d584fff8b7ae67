#!/usr/bin/env bash
# The sudoers entry the hardening end-to-end tests (confinement, kill, inherited state) use:
# the service account rwsvc may run this checkout's installed helper as root, as a
# deployment's sudoers lets nova or neutron run theirs. One file per checkout (idempotent).
set -euo pipefail
: "${ROOTWRAP_TEST_ROOT:?}"
f="/etc/sudoers.d/rootwrap-native-test-hardening-$(basename "$ROOTWRAP_TEST_ROOT")"
tmp="$(mktemp)"
# The reference too, with the tests' own root-owned configurations only: an attack is first
# shown to work through oslo-rootwrap on the same files.
printf 'rwsvc ALL=(root) NOPASSWD: %s/bin/rootwrap-native, %s/bin/rootwrap-native-daemon, /usr/bin/oslo-rootwrap %s/hardening/*\n' \
    "$ROOTWRAP_TEST_ROOT" "$ROOTWRAP_TEST_ROOT" "$ROOTWRAP_TEST_ROOT" > "$tmp"
visudo -c -q -f "$tmp"
install -m 0440 -o root -g root "$tmp" "$f"
rm -f "$tmp"
install -d -m 0755 -o root -g root "$ROOTWRAP_TEST_ROOT/hardening"
