import DSQLClient

/// Expression rendering with PostgreSQL type inference.
extension SQLRenderer {
    mutating func expr(_ e: Expr, _ scope: RenderScope) throws(DSQLError) -> Typed {
        switch e {
        case .null: return Typed(sql: "NULL", type: .unknown, literal: .null)
        case .bool(let b): return Typed(sql: b ? "1" : "0", type: .boolean, name: "bool", literal: .integer(b ? 1 : 0))
        case .integer(let i):
            let t: PGType = (i >= Int64(Int32.min) && i <= Int64(Int32.max)) ? .integer : .bigint
            return Typed(sql: String(i), type: t, literal: .integer(i))
        case .decimal(let s):
            // A numeric literal: its value as a double (so numeric -> integer assignment rounds).
            return Typed(sql: s, type: .numeric, literal: Double(s).map { SQLValue.real($0) } ?? .text(s))
        case .string(let s): return Typed(sql: SQLText.string(s), type: .unknown, literal: .text(s))
        case .param(let n): return Typed(sql: "?\(n)", type: paramTypes[n] ?? .unknown, param: n)
        case .column(let table, let name, _):
            let (q, col) = try scope.resolve(table: table, name: name)
            if col.hidden && !allowHidden { throw table.map { .undefinedColumn(name, table: $0) } ?? .undefinedColumn(name) }
            let ref = (unqualified || q == nil) ? SQLText.ident(name) : SQLText.ident(q!) + "." + SQLText.ident(name)
            return Typed(sql: ref, type: col.type, name: name)
        case .star: throw .syntaxNear("*")
        case .unary(let op, let x):
            let t = try expr(x, scope)
            if op == "not" { return Typed(sql: "(NOT \(t.sql))", type: .boolean) }
            return Typed(sql: "(-\(t.sql))", type: t.type)
        case .binary: return try binaryChain(e, scope)
        case .isNull(let x, let neg):
            let t = try expr(x, scope)
            return Typed(sql: "(\(t.sql) IS \(neg ? "NOT " : "")NULL)", type: .boolean)
        case .isBool(let x, let value, let neg):
            let t = try expr(x, scope)
            return Typed(sql: "(\(t.sql) IS \(neg ? "NOT " : "")\(value ? 1 : 0))", type: .boolean)
        case .isDistinct(let a, let b, let neg):
            let (sa, sb) = try comparable(try expr(a, scope), try expr(b, scope))
            return Typed(sql: "(\(sa) IS \(neg ? "" : "NOT ")\(sb))", type: .boolean)
        case .between(let x, let low, let high, let neg):
            let tx = try expr(x, scope)
            let (sx, sl) = try comparable(tx, try expr(low, scope))
            let (_, sh) = try comparable(tx, try expr(high, scope))
            return Typed(sql: "(\(sx) \(neg ? "NOT " : "")BETWEEN \(sl) AND \(sh))", type: .boolean)
        case .inList(let x, let list, let neg):
            let tx = try expr(x, scope)
            var lhs = tx.sql
            var items: [String] = []
            for item in list {
                let (l, r) = try comparable(tx, try expr(item, scope))
                lhs = l
                items.append(r)
            }
            return Typed(sql: "(\(lhs) \(neg ? "NOT " : "")IN (\(items.joined(separator: ", "))))", type: .boolean)
        case .inSubquery(let x, let sub, let neg):
            let tx = try expr(x, scope)
            let r = try select(sub, scope)
            guard r.columns.count == 1 else { throw DSQLError.syntax("subquery has too many columns") }
            let (l, _) = try comparable(tx, Typed(sql: "", type: r.columns[0].type))
            return Typed(sql: "(\(l) \(neg ? "NOT " : "")IN (\(r.sql)))", type: .boolean)
        case .exists(let sub):
            let r = try select(sub, scope)
            return Typed(sql: "(EXISTS (\(r.sql)))", type: .boolean, name: "exists")
        case .subquery(let sub):
            let r = try select(sub, scope)
            guard r.columns.count == 1 else { throw DSQLError.syntax("subquery must return only one column") }
            return Typed(sql: "(\(r.sql))", type: r.columns[0].type, name: r.columns[0].name)
        case .like(let x, let p, let esc, let ci, let neg):
            let tx = try expr(x, scope), tp = try expr(p, scope)
            noteParam(tx, as: .text); noteParam(tp, as: .text)
            var args = [tx.sql, tp.sql]
            if let esc { args.append(try expr(esc, scope).sql) }
            let call = "rs_\(ci ? "ilike" : "like")(\(args.joined(separator: ", ")))"
            return Typed(sql: neg ? "(NOT \(call))" : call, type: .boolean)
        case .caseWhen(let operand, let whens, let otherwise):
            return try caseWhen(operand, whens, otherwise, scope)
        case .cast(let x, let ty):
            let t = try expr(x, scope)
            let name = t.name == "?column?" ? ty.internalName : t.name
            let sql = try coerce(t, to: ty, explicit: true)
            return Typed(sql: sql, type: ty, name: name)
        case .function(let f): return try function(f, scope)
        }
    }

