#!/usr/bin/env bash
# The folders a cinder node has and profiles/hardened/cinder.profile's [Paths] names
# (cinder-common makes them; a missing [Paths] folder is a configuration error, 97):
# /var/lib/cinder (state_path) and /etc/cinder. Made root's and empty when absent; an
# existing one (a real cinder node) is left as it is. Idempotent.
set -euo pipefail
for d in /var/lib/cinder /etc/cinder; do
    [ -e "$d" ] || install -d -m 0755 -o root -g root "$d"
done
