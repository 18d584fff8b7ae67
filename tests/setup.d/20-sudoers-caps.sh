#!/usr/bin/env bash
# The capability end-to-end suites (tests/Rootwrap.Tests/EndToEnd): installs their
# configurations from tests/fixtures/caps root-owned under $ROOTWRAP_TEST_ROOT/caps (the
# helper refuses anything else, H5), and a sudoers entry for rwsvc exactly as a
# distribution ships one for a service, one line per configuration. Idempotent.
set -euo pipefail
: "${ROOTWRAP_TEST_ROOT:?}"
cd "$(dirname "$0")/../.."
BIN="$ROOTWRAP_TEST_ROOT/bin/rootwrap-native"
DEST="$ROOTWRAP_TEST_ROOT/caps"
# sudo skips files in sudoers.d whose name has a dot or ends in '~'.
SUDOERS="/etc/sudoers.d/rwn-$(basename "$ROOTWRAP_TEST_ROOT")-caps"

rm -rf "$DEST"
install -d -m 0755 -o root -g root "$DEST"
tmp="$(mktemp)"
trap 'rm -f "$tmp"' EXIT
echo "# rootwrap-native capability tests for $PWD (tests/setup.d/20-sudoers-caps.sh)" > "$tmp"
for src in tests/fixtures/caps/*/; do
    name="$(basename "$src")"
    dir="$DEST/$name"
    install -d -m 0755 -o root -g root "$dir" "$dir/filters.d"
    sed "s#@DIR@#$dir#g" "$src/rootwrap.conf" > "$dir/rootwrap.conf"
    for f in "$src"/filters.d/*; do
        install -m 0644 -o root -g root "$f" "$dir/filters.d/"
    done
    chown root:root "$dir/rootwrap.conf"
    chmod 0644 "$dir/rootwrap.conf"
    echo "rwsvc ALL = (root) NOPASSWD: $BIN $dir/rootwrap.conf *" >> "$tmp"
done
visudo -cqf "$tmp"
install -m 0440 -o root -g root "$tmp" "$SUDOERS"
