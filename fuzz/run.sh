#!/usr/bin/env bash
# Coverage-guided fuzzing of the parsers and the matcher: SharpFuzz instruments
# Rootwrap.Shared.dll, AFL++ (Debian's afl++) drives the harness in fuzz/Rootwrap.Fuzz.
# Usage: fuzz/run.sh [SECONDS] [TARGET...]     (default: 10 seconds each of ini filters matcher frame handshake)
# Each target's findings go to .cache/fuzz/out-TARGET; the summary line per target reads
#   TARGET: execs N, execs/s N, corpus N (+new), edges N, crashes N, hangs N
# and the script fails when any target saved a crash (the input is under out-TARGET/default/crashes).
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH="${1:-10}"; shift || true
TARGETS=("$@"); [ ${#TARGETS[@]} -gt 0 ] || TARGETS=(ini filters matcher frame handshake)
W=.cache/fuzz
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

command -v afl-fuzz >/dev/null || { echo "fuzz/run.sh: needs afl-fuzz (apt-get install afl++)" >&2; exit 1; }
# 1. The harness, published twice: plain (replays the seeds), and instrumented for AFL++.
mkdir -p "$W"
dotnet publish fuzz/Rootwrap.Fuzz/Rootwrap.Fuzz.csproj -c Release -o "$W/plain" -nologo -v q >"$W/build.log" 2>&1 \
    || { cat "$W/build.log" >&2; exit 1; }
rm -rf "$W/afl" && cp -r "$W/plain" "$W/afl"
[ -x "$W/tools/sharpfuzz" ] || dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path "$W/tools" >/dev/null
"$W/tools/sharpfuzz" "$W/afl/Rootwrap.Shared.dll" >/dev/null

# 2. Seeds first: every committed input must pass the uninstrumented harness.
for t in "${TARGETS[@]}"; do dotnet "$W/plain/Rootwrap.Fuzz.dll" "$t" --replay "fuzz/corpus/$t"; done

# 3. AFL++ on each target. The runtime isn't instrumented, only Rootwrap.Shared: skip the
#    binary check; no CPU binding on a shared machine.
export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
# The canary target throws on its seed: afl-fuzz must refuse it as a crashing test case,
# or a crash in the real targets would go unseen too.
mkdir -p "$W/canary-seed" && printf boom > "$W/canary-seed/boom" && rm -rf "$W/out-canary"
afl-fuzz -V 5 -i "$W/canary-seed" -o "$W/out-canary" -t 5000 -m none -- dotnet "$W/afl/Rootwrap.Fuzz.dll" canary >"$W/afl-canary.log" 2>&1 || true
grep -q "results in a crash" "$W/afl-canary.log" || { tail -20 "$W/afl-canary.log" >&2; echo "canary: afl-fuzz did not report the canary's crash" >&2; exit 1; }
echo "canary: a throwing harness is reported as a crash"

rc=0
for t in "${TARGETS[@]}"; do
    out="$W/out-$t"; rm -rf "$out"
    afl-fuzz -V "$SECONDS_EACH" -i "fuzz/corpus/$t" -o "$out" -t 5000 -m none -- dotnet "$W/afl/Rootwrap.Fuzz.dll" "$t" >"$W/afl-$t.log" 2>&1 \
        || { tail -20 "$W/afl-$t.log" >&2; echo "$t: afl-fuzz failed" >&2; rc=1; continue; }
    s="$out/default/fuzzer_stats"
    v() { sed -nE "s/^$1 *: *([^ ]+).*/\1/p" "$s"; }
    seeds=$(find "fuzz/corpus/$t" -type f | wc -l)
    echo "$t: execs $(v execs_done), execs/s $(v execs_per_sec), corpus $(v corpus_count) (+$(( $(v corpus_count) - seeds ))), edges $(v edges_found), crashes $(v saved_crashes), hangs $(v saved_hangs), ${SECONDS_EACH}s"
    [ "$(v saved_crashes)" = 0 ] || { echo "$t: crashing inputs in $out/default/crashes" >&2; rc=1; }
done
exit $rc
