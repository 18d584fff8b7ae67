#!/usr/bin/env bash
# Publishes the NativeAOT binary for linux-x64 and its entry points into OUTDIR.
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
log="$(mktemp)"
if ! dotnet publish src/Rootwrap.Native/Rootwrap.Native.csproj -c Release -r linux-x64 -o "$OUT" -nologo >"$log" 2>&1; then
    cat "$log" >&2; rm -f "$log"; exit 1
fi
# Zero trim/AOT warnings is part of the contract.
if grep -E "warning (IL|CS)[0-9]+" "$log" >&2; then
    echo "build.sh: publish produced warnings (above)" >&2; rm -f "$log"; exit 1
fi
rm -f "$log"
rm -f "$OUT"/*.dbg "$OUT"/*.pdb
# A root helper loads no shared library from its own folder.
if ls "$OUT"/*.so >/dev/null 2>&1; then
    echo "build.sh: shared libraries in $OUT: $(ls "$OUT"/*.so)" >&2; exit 1
fi
for entry in rootwrap-native-daemon rootwrap-audit; do
    ln -sf rootwrap-native "$OUT/$entry"
done
# The bundled example, with absolute paths, readable by the helper as root (H5 wants the
# files root-owned and not group/other-writable: they are when this script runs as root).
EX="$(dirname "$OUT")/example"
mkdir -p "$EX/filters.d"
cp examples/filters.d/* "$EX/filters.d/"
sed "s#^filters_path=.*#filters_path=$EX/filters.d#" examples/rootwrap.conf > "$EX/rootwrap.conf"
chmod -R go-w "$EX"
echo "$OUT/rootwrap-native"
