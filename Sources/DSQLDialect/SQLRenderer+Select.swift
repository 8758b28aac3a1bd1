import DSQLClient

/// A column of a statement's result: PostgreSQL's output name and type.
public struct ResultColumn: Sendable, Hashable, Codable {
    public var name: String
    public var type: PGType

    public init(name: String, type: PGType) {
        self.name = name
        self.type = type
    }
}

/// A rendered SELECT: SQLite text and its result columns.
struct RenderedSelect: Sendable {
    var sql: String
    var columns: [ResultColumn]
}

/// SELECT rendering: FROM items and joins, `*` expansion, grouping, UNION, ORDER BY with PostgreSQL's
/// NULLS ordering (made explicit, since SQLite sorts NULLs the other way), LIMIT / OFFSET.
extension SQLRenderer {
    mutating func select(_ st: SelectStatement, _ outer: RenderScope, forcedNames: [String]? = nil) throws(DSQLError) -> RenderedSelect {
        var (sql, columns, armScope) = try selectArm(st, outer, forcedNames: forcedNames)
        for u in st.unions {
            let (armSQL, armCols, _) = try selectArm(u.select, outer, forcedNames: nil)
            guard armCols.count == columns.count else {
                throw DSQLError.syntax("each UNION query must have the same number of columns")
            }
            sql += (u.all ? " UNION ALL " : " UNION ") + armSQL
        }
        if !st.orderBy.isEmpty {
            var terms: [String] = []
            for o in st.orderBy {
                var t: String
                if case .integer(let k) = o.expr {
                    guard k >= 1 && Int(k) <= columns.count else {
                        throw DSQLError(sqlstate: "42P10", message: "ORDER BY position \(k) is not in select list")
                    }
                    t = String(k)
                } else if case .column(nil, let name, _) = o.expr, columns.contains(where: { $0.name == name }) {
                    t = SQLText.ident(name)
                } else {
                    guard st.unions.isEmpty else {
                        throw .notYetSupported("ORDER BY expressions on UNION results")
                    }
                    t = try expr(o.expr, armScope).sql
                    if st.distinct {
                        var rendered: [String] = []
                        for item in st.items { rendered += try expandItem(item, armScope).map(\.1.sql) }
                        if !rendered.contains(t) {
                            throw DSQLError(sqlstate: "42P10",
                                            message: "for SELECT DISTINCT, ORDER BY expressions must appear in select list")
                        }
                    }
                }
                // Intervals are stored as text; order them by PostgreSQL's interval ordering.
                var termType: PGType?
                if case .integer(let k) = o.expr { termType = columns[Int(k) - 1].type }
                else if case .column(nil, let name, _) = o.expr, let c = columns.first(where: { $0.name == name }) { termType = c.type }
                else if st.unions.isEmpty { termType = try expr(o.expr, armScope).type }
                if termType?.base == .interval {
                    if case .integer(let k) = o.expr { t = SQLText.ident(columns[Int(k) - 1].name) }
                    t = "rs_interval_key(\(t))"
                }
                let nullsFirst = o.nullsFirst ?? o.descending
                terms.append("\(t) \(o.descending ? "DESC" : "ASC") NULLS \(nullsFirst ? "FIRST" : "LAST")")
            }
            sql += " ORDER BY " + terms.joined(separator: ", ")
        }
        if let limit = st.limit {
            sql += " LIMIT " + (try limitValue(limit, "LIMIT", armScope))
        } else if st.offset != nil {
            sql += " LIMIT -1"
        }
        if let offset = st.offset {
            sql += " OFFSET " + (try limitValue(offset, "OFFSET", armScope))
        }
        return RenderedSelect(sql: sql, columns: columns)
    }

    /// LIMIT / OFFSET value: a bigint, never negative (2201W / 2201X); NULL means no limit.
    private mutating func limitValue(_ e: Expr, _ clause: String, _ scope: RenderScope) throws(DSQLError) -> String {
        try Self.refuseAggregates(e, in: clause)
        let t = try expr(e, scope)
        noteParam(t, as: .bigint)
        if t.literal == .null { return clause == "LIMIT" ? "-1" : "0" }
        if let lit = t.literal, case .integer(let n) = try PGCoercion.coerce(lit, to: .bigint, explicit: true) {
            if n < 0 { throw Self.negative(clause) }
            return String(n)
        }
        return "rs_limit(\(t.sql), '\(clause)')"
    }

    static func negative(_ clause: String) -> DSQLError {
        DSQLError(sqlstate: clause == "LIMIT" ? "2201W" : "2201X", message: "\(clause) must not be negative")
    }

