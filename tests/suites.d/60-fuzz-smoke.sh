#!/usr/bin/env bash
# Fuzzing smoke: the committed seeds replay cleanly, and a few seconds of AFL++ on each
# target (the INI reader, the filter parser, the matcher, the daemon's frames) save no
# crash. Longer runs and their results: docs/fuzzing.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
exec fuzz/run.sh "${ROOTWRAP_FUZZ_SECONDS:-5}" ini filters matcher frame handshake
