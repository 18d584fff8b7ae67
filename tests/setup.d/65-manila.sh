#!/usr/bin/env bash
# The hardened manila policy (profiles/hardened/manila.profile) confines its GPFS shapes to
# manila's state folder, /var/lib/manila, which manila-common makes on every manila host. A
# [Paths] folder that does not exist is a configuration error, so a test machine without
# manila gets an empty root-owned one (idempotent; an existing folder is left as it is).
set -euo pipefail
[ -e /var/lib/manila ] || install -d -m 0755 -o root -g root /var/lib/manila
