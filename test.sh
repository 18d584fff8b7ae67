#!/usr/bin/env bash
# Installs what the tests need on a fresh Debian 12 machine, builds, and runs every test.
# Run as root: it installs packages, a service user and a sudoers entry (idempotently).
set -euo pipefail
cd "$(dirname "$0")"
if [ "$(id -u)" != 0 ]; then
    echo "test.sh: must run as root (installs packages, a test user and a sudoers entry)" >&2
    exit 1
fi
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DEBIAN_FRONTEND=noninteractive

# 1. Debian packages: the reference implementation (the oracle), the NativeAOT toolchain,
#    sudo, and the tools the end-to-end tests drive.
PKGS=(python3-oslo.rootwrap clang zlib1g-dev sudo iproute2 libcap2-bin procps util-linux bc)
if [ -f tests/packages.txt ]; then
    while read -r p; do [ -n "$p" ] && [ "${p#\#}" = "$p" ] && PKGS+=("$p"); done < tests/packages.txt
fi
missing=()
for p in "${PKGS[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "== installing: ${missing[*]}"
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# 2. The real filter files of Debian's OpenStack packages (cached).
ROOTWRAP_CORPUS="$(tests/corpus/fetch.sh)"
export ROOTWRAP_CORPUS

# 3. Build the NativeAOT binaries (fails on any trim/AOT warning).
echo "== building"
ROOTWRAP_BIN="$(./build.sh artifacts/bin | tail -n1)"
export ROOTWRAP_BIN

# 4. Machine set-up the end-to-end suites need (users, sudoers, installed copies). Each
#    checkout gets its own root-owned install folder, so two checkouts never share one.
ROOTWRAP_TEST_ROOT="/opt/rootwrap-native-test/$(printf %s "$PWD" | md5sum | cut -c1-8)"
export ROOTWRAP_TEST_ROOT
for s in tests/setup.d/*.sh; do
    [ -e "$s" ] || continue
    echo "== setup: $s"
    bash "$s"
done

# 5. Every test.
echo "== dotnet test"
log="$(mktemp)"
set +e
dotnet test Rootwrap.sln -c Release --logger "console;verbosity=normal" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
set -e
for s in tests/suites.d/*.sh; do
    [ -e "$s" ] || continue
    echo "== suite: $s"
    if ! bash "$s"; then rc=1; echo "suite failed: $s"; fi
done

# One closing line for the whole run.
passed=$(sed -nE 's/^ +Passed: +([0-9]+)$/\1/p' "$log" | paste -sd+ | bc 2>/dev/null || echo 0)
failed=$(sed -nE 's/^ +Failed: +([0-9]+)$/\1/p' "$log" | paste -sd+ | bc 2>/dev/null || echo 0)
skipped=$(sed -nE 's/^ +Skipped: +([0-9]+)$/\1/p' "$log" | paste -sd+ | bc 2>/dev/null || echo 0)
passed=${passed:-0}; failed=${failed:-0}; skipped=${skipped:-0}
rm -f "$log"
if [ "$rc" != 0 ] && [ "$failed" = 0 ]; then failed=1; fi
echo "$passed passed, $failed failed, $skipped skipped"
exit "$rc"
