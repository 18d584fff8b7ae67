#!/usr/bin/env bash
# Unprivileged accounts the end-to-end tests use (idempotent):
#   rwsvc   the OpenStack service user that calls the helper through sudo
#   rwother another account, owner of processes and files rwsvc must not touch
set -euo pipefail
for u in rwsvc rwother; do
    id "$u" >/dev/null 2>&1 || useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$u"
done
