import DSQLClient

/// Renders parsed PostgreSQL-dialect statements into SQLite SQL, using the catalog for name
/// resolution, `*` expansion, hidden columns and type-aware coercion.
///
/// The SQL it emits calls the functions that `DialectFunctions.register(on:)` installs (`rs_coerce`,
/// `rs_cast`, `rs_like`, `rs_now`, ...). It also records what the store needs: tables read and
/// written, inferred parameter types, and row-lock targets.
struct SQLRenderer {
    let catalog: Catalog
    var tablesRead: Set<String> = []
    var tablesWritten: Set<String> = []
    var paramTypes: [Int: PGType] = [:]
    /// Render column references without a qualifier (RETURNING, DEFAULT, CHECK).
    var unqualified = false
    /// Allow references to hidden columns (the synthetic key), for the store's lock-target SQL only.
    var allowHidden = false

    init(catalog: Catalog) { self.catalog = catalog }

    /// Records the type a parameter is used as (first use wins).
    mutating func noteParam(_ t: Typed, as type: PGType) {
        if let n = t.param, paramTypes[n] == nil, type.base != .unknown { paramTypes[n] = type }
    }

    /// `x` converted to `target` for assignment (`explicit` false) or an explicit cast.
    /// Literals are converted now, so bad input fails at prepare time as in PostgreSQL.
    mutating func coerce(_ x: Typed, to target: PGType, explicit: Bool) throws(DSQLError) -> String {
        noteParam(x, as: target)
        if target.base == .unknown { return x.sql }
        if let lit = x.literal {
            if case .null = lit { return "NULL" }
            if x.type.base == .boolean, target.isText {
                return SQLText.string(lit == .integer(1) ? "true" : "false")
            }
            return SQLText.literal(try PGCoercion.coerce(lit, to: target, explicit: explicit))
        }
        // Same type: nothing to convert, except that integer arithmetic may leave the range of the
        // target (PostgreSQL raises "integer out of range"); plain column copies are exact.
        if x.type == target {
            let plainColumn = x.sql.hasPrefix("\"") && !x.sql.contains("(")
            if explicit || !target.isInteger || plainColumn { return x.sql }
        }
        if x.type.base == .boolean && target.isText {
            let inner = "(CASE WHEN \(x.sql) IS NULL THEN NULL WHEN \(x.sql) THEN 'true' ELSE 'false' END)"
            return target.base == .text ? inner : "rs_\(explicit ? "cast" : "coerce")(\(inner), '\(target.spec)')"
        }
        if target.isText && [.timestamp, .timestamptz, .time, .numeric, .real, .double].contains(x.type.base) {
            return "rs_\(explicit ? "cast" : "coerce")(rs_pgtext(\(x.sql), '\(x.type.spec)'), '\(target.spec)')"
        }
        if x.type.isInteger && target.base == .bigint && (explicit || x.sql.hasPrefix("\"") && !x.sql.contains("(")) { return x.sql }
        if x.type.isText && target.base == .text { return x.sql }
        return "rs_\(explicit ? "cast" : "coerce")(\(x.sql), '\(target.spec)')"
    }

    /// The common type two operands are compared as: the known side wins over `unknown` literals and
    /// parameters; timestamp vs timestamptz compares as timestamptz; date vs timestamp as timestamp.
    static func comparisonType(_ a: PGType, _ b: PGType) -> PGType? {
        if a.base == .unknown { return b.base == .unknown ? nil : b.comparable }
        if b.base == .unknown { return a.comparable }
        let dt: Set<PGType.Base> = [.date, .timestamp, .timestamptz]
        if a.base != b.base, dt.contains(a.base), dt.contains(b.base) {
            if a.base == .timestamptz || b.base == .timestamptz { return .timestamptz }
            return .timestamp
        }
        return nil
    }

    /// Renders a pair of operands coerced to their comparison type.
    mutating func comparable(_ a: Typed, _ b: Typed) throws(DSQLError) -> (String, String) {
        guard let t = Self.comparisonType(a.type, b.type) else { return (a.sql, b.sql) }
        let sa = a.type == t ? a.sql : try coerce(a, to: t, explicit: true)
        let sb = b.type == t ? b.sql : try coerce(b, to: t, explicit: true)
        return (sa, sb)
    }
}

extension PGType {
    /// The type a value is converted to when compared with this type (lengths dropped).
    var comparable: PGType {
        switch base {
        case .varchar, .text: .text
        case .char: PGType(.char)
        case .numeric: .numeric
        default: PGType(base)
        }
    }

    /// The type without length/precision modifiers: what COALESCE and CASE resolve mixed inputs to,
    /// so an explicit conversion never truncates (the later assignment checks the length).
    var widened: PGType {
        switch base {
        case .varchar, .char, .numeric, .timestamp, .timestamptz: PGType(base)
        default: self
        }
    }

    /// PostgreSQL's internal type name, used as the output name of `'1'::int` (`int4`).
    var internalName: String {
        switch base {
        case .integer: "int4"
        case .bigint: "int8"
        case .smallint: "int2"
        case .boolean: "bool"
        case .double: "float8"
        case .real: "float4"
        case .char: "bpchar"
        default: base.rawValue
        }
    }
}
