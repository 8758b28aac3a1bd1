import DSQLClient

/// Date/time arithmetic: timestamp ± interval, timestamp - timestamp, date ± integer, date - date,
/// date ± interval, interval ± interval. Other combinations are refused as not supported yet.
extension SQLRenderer {
    mutating func dateTimeArithmetic(_ op: String, _ a0: Typed, _ b0: Typed) throws(DSQLError) -> Typed {
        guard op == "+" || op == "-" else { throw .notYetSupported("operator \(op) on date/time values") }
        var a = a0, b = b0
        // An untyped side takes the type the other side implies.
        func implied(_ other: PGType, _ x: Typed) -> PGType {
            if other.base == .date, let lit = x.literal, case .text(let s) = lit, Int64(s.trimmingSpaces) != nil { return .integer }
            if other.base == .date, x.param != nil { return .integer }
            if op == "-", other.base != .interval, case .text(let s)? = x.literal,
               PGDateTime.parseTimestamp(s, applyZone: true) != nil { return PGType(other.base) }
            return PGType(.interval)
        }
        if a.type.base == .unknown { a = Typed(sql: try coerce(a, to: implied(b.type, a), explicit: true), type: implied(b.type, a)) }
        if b.type.base == .unknown { b = Typed(sql: try coerce(b, to: implied(a.type, b), explicit: true), type: implied(a.type, b)) }
        let sign = op == "+" ? "1" : "-1"
        let ts: Set<PGType.Base> = [.timestamp, .timestamptz]
        switch (a.type.base, b.type.base) {
        case (let x, .interval) where ts.contains(x):
            return Typed(sql: "rs_ts_add(\(a.sql), \(b.sql), \(sign), '\(PGType(x).spec)')", type: PGType(x))
        case (.interval, let y) where ts.contains(y) && op == "+":
            return Typed(sql: "rs_ts_add(\(b.sql), \(a.sql), 1, '\(PGType(y).spec)')", type: PGType(y))
        case (.date, .interval):
            return Typed(sql: "rs_ts_add(rs_cast(\(a.sql), 'timestamp'), \(b.sql), \(sign), 'timestamp')", type: .timestamp)
        case (let x, let y) where ts.contains(x) && ts.contains(y) && op == "-":
            let t: PGType = x == y ? PGType(x) : .timestamptz
            let sa = x == t.base ? a.sql : try coerce(a, to: t, explicit: true)
            let sb = y == t.base ? b.sql : try coerce(b, to: t, explicit: true)
            return Typed(sql: "rs_ts_diff(\(sa), \(sb), '\(t.spec)')", type: PGType(.interval))
        case (.date, let y) where PGType(y).isInteger:
            return Typed(sql: "rs_date_add(\(a.sql), \(op == "+" ? "" : "-")(\(b.sql)))", type: PGType(.date))
        case (let x, .date) where PGType(x).isInteger && op == "+":
            return Typed(sql: "rs_date_add(\(b.sql), \(a.sql))", type: PGType(.date))
        case (.date, .date) where op == "-":
            return Typed(sql: "rs_date_diff(\(a.sql), \(b.sql))", type: .integer)
        case (.interval, .interval):
            return Typed(sql: "rs_interval_add(\(a.sql), \(b.sql), \(sign))", type: PGType(.interval))
        default:
            throw .notYetSupported("\(a.type.pgName) \(op) \(b.type.pgName)")
        }
    }
}
