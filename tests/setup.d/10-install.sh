#!/usr/bin/env bash
# Installs the freshly built binary where sudoers can name it: a root-owned folder that no
# one else can write ($ROOTWRAP_TEST_ROOT/bin), as a distribution would in /usr/bin.
set -euo pipefail
: "${ROOTWRAP_BIN:?}" "${ROOTWRAP_TEST_ROOT:?}"
install -d -m 0755 -o root -g root /opt/rootwrap-native-test "$ROOTWRAP_TEST_ROOT" "$ROOTWRAP_TEST_ROOT/bin"
install -m 0755 -o root -g root "$ROOTWRAP_BIN" "$ROOTWRAP_TEST_ROOT/bin/rootwrap-native"
for e in rootwrap-native-daemon rootwrap-audit; do
    ln -sfn rootwrap-native "$ROOTWRAP_TEST_ROOT/bin/$e"
done
