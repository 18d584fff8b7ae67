#!/usr/bin/env bash
# Installs the freshly built binaries where sudoers can name it: a root-owned folder that no
# one else can write ($ROOTWRAP_TEST_ROOT/bin), as a distribution would in /usr/bin.
set -euo pipefail
: "${ROOTWRAP_BIN:?}" "${ROOTWRAP_TEST_ROOT:?}"
install -d -m 0755 -o root -g root /opt/rootwrap-native-test "$ROOTWRAP_TEST_ROOT" "$ROOTWRAP_TEST_ROOT/bin"
# ./build.sh puts the daemon and the auditor beside the helper.
for e in rootwrap-native rootwrap-native-daemon rootwrap-audit; do
    src="$(dirname "$ROOTWRAP_BIN")/$e"
    [ "$e" = rootwrap-native ] && src="$ROOTWRAP_BIN"
    rm -f "$ROOTWRAP_TEST_ROOT/bin/$e"    # an older layout's symlink
    install -m 0755 -o root -g root "$src" "$ROOTWRAP_TEST_ROOT/bin/$e"
done
