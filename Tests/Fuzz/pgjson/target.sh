# DSQL's json/jsonb input (PGJSON and its reader), compiled as one module with JSONLexing.
source "$here/strip-imports.sh"
d="$root/Sources/DSQLDialect"
mapfile -t sources < <(fuzz_copy pgjson "$root"/Sources/JSONLexing/*.swift "$d/PGJSON.swift" "$d/PGJSON+Reader.swift")
max_len=200000
