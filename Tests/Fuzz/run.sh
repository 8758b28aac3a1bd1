#!/usr/bin/env bash
# Build the libFuzzer harness for the HTTP request parser and run it.
# Usage: Tests/Fuzz/run.sh [seconds]   (default 60). Crash inputs land in Tests/Fuzz/FailCases/.
# Replay the saved crashes only: Tests/Fuzz/run.sh replay
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="${FUZZ_BUILD_DIR:-$root/.build/fuzz}"
mkdir -p "$out" "$here/FailCases" "$out/corpus"
swiftc -sanitize=fuzzer,address -parse-as-library -O \
    "$root"/Sources/HTTP/Parser/*.swift "$here/FuzzParser.swift" -o "$out/fuzz-http-parser"
export SWIFT_BACKTRACE=enable=no
if [ "${1:-}" = "replay" ]; then
    shopt -s nullglob
    cases=("$here"/FailCases/*)
    if [ ${#cases[@]} -eq 0 ]; then echo "no fail cases"; exit 0; fi
    exec "$out/fuzz-http-parser" "${cases[@]}"
fi
seconds="${1:-60}"
exec "$out/fuzz-http-parser" -max_total_time="$seconds" -max_len=70000 \
    -dict="$here/http.dict" -artifact_prefix="$here/FailCases/" -print_final_stats=1 \
    "$out/corpus" "$here/seeds"
