# The admin SQL endpoint's envelope (AdminSQLEnvelope over PyJSONParser), compiled as one module.
source "$here/strip-imports.sh"
mapfile -t sources < <(fuzz_copy sql-envelope "$root"/Sources/JSONLexing/*.swift "$root"/Sources/UsersService/PyJSON.swift \
    "$root"/Sources/UsersService/PyJSONParser.swift "$root"/Sources/UsersService/PyJSONParser+Skipping.swift \
    "$root"/Sources/RegionStack/Admin/AdminSQLEnvelope.swift)
max_len=65536
