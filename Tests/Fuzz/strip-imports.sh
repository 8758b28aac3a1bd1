# Sourced by target.sh files whose sources import project modules: run.sh compiles a target as
# one module, so the copies drop those imports.
# fuzz_copy TARGET FILE...: copies FILEs to $out/TARGET/src without `import <project module>` lines
# and prints the copies' paths.
fuzz_copy() {
    local dir="$out/$1/src"
    shift
    mkdir -p "$dir"
    for f in "$@"; do
        sed -E '/^import (JSONLexing|UsersService|DSQL|DSQLClient|DSQLDialect)$/d' "$f" >"$dir/$(basename "$f")"
        echo "$dir/$(basename "$f")"
    done
}
