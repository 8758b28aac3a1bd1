# The tfvars / -var parser (HCLParser), compiled as one module (it imports no project module).
sources=("$root"/Sources/RegionStack/Config/HCLParser.swift "$root"/Sources/RegionStack/Config/HCLParser+Lexing.swift
    "$root"/Sources/RegionStack/Config/HCLValue.swift "$root"/Sources/RegionStack/Config/HCLParseError.swift)
max_len=20000
