# The users service's json.loads (PyJSONParser), compiled as one module with JSONLexing.
source "$here/strip-imports.sh"
mapfile -t sources < <(fuzz_copy pyjson "$root"/Sources/JSONLexing/*.swift "$root"/Sources/UsersService/PyJSON.swift \
    "$root"/Sources/UsersService/PyJSONParser.swift "$root"/Sources/UsersService/PyJSONParser+Skipping.swift)
max_len=200000
