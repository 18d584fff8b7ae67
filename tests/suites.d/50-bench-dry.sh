#!/usr/bin/env bash
# The benchmarks keep building and running: every benchmark once (BenchmarkDotNet's Dry
# job, in process) against the binary test.sh built. A smoke test, not a measurement: the
# full run is `dotnet run -c Release --project bench -- --filter '*'` (docs/benchmarks.md).
set -euo pipefail
cd "$(dirname "$0")/../.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
start=$SECONDS
# The NativeAOT floors are published only by a full run; here they need only compile.
for p in bench/hello/Hello.csproj bench/hello-exec/HelloExec.csproj; do
    dotnet build "$p" -c Release -nologo >"$log" 2>&1 || { cat "$log"; exit 1; }
done
if ! dotnet run -c Release --project bench -- --no-publish --job Dry --filter '*' >"$log" 2>&1; then
    tail -n 60 "$log"
    echo "bench dry run failed"
    exit 1
fi
grep -E "^// bench: skipping|executed benchmarks" "$log" || true
echo "bench dry run: ok ($((SECONDS - start)) s)"
