#!/usr/bin/env bash
# Publishes the NativeAOT binaries for linux-x64 into OUTDIR: rootwrap-native (the helper),
# rootwrap-native-daemon and rootwrap-audit.
# Usage: ./build.sh [OUTDIR]   (default: artifacts/bin)
set -euo pipefail
cd "$(dirname "$0")"
OUT="${1:-artifacts/bin}"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"

need=()
command -v clang >/dev/null || need+=(clang)
[ -e /usr/include/zlib.h ] || need+=(zlib1g-dev)
if [ ${#need[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ]; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
    else
        echo "build.sh: NativeAOT needs: ${need[*]} (apt-get install ${need[*]})" >&2; exit 1
    fi
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# Three binaries from one program, each holding only its own entry point (RootwrapEntries,
# src/Rootwrap.Native/Program.cs): the helper starts once per command and carries neither
# the daemon nor the auditor (a third less binary for the loader to map and relocate).
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
publish() { # ENTRIES NAME
    if ! dotnet publish src/Rootwrap.Native/Rootwrap.Native.csproj -c Release -r linux-x64 \
            -p:RootwrapEntries="$1" -o "$work/$1" -nologo >"$work/$1.log" 2>&1; then
        cat "$work/$1.log" >&2; exit 1
    fi
    # Zero trim/AOT warnings is part of the contract.
    if grep -E "warning (IL|CS)[0-9]+" "$work/$1.log" >&2; then
        echo "build.sh: publish ($1) produced warnings (above)" >&2; exit 1
    fi
    # A root helper loads no shared library from its own folder.
    if ls "$work/$1"/*.so >/dev/null 2>&1; then
        echo "build.sh: shared libraries in the $1 build: $(ls "$work/$1"/*.so)" >&2; exit 1
    fi
    rm -f "$OUT/$2"     # may be an older layout's symlink: never write through it
    install -m 0755 "$work/$1/rootwrap-native" "$OUT/$2"
}
publish helper rootwrap-native
publish daemon rootwrap-native-daemon
publish audit rootwrap-audit
# The bundled example, with absolute paths, readable by the helper as root (H5 wants the
# files root-owned and not group/other-writable: they are when this script runs as root).
EX="$(dirname "$OUT")/example"
mkdir -p "$EX/filters.d"
cp examples/filters.d/* "$EX/filters.d/"
sed "s#^filters_path=.*#filters_path=$EX/filters.d#" examples/rootwrap.conf > "$EX/rootwrap.conf"
chmod -R go-w "$EX"
echo "$OUT/rootwrap-native"
