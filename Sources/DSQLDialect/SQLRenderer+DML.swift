import DSQLClient

/// INSERT / UPDATE / DELETE rendering. Every value written to a column is converted with
/// `rs_coerce(value, '<type spec>')` (or folded now, for literals), so PostgreSQL's input and length
/// errors happen; NOT NULL, UNIQUE and CHECK are left to SQLite and mapped back by `DialectErrors`.
extension SQLRenderer {
    /// The scope of a single target table (for SET, WHERE, RETURNING).
    func targetScope(_ def: TableDef, alias: String?) throws(DSQLError) -> RenderScope {
        var scope = RenderScope()
        try scope.add(.init(alias: alias ?? def.name, columns: def.columns, table: def))
        return scope
    }

    /// A value for `column` (nil = the DEFAULT keyword), converted to the column's type.
    mutating func assignedValue(_ value: Expr?, _ col: ColumnDef, _ scope: RenderScope,
                                forUpdate: Bool) throws(DSQLError) -> String {
        guard let value else {
            if col.identity != nil, forUpdate { throw .notYetSupported("SET identity column = DEFAULT") }
            return col.defaultSQLite ?? "NULL"
        }
        if let id = col.identity, id.always {
            throw DSQLError(
                sqlstate: "428C9",
                message: forUpdate ? "column \"\(col.name)\" can only be updated to DEFAULT"
                    : "cannot insert a non-DEFAULT value into column \"\(col.name)\"",
                detail: forUpdate ? nil : "Column \"\(col.name)\" is an identity column defined as GENERATED ALWAYS.")
        }
        return try coerce(try expr(value, scope), to: col.type, explicit: false)
    }

    mutating func returning(_ items: [SelectItem], _ scope: RenderScope) throws(DSQLError) -> (String, [ResultColumn]) {
        guard !items.isEmpty else { return ("", []) }
        for item in items { try Self.refuseAggregates(item.expr, in: "RETURNING") }
        let saved = unqualified
        unqualified = true
        defer { unqualified = saved }
        var parts: [String] = []
        var cols: [ResultColumn] = []
        for item in items {
            if case .star = item.expr {
                for c in scope.innermost.flatMap({ $0.columns }) where !c.hidden {
                    parts.append(SQLText.ident(c.name) + " AS " + SQLText.ident(c.name))
                    cols.append(ResultColumn(name: c.name, type: c.type))
                }
                continue
            }
            let t = try expr(item.expr, scope)
            let name = item.alias ?? t.name
            parts.append(t.sql + " AS " + SQLText.ident(name))
            cols.append(ResultColumn(name: name, type: t.type.base == .unknown ? .text : t.type))
        }
        return (" RETURNING " + parts.joined(separator: ", "), cols)
    }

    mutating func insert(_ ins: InsertStatement) throws(DSQLError) -> (String, [ResultColumn]) {
        let def = try catalog.resolveTable(ins.table)
        if ins.table == "sys.jobs" { throw DSQLError(sqlstate: "42501", message: "permission denied for table jobs") }
        tablesWritten.insert(def.name)
        let names = ins.columns ?? def.visibleColumns.map(\.name)
        var cols: [ColumnDef] = []
        for n in names {
            guard let c = def.column(n), !c.hidden else { throw .undefinedColumn(n, relation: def.name) }
            if cols.contains(where: { $0.name == n }) { throw .duplicateColumn(n) }
            cols.append(c)
        }
        let scope = try targetScope(def, alias: ins.alias)
        var sql = "INSERT INTO " + SQLText.ident(def.name)
        if ins.alias != nil { sql += " AS " + SQLText.ident(ins.alias!) }
        switch ins.source {
        case .defaultValues:
            sql += " DEFAULT VALUES"
        case .values(let rows):
            sql += " (" + cols.map { SQLText.ident($0.name) }.joined(separator: ", ") + ") VALUES "
            var rendered: [String] = []
            for row in rows {
                guard row.count <= cols.count else {
                    throw DSQLError(sqlstate: "42601", message: "INSERT has more expressions than target columns")
                }
                guard row.count == cols.count else {
                    throw DSQLError(sqlstate: "42601", message: "INSERT has more target columns than expressions")
                }
                var vals: [String] = []
                for (v, c) in zip(row, cols) {
                    if let v { try Self.refuseAggregates(v, in: "VALUES") }
                    vals.append(try assignedValue(v, c, RenderScope(), forUpdate: false))
                }
                rendered.append("(" + vals.joined(separator: ", ") + ")")
            }
            sql += rendered.joined(separator: ", ")
        case .select(let sel):
            let forced = (0..<cols.count).map { "__c\($0 + 1)" }
            let r = try select(sel, RenderScope(), forcedNames: forced)
            guard r.columns.count == cols.count else {
                throw DSQLError(sqlstate: "42601", message: r.columns.count > cols.count
                    ? "INSERT has more expressions than target columns" : "INSERT has more target columns than expressions")
            }
            var vals: [String] = []
            for (i, c) in cols.enumerated() {
                if let id = c.identity, id.always {
                    throw DSQLError(sqlstate: "428C9", message: "cannot insert a non-DEFAULT value into column \"\(c.name)\"")
                }
                let src = Typed(sql: "\"__s\"." + SQLText.ident(forced[i]), type: r.columns[i].type)
                vals.append(try coerce(src, to: c.type, explicit: false))
            }
            sql += " (" + cols.map { SQLText.ident($0.name) }.joined(separator: ", ") + ") SELECT "
                + vals.joined(separator: ", ") + " FROM (" + r.sql + ") AS \"__s\" WHERE true"
        }
        if let action = ins.conflictAction {
            sql += " ON CONFLICT"
            if let target = ins.conflictTarget {
                for c in target where def.column(c) == nil { throw .undefinedColumn(c) }
                guard def.hasUniqueKey(target) else {
                    throw DSQLError(sqlstate: "42P10",
                                    message: "there is no unique or exclusion constraint matching the ON CONFLICT specification")
                }
                sql += " (" + target.map(SQLText.ident).joined(separator: ", ") + ")"
            }
            switch action {
            case .nothing: sql += " DO NOTHING"
            case .update(let assignments, let whereClause):
                var s = scope
                try s.add(.init(alias: "excluded", columns: def.columns, table: nil))
                sql += " DO UPDATE SET " + (try setList(assignments, def, s))
                if let w = whereClause {
                    try Self.refuseAggregates(w, in: "WHERE")
                    sql += " WHERE " + (try expr(w, s)).sql
                }
            }
        }
        let (ret, cols2) = try returning(ins.returning, scope)
        return (sql + ret, cols2)
    }