    /// One binary operator over two rendered operands.
    mutating func binary(_ op: String, _ ta: Typed, _ tb: Typed) throws(DSQLError) -> Typed {
        switch op {
        case "and", "or":
            noteParam(ta, as: .boolean); noteParam(tb, as: .boolean)
            return Typed(sql: "(\(ta.sql) \(op.uppercased()) \(tb.sql))", type: .boolean)
        case "=", "<>", "<", ">", "<=", ">=":
            if ta.type.base == .interval || tb.type.base == .interval {
                let sa = try coerce(ta, to: PGType(.interval), explicit: true)
                let sb = try coerce(tb, to: PGType(.interval), explicit: true)
                return Typed(sql: "(rs_interval_key(\(sa)) \(op) rs_interval_key(\(sb)))", type: .boolean)
            }
            if [ta.type.base, tb.type.base].contains(.json) { throw .notYetSupported("comparing json values (use jsonb)") }
            let (sa, sb) = try comparable(ta, tb)
            return Typed(sql: "(\(sa) \(op) \(sb))", type: .boolean)
        case "||":
            noteParam(ta, as: .text); noteParam(tb, as: .text)
            let sa = ta.type.base == .unknown || ta.type.isText ? ta.sql : try coerce(ta, to: .text, explicit: true)
            let sb = tb.type.base == .unknown || tb.type.isText ? tb.sql : try coerce(tb, to: .text, explicit: true)
            return Typed(sql: "(\(sa) || \(sb))", type: .text)
        case "->", "->>":
            guard [.json, .jsonb, .unknown].contains(ta.type.base) else {
                throw DSQLError(sqlstate: "42883", message: "operator does not exist: \(ta.type.pgName) \(op) unknown")
            }
            let sql = "(\(ta.sql) \(op) \(tb.sql))"
            if op == "->>" { return Typed(sql: sql, type: .text) }
            // SQLite prints JSON minified; jsonb results take PostgreSQL's canonical form.
            return Typed(sql: ta.type.base == .jsonb ? "rs_cast(\(sql), 'jsonb')" : sql, type: ta.type.base == .unknown ? PGType(.jsonb) : ta.type)
        default: // + - * / %
            let dt: Set<PGType.Base> = [.date, .time, .timestamp, .timestamptz, .interval]
            if dt.contains(ta.type.base) || dt.contains(tb.type.base) { return try dateTimeArithmetic(op, ta, tb) }
            let t = Self.arithmeticType(ta.type, tb.type)
            noteParam(ta, as: t); noteParam(tb, as: t)
            var sa = ta.param != nil || (ta.type.base == .unknown && ta.literal != nil) ? try coerce(ta, to: t, explicit: true) : ta.sql
            // Only integer / integer divides as integers; numeric values stored as SQLite integers must not.
            if op == "/", !t.isInteger { sa = "CAST(\(sa) AS REAL)" }
            var sb = tb.param != nil || (tb.type.base == .unknown && tb.literal != nil) ? try coerce(tb, to: t, explicit: true) : tb.sql
            if op == "%", !t.isInteger { throw .notYetSupported("% on non-integer operands") }
            if op == "/" || op == "%" { sb = "rs_nonzero(\(sb))" }
            return Typed(sql: "(\(sa) \(op) \(sb))", type: t)
        }
    }

    static func arithmeticType(_ a: PGType, _ b: PGType) -> PGType {
        let rank: [PGType.Base: Int] = [.smallint: 1, .integer: 2, .bigint: 3, .numeric: 4, .real: 5, .double: 6]
        let ra = rank[a.base] ?? 0, rb = rank[b.base] ?? 0
        if ra == 0 && rb == 0 { return .numeric }
        let best = ra >= rb ? a : b
        if best.base == .smallint { return .integer }
        if best.base == .numeric { return .numeric }
        return PGType(best.base)
    }

    private mutating func caseWhen(_ operand: Expr?, _ whens: [WhenClause], _ otherwise: Expr?,
                                   _ scope: RenderScope) throws(DSQLError) -> Typed {
        var sql = "CASE"
        var results: [Typed] = []
        let op = try operand.map { (e: Expr) throws(DSQLError) -> Typed in try expr(e, scope) }
        if let op { sql += " " + op.sql }
        // Each condition is rendered once (rendering it again below would double the work at
        // every nesting level of CASE inside CASE).
        var conditions: [String] = []
        for w in whens {
            let c = try expr(w.condition, scope)
            let cs = op.map { (o: Typed) -> String in (try? comparable(o, c).1) ?? c.sql } ?? c.sql
            conditions.append(cs)
            let r = try expr(w.result, scope)
            results.append(r)
            sql += " WHEN \(cs) THEN \(r.sql)"
        }
        if let otherwise {
            let r = try expr(otherwise, scope)
            results.append(r)
            sql += " ELSE \(r.sql)"
        }
        let first = results.first { $0.type.base != .unknown }?.type ?? .text
        let t = results.allSatisfy({ $0.type == first || $0.literal == .null }) ? first : first.widened
        // Unknown literals among the results take the common type, as PostgreSQL resolves CASE.
        if t.base != .unknown, results.contains(where: { $0.type.base == .unknown && $0.literal != nil && $0.literal != .null }) {
            sql = "CASE" + (op.map { " " + $0.sql } ?? "")
            for (i, cs) in conditions.enumerated() {
                sql += " WHEN \(cs) THEN \(try coerce(results[i], to: t, explicit: true))"
            }
            if otherwise != nil { sql += " ELSE \(try coerce(results[conditions.count], to: t, explicit: true))" }
        }
        return Typed(sql: sql + " END", type: t, name: "case")
    }
}
