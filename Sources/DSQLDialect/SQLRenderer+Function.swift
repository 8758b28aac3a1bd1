import DSQLClient

/// Function calls: aggregates, date/time, uuid and string functions mapped to SQLite or to the
/// `rs_*` functions of `DialectFunctions`. Anything else is refused as not supported yet.
extension SQLRenderer {
    mutating func function(_ f: FunctionCall, _ scope: RenderScope) throws(DSQLError) -> Typed {
        if f.isAggregate, f.args.contains(where: { $0.containsAggregate }) {
            throw DSQLError(sqlstate: "42803", message: "aggregate function calls cannot be nested")
        }
        var args: [Typed] = []
        for a in f.args { args.append(try expr(a, scope)) }
        let list = args.map(\.sql).joined(separator: ", ")
        let name = f.name
        func need(_ n: ClosedRange<Int>) throws(DSQLError) {
            guard n.contains(args.count) else {
                throw .undefinedFunction("\(name)(\(args.map { $0.type.base == .unknown ? "unknown" : $0.type.pgName }.joined(separator: ", ")))")
            }
        }
        if f.distinct && !f.isAggregate {
            throw DSQLError(sqlstate: "42809", message: "DISTINCT specified, but \(name) is not an aggregate function")
        }
        switch name {
        case "count":
            if f.star { return Typed(sql: "count(*)", type: .bigint, name: "count") }
            try need(1...1)
            return Typed(sql: "count(\(f.distinct ? "DISTINCT " : "")\(list))", type: .bigint, name: "count")
        case "sum", "avg", "min", "max":
            try need(1...1)
            let t = args[0].type
            let result: PGType
            switch name {
            case "sum": result = t.isInteger ? .bigint : (t.base == .real || t.base == .double ? PGType(t.base) : .numeric)
            case "avg": result = t.base == .real || t.base == .double ? .double : .numeric
            default: result = t.base == .unknown ? .text : t
            }
            if t.base == .interval || t.base == .json { throw .notYetSupported("\(name)() over \(t.pgName)") }
            if name == "sum" || name == "avg", !(t.isNumeric || t.base == .unknown) {
                throw .undefinedFunction("\(name)(\(t.pgName))")
            }
            return Typed(sql: "\(name)(\(f.distinct ? "DISTINCT " : "")\(list))", type: result, name: name)
        case "bool_and", "bool_or":
            try need(1...1)
            return Typed(sql: "\(name == "bool_and" ? "min" : "max")(\(list))", type: .boolean, name: name)
        case "string_agg":
            try need(2...2)
            return Typed(sql: "group_concat(\(f.distinct ? "DISTINCT " : "")\(list))", type: .text, name: name)
        case "now", "current_timestamp", "transaction_timestamp":
            try need(0...0)
            return Typed(sql: "rs_now()", type: .timestamptz, name: name)
        case "statement_timestamp", "clock_timestamp":
            try need(0...0)
            return Typed(sql: "rs_clock()", type: .timestamptz, name: name)
        case "localtimestamp":
            return Typed(sql: "rs_coerce(rs_now(), 'timestamp')", type: .timestamp, name: name)
        case "current_date":
            return Typed(sql: "rs_coerce(rs_now(), 'date')", type: PGType(.date), name: name)
        case "gen_random_uuid":
            try need(0...0)
            return Typed(sql: "rs_gen_random_uuid()", type: .uuid, name: name)
        case "coalesce":
            try need(1...100)
            let first = args.first { $0.type.base != .unknown }?.type ?? .text
            let t = args.allSatisfy({ $0.type == first || $0.type.base == .unknown && $0.literal == .null }) ? first : first.widened
            var parts: [String] = []
            for a in args { parts.append(a.type.base == .unknown ? try coerce(a, to: t, explicit: true) : a.sql) }
            if parts.count == 1 { parts.append("NULL") }
            return Typed(sql: "coalesce(\(parts.joined(separator: ", ")))", type: t, name: name)
        case "nullif":
            try need(2...2)
            let (a, b) = try comparable(args[0], args[1])
            return Typed(sql: "nullif(\(a), \(b))", type: args[0].type, name: name)
        case "lower", "upper":
            try need(1...1)
            return Typed(sql: "rs_\(name)(\(list))", type: .text, name: name)
        case "length", "char_length", "character_length":
            try need(1...1)
            return Typed(sql: "length(\(list))", type: .integer, name: name)
        case "abs":
            try need(1...1)
            return Typed(sql: "abs(\(list))", type: args[0].type, name: name)
        case "round":
            try need(1...2)
            return Typed(sql: "round(\(list))", type: args.count == 1 && args[0].type.base != .double ? .numeric : args[0].type, name: name)
        case "trim", "btrim", "ltrim", "rtrim":
            try need(1...2)
            let fn = name == "btrim" ? "trim" : name
            return Typed(sql: "\(fn)(\(list))", type: .text, name: name == "trim" ? "btrim" : name)
        case "replace":
            try need(3...3)
            return Typed(sql: "replace(\(list))", type: .text, name: name)
        case "substr", "substring":
            try need(2...3)
            return Typed(sql: "substr(\(list))", type: .text, name: name)
        case "strpos", "position":
            try need(2...2)
            return Typed(sql: "instr(\(list))", type: .integer, name: name)
        case "concat":
            let parts = args.map { "coalesce(\($0.sql), '')" }
            return Typed(sql: "(" + (parts.isEmpty ? "''" : parts.joined(separator: " || ")) + ")", type: .text, name: name)
        case "date_part":
            try need(2...2)
            let src = args[1].type.base == .unknown || args[1].type.base == .interval ? PGType.timestamptz : args[1].type
            if args[1].type.base == .interval { throw .notYetSupported("extract from interval") }
            let x = try coerce(args[1], to: src, explicit: true)
            return Typed(sql: "rs_extract(\(args[0].sql), \(x), '\(src.spec)')", type: f.extract ? .numeric : .double,
                         name: f.extract ? "extract" : name)
        case "date_trunc":
            try need(2...2)
            let src = args[1].type.base == .unknown ? PGType.timestamptz : args[1].type
            guard [.timestamp, .timestamptz, .date].contains(src.base) else { throw .notYetSupported("date_trunc on \(src.pgName)") }
            let target: PGType = src.base == .date ? .timestamptz : src
            let x = try coerce(args[1], to: target, explicit: true)
            return Typed(sql: "rs_date_trunc(\(args[0].sql), \(x), '\(target.spec)')", type: target, name: name)
        case "nextval", "currval":
            try need(1...1)
            guard case .text(let seqName)? = args[0].literal else { throw .notYetSupported("\(name)() with a computed name") }
            let n = seqName.hasPrefix("public.") ? String(seqName.dropFirst(7)) : seqName
            guard let seq = catalog.sequences[n] else { throw .undefinedTable(seqName) }
            if name == "currval" { return Typed(sql: "rs_currval(\(SQLText.string(n)))", type: .bigint, name: name) }
            return Typed(sql: "rs_nextval(\(SQLText.string(n)), \(seq.start), \(seq.increment))", type: .bigint, name: name)
        case "setval", "lastval":
            throw .notYetSupported("function \(name)()")
        case "version":
            try need(0...0)
            return Typed(sql: "'PostgreSQL 16.9 (Aurora DSQL emulated by RegionStack)'", type: .text, name: name)
        case "current_schema":
            try need(0...0)
            return Typed(sql: "'public'", type: .text, name: name)
        case "current_database":
            try need(0...0)
            return Typed(sql: "'postgres'", type: PGType(.text), name: name)
        default:
            throw .notYetSupported("function \(name)()")
        }
    }
}