    /// One SELECT arm (no ORDER BY / LIMIT); returns its scope for ORDER BY.
    private mutating func selectArm(_ st: SelectStatement, _ outer: RenderScope,
                                    forcedNames: [String]?) throws(DSQLError) -> (String, [ResultColumn], RenderScope) {
        var scope = outer.pushed()
        var fromSQL: [String] = []
        for item in st.from { fromSQL.append(try fromItem(item, &scope, outer: outer)) }
        var items: [String] = []
        var columns: [ResultColumn] = []
        for item in st.items {
            for t in try expandItem(item, scope) {
                let name = columns.count < (forcedNames?.count ?? 0) ? forcedNames![columns.count] : t.0
                let type = t.1.type.base == .unknown ? PGType.text : t.1.type
                items.append("\(t.1.sql) AS \(SQLText.ident(name))")
                columns.append(ResultColumn(name: name, type: type))
            }
        }
        var sql = "SELECT " + (st.distinct ? "DISTINCT " : "") + (items.isEmpty ? "NULL" : items.joined(separator: ", "))
        if !fromSQL.isEmpty { sql += " FROM " + fromSQL.joined(separator: ", ") }
        if let w = st.whereClause {
            try Self.refuseAggregates(w, in: "WHERE")
            let t = try expr(w, scope)
            noteParam(t, as: .boolean)
            sql += " WHERE " + t.sql
        }
        if !st.groupBy.isEmpty {
            var terms: [String] = []
            for g in st.groupBy {
                try Self.refuseAggregates(g, in: "GROUP BY")
                if case .column(nil, let name, _) = g, (try? scope.resolve(table: nil, name: name)) == nil,
                   let k = columns.firstIndex(where: { $0.name == name }) {
                    terms.append(String(k + 1))
                } else {
                    terms.append(try expr(g, scope).sql)
                }
            }
            sql += " GROUP BY " + terms.joined(separator: ", ")
        }
        if let h = st.having { sql += " HAVING " + (try expr(h, scope)).sql }
        try checkGrouping(st, scope)
        return (sql, columns, scope)
    }

    /// Expands `*` / `t.*` and renders other items with their output names.
    private mutating func expandItem(_ item: SelectItem, _ scope: RenderScope) throws(DSQLError) -> [(String, Typed)] {
        if case .star(let table) = item.expr {
            let visible = scope.innermost.filter { table == nil || $0.alias == table }
            if let table, visible.isEmpty {
                throw DSQLError(sqlstate: "42P01", message: "missing FROM-clause entry for table \"\(table)\"")
            }
            if visible.isEmpty { throw DSQLError.syntax("SELECT * with no tables specified") }
            // `JOIN ... USING (c)`: an unqualified `*` shows each merged column once, first.
            let merged = table == nil ? scope.usingColumns : []
            var out: [(String, Typed)] = []
            for it in visible {
                for c in it.columns where merged.contains(c.name) && !out.contains(where: { $0.0 == c.name }) {
                    out.append((c.name, Typed(sql: SQLText.ident(c.name), type: c.type, name: c.name)))
                }
            }
            return out + visible.flatMap { it in
                it.columns.filter { !$0.hidden && !merged.contains($0.name) }.map { c in
                    (c.name, Typed(sql: unqualified ? SQLText.ident(c.name) : SQLText.ident(it.alias) + "." + SQLText.ident(c.name),
                                   type: c.type, name: c.name))
                }
            }
        }
        let t = try expr(item.expr, scope)
        return [(item.alias ?? t.name, t)]
    }

    mutating func fromItem(_ item: FromItem, _ scope: inout RenderScope, outer: RenderScope) throws(DSQLError) -> String {
        switch item {
        case .table(let name, let alias, _):
            if let (cols, rows) = catalog.virtualTable(name) {
                let a = alias ?? String(name.split(separator: ".").last ?? Substring(name))
                try scope.add(.init(alias: a, columns: cols))
                return "(" + catalog.virtualTableSQL(cols, rows) + ") AS " + SQLText.ident(a)
            }
            let def = try catalog.resolveTable(name)
            tablesRead.insert(Catalog.sqliteName(name))
            let a = alias ?? String(name.split(separator: ".").last ?? Substring(name))
            try scope.add(.init(alias: a, columns: def.columns, table: def))
            return SQLText.ident(Catalog.sqliteName(name)) + " AS " + SQLText.ident(a)
        case .subquery(let sub, let alias):
            let r = try select(sub, outer)
            try scope.add(.init(alias: alias, columns: r.columns.map { ColumnDef(name: $0.name, type: $0.type) }))
            return "(\(r.sql)) AS \(SQLText.ident(alias))"
        case .join(let j):
            let before = scope.innermost.count
            let l = try fromItem(j.left, &scope, outer: outer)
            let mid = scope.innermost.count
            let r = try fromItem(j.right, &scope, outer: outer)
            let n = scope.levels.count - 1
            if j.kind == .left || j.kind == .full { for i in mid..<scope.innermost.count { scope.levels[n][i].nullable = true } }
            if j.kind == .right || j.kind == .full { for i in before..<mid { scope.levels[n][i].nullable = true } }
            var sql = "\(l) \(j.kind.rawValue) \(r)"
            if let on = j.on {
                try Self.refuseAggregates(on, in: "JOIN conditions")
                sql += " ON " + (try expr(on, scope)).sql
            }
            if !j.using.isEmpty {
                for c in j.using {
                    let left = scope.innermost[before..<mid].contains { $0.columns.contains { $0.name == c } }
                    let right = scope.innermost[mid...].contains { $0.columns.contains { $0.name == c } }
                    guard left && right else {
                        throw DSQLError(sqlstate: "42703",
                                        message: "column \"\(c)\" specified in USING clause does not exist in \(left ? "right" : "left") table")
                    }
                    scope.usingColumns.insert(c)
                }
                sql += " USING (" + j.using.map(SQLText.ident).joined(separator: ", ") + ")"
            }
            return sql
        }
    }
}
