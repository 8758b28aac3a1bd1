#!/usr/bin/env bash
# Build a libFuzzer harness and run it, or replay every target's saved crash inputs.
#   Tests/Fuzz/run.sh TARGET [SECONDS]   fuzz TARGET (default 60 s); crashes land in FailCases/TARGET/
#   Tests/Fuzz/run.sh replay [TARGET...] replay FailCases/<target>/* for every target (or those named)
#   Tests/Fuzz/run.sh list               the targets
# A target is a directory Tests/Fuzz/<target>/ holding Harness.swift (the LLVMFuzzerTestOneInput
# entry point), target.sh (sets `sources`, and optionally `flags`, `max_len`, and a `prebuild`
# function run first, for modules the sources import), and optionally
# `dict` and `seeds/`. `run.sh SECONDS` alone still fuzzes the HTTP parser.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="${FUZZ_BUILD_DIR:-$root/.build/fuzz}"
export SWIFT_BACKTRACE=enable=no

targets() {
    for d in "$here"/*/; do
        [ -f "$d/target.sh" ] && basename "$d"
    done
}

# build TARGET: compiles Tests/Fuzz/TARGET into $out/TARGET/fuzz and prints nothing else.
build() {
    local target="$1" sources=() flags=() max_len=4096
    unset -f prebuild
    [ -f "$here/$target/target.sh" ] || { echo "run.sh: no fuzz target '$target' (have: $(targets | tr '\n' ' '))" >&2; exit 2; }
    # shellcheck disable=SC1090
    source "$here/$target/target.sh"
    mkdir -p "$out/$target/corpus" "$here/FailCases/$target"
    if declare -F prebuild > /dev/null; then prebuild; fi
    # The linker's "Cannot export local symbol '__asan_...'" warnings are noise; keep the rest.
    swiftc -sanitize=fuzzer,address -parse-as-library -O "${flags[@]}" \
        "${sources[@]}" "$here/$target/Harness.swift" -o "$out/$target/fuzz" 2>&1 \
        | { grep -v "Cannot export local symbol" || true; } >&2
    echo "$max_len" > "$out/$target/max_len"
}

case "${1:-}" in
list)
    targets
    ;;
replay)
    shift
    names=("$@")
    [ ${#names[@]} -gt 0 ] || mapfile -t names < <(targets)
    shopt -s nullglob
    for target in "${names[@]}"; do
        cases=("$here/FailCases/$target"/*)
        if [ ${#cases[@]} -eq 0 ]; then echo "$target: no fail cases"; continue; fi
        build "$target"
        echo "$target: replaying ${#cases[@]} fail case(s)"
        "$out/$target/fuzz" "${cases[@]}"
    done
    ;;
"" | [0-9]*)
    exec "$0" http "${1:-60}"
    ;;
*)
    target="$1"
    seconds="${2:-60}"
    build "$target"
    args=(-max_total_time="$seconds" -max_len="$(cat "$out/$target/max_len")"
        -artifact_prefix="$here/FailCases/$target/" -print_final_stats=1)
    [ -f "$here/$target/dict" ] && args+=(-dict="$here/$target/dict")
    dirs=("$out/$target/corpus")
    [ -d "$here/$target/seeds" ] && dirs+=("$here/$target/seeds")
    exec "$out/$target/fuzz" "${args[@]}" "${dirs[@]}"
    ;;
esac
