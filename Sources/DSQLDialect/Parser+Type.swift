import DSQLClient

/// Type names: the storage types of dsql.md §5.6 with their PostgreSQL aliases.
extension Parser {
    /// Types PostgreSQL knows that DSQL does not store (or this emulator does not model).
    static let knownUnsupportedTypes: Set<String> = [
        "inet", "cidr", "macaddr", "money", "xml", "point", "line", "box", "polygon", "circle", "path",
        "tsvector", "tsquery", "timetz", "bit", "varbit", "int4range", "int8range", "tstzrange", "oid",
    ]

    mutating func parseType() throws(DSQLError) -> PGType {
        let t = current
        guard t.kind == .word || t.kind == .quotedIdent else { throw errorHere() }
        index += 1
        var name = t.value
        if name == "pg_catalog", acceptOp(".") { name = try label() }
        let ty: PGType
        switch name {
        case "uuid": ty = .uuid
        case "text": ty = .text
        case "varchar": ty = PGType(.varchar, length: try optionalLength())
        case "character":
            if acceptWord("varying") { ty = PGType(.varchar, length: try optionalLength()) }
            else { ty = PGType(.char, length: try optionalLength() ?? 1) }
        case "char": ty = PGType(.char, length: try optionalLength() ?? 1)
        case "bpchar": ty = PGType(.char, length: try optionalLength())
        case "smallint", "int2": ty = PGType(.smallint)
        case "integer", "int", "int4": ty = PGType(.integer)
        case "bigint", "int8": ty = PGType(.bigint)
        case "real", "float4": ty = PGType(.real)
        case "float8": ty = PGType(.double)
        case "float":
            let p = try optionalLength()
            ty = PGType((p ?? 53) <= 24 ? .real : .double)
        case "double":
            try expectWord("precision")
            ty = PGType(.double)
        case "numeric", "decimal", "dec":
            if acceptOp("(") {
                let p = Int(try integerLiteral())
                let s = acceptOp(",") ? Int(try integerLiteral()) : 0
                try expectOp(")")
                if p < 1 || p > 1000 {
                    throw DSQLError(sqlstate: "22023", message: "NUMERIC precision \(p) must be between 1 and 1000")
                }
                ty = PGType(.numeric, length: p, scale: s)
            } else { ty = PGType(.numeric) }
        case "boolean", "bool": ty = .boolean
        case "date": ty = PGType(.date)
        case "time":
            _ = try optionalLength()
            if acceptWords("with", "time", "zone") { throw .notYetSupported("type time with time zone") }
            _ = acceptWords("without", "time", "zone")
            ty = PGType(.time)
        case "timestamp":
            let p = try fractionalPrecision()
            if acceptWords("with", "time", "zone") { ty = PGType(.timestamptz, length: p) }
            else { _ = acceptWords("without", "time", "zone"); ty = PGType(.timestamp, length: p) }
        case "timestamptz": ty = PGType(.timestamptz, length: try fractionalPrecision())
        case "interval": ty = PGType(.interval)
        case "bytea": ty = PGType(.bytea)
        case "json": ty = PGType(.json)
        case "jsonb": ty = PGType(.jsonb)
        case "serial", "bigserial", "smallserial", "serial4", "serial8", "serial2":
            throw .undefinedType(name)
        default:
            if Self.knownUnsupportedTypes.contains(name) { throw .notYetSupported("type \(name)") }
            throw .undefinedType(name)
        }
        if current.isOp("[") { throw .notYetSupported("array types") }
        return ty
    }

    /// `(p)` after timestamp: 0...6 fractional digits (PostgreSQL clamps larger values to 6).
    private mutating func fractionalPrecision() throws(DSQLError) -> Int? {
        guard acceptOp("(") else { return nil }
        let n = try integerLiteral()
        try expectOp(")")
        guard n >= 0 else {
            throw DSQLError(sqlstate: "22023", message: "TIMESTAMP(\(n)) precision must not be negative")
        }
        return n >= 6 ? nil : Int(n)
    }

    private mutating func optionalLength() throws(DSQLError) -> Int? {
        guard acceptOp("(") else { return nil }
        let n = try integerLiteral()
        try expectOp(")")
        guard n >= 1 else {
            throw DSQLError(sqlstate: "22023", message: "length for type varchar must be at least 1")
        }
        return Int(n)
    }
}
