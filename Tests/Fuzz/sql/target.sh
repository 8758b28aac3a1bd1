# The SQL dialect: lexer, parser and renderer (Sources/DSQLDialect with its catalog, and
# Sources/DSQLClient), compiled as one module with the JSONLexing sources it imports.
# DialectFunctions imports CSQLite (only for the functions it registers on a connection; the
# harness never opens one).
source "$here/strip-imports.sh"
mapfile -t sources < <(fuzz_copy sql "$root"/Sources/JSONLexing/*.swift "$root"/Sources/DSQLDialect/*.swift \
    "$root"/Sources/DSQLDialect/Catalog/*.swift "$root"/Sources/DSQLClient/*.swift)
flags=(-module-name DSQL -I "$root/Sources/CSQLite" -lsqlite3)
max_len=20000