    private mutating func setList(_ assignments: [Assignment], _ def: TableDef, _ scope: RenderScope) throws(DSQLError) -> String {
        var parts: [String] = []
        var seen: Set<String> = []
        for a in assignments {
            guard let c = def.column(a.column), !c.hidden else { throw .undefinedColumn(a.column, relation: def.name) }
            guard seen.insert(a.column).inserted else {
                throw DSQLError(sqlstate: "42601", message: "multiple assignments to same column \"\(a.column)\"")
            }
            if let v = a.value { try Self.refuseAggregates(v, in: "UPDATE") }
            parts.append(SQLText.ident(c.name) + " = " + (try assignedValue(a.value, c, scope, forUpdate: true)))
        }
        return parts.joined(separator: ", ")
    }

    mutating func update(_ up: UpdateStatement) throws(DSQLError) -> (String, [ResultColumn]) {
        let def = try catalog.resolveTable(up.table)
        if up.table == "sys.jobs" { throw DSQLError(sqlstate: "42501", message: "permission denied for table jobs") }
        tablesWritten.insert(def.name)
        var scope = try targetScope(def, alias: up.alias)
        var fromSQL: [String] = []
        if !up.from.isEmpty {
            // FROM items join the target's level so SET and WHERE can reference them.
            for item in up.from { fromSQL.append(try fromItem(item, &scope, outer: RenderScope())) }
        }
        var sql = "UPDATE " + SQLText.ident(def.name)
        if let a = up.alias { sql += " AS " + SQLText.ident(a) }
        sql += " SET " + (try setList(up.assignments, def, scope))
        if !fromSQL.isEmpty { sql += " FROM " + fromSQL.joined(separator: ", ") }
        if let w = up.whereClause {
            try Self.refuseAggregates(w, in: "WHERE")
            sql += " WHERE " + (try expr(w, scope)).sql
        }
        let targetOnly = try targetScope(def, alias: up.alias)
        let (ret, cols) = try returning(up.returning, targetOnly)
        return (sql + ret, cols)
    }

    mutating func delete(_ del: DeleteStatement) throws(DSQLError) -> (String, [ResultColumn]) {
        let def = try catalog.resolveTable(del.table)
        if del.table == "sys.jobs" { throw DSQLError(sqlstate: "42501", message: "permission denied for table jobs") }
        tablesWritten.insert(def.name)
        let scope = try targetScope(def, alias: del.alias)
        var sql = "DELETE FROM " + SQLText.ident(def.name)
        if let a = del.alias { sql += " AS " + SQLText.ident(a) }
        if let w = del.whereClause {
            try Self.refuseAggregates(w, in: "WHERE")
            sql += " WHERE " + (try expr(w, scope)).sql
        }
        let (ret, cols) = try returning(del.returning, scope)
        return (sql + ret, cols)
    }
}

