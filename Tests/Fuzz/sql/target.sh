# The SQL dialect: lexer, parser and renderer (Sources/DSQL/Dialect, Core, Catalog), with the
# JSONLexing module it imports built first as a static library. DialectFunctions imports CSQLite
# (only for the functions it registers on a connection; the harness never opens one).
prebuild() {
    local lib="$out/$target/lib"
    mkdir -p "$lib"
    swiftc -parse-as-library -O -sanitize=address -sanitize-coverage=edge,indirect-calls,trace-cmp \
        -emit-library -static -module-name JSONLexing -emit-module -emit-module-path "$lib/JSONLexing.swiftmodule" \
        "$root"/Sources/JSONLexing/*.swift -o "$lib/libJSONLexing.a"
}
sources=("$root"/Sources/DSQL/Dialect/*.swift "$root"/Sources/DSQL/Core/*.swift "$root"/Sources/DSQL/Catalog/*.swift)
flags=(-module-name DSQL -I "$out/sql/lib" -L "$out/sql/lib" -lJSONLexing -I "$root/Sources/CSQLite" -lsqlite3)
max_len=20000
