import DSQLClient

/// CREATE TABLE and CREATE INDEX ASYNC: catalog changes, DSQL limits (dsql.md §5.2) and SQLite DDL.
extension Catalog {
    mutating func createTable(_ ct: CreateTableStatement, unchanged: Catalog) throws(DSQLError) -> DDLApplication {
        if unchanged.relationExists(ct.name) {
            if ct.ifNotExists {
                return DDLApplication(catalog: unchanged, sqlite: [], commandTag: "CREATE TABLE",
                                      notice: "relation \"\(ct.name)\" already exists, skipping")
            }
            throw .duplicateTable(ct.name)
        }
        if ct.name.contains(".") { throw .notYetSupported("creating tables outside schema public") }
        if tables.count >= 1000 { throw .tooManyTables }
        if ct.columns.count > 255 { throw .tooManyColumns }
        var t = TableDef(name: ct.name, columns: [], primaryKey: [], primaryKeyName: "", uniques: [], checks: [])
        var taken: Set<String> = []
        for spec in ct.columns {
            if t.column(spec.name) != nil { throw .duplicateColumn(spec.name) }
            t.columns.append(try Self.columnDef(spec))
        }
        var pkName: String?
        func setPK(_ cols: [String], _ name: String?) throws(DSQLError) {
            guard t.primaryKey.isEmpty else {
                throw DSQLError(sqlstate: "42P16", message: "multiple primary keys for table \"\(ct.name)\" are not allowed")
            }
            t.primaryKey = cols
            pkName = name
        }
        var uniqueSpecs: [(String?, [String])] = []
        var checkSpecs: [(CheckSpec, String?)] = []
        for spec in ct.columns {
            if spec.primaryKey { try setPK([spec.name], spec.primaryKeyName) }
            if spec.unique { uniqueSpecs.append((spec.uniqueName, [spec.name])) }
            for c in spec.checks { checkSpecs.append((c, spec.name)) }
        }
        for c in ct.constraints {
            switch c {
            case .primaryKey(let name, let cols): try setPK(cols, name)
            case .unique(let name, let cols): uniqueSpecs.append((name, cols))
            case .check(let spec): checkSpecs.append((spec, nil))
            }
        }
        for col in t.primaryKey + uniqueSpecs.flatMap(\.1) where t.column(col) == nil {
            throw DSQLError(sqlstate: "42703", message: "column \"\(col)\" named in key does not exist")
        }
        if t.primaryKey.count > 8 || uniqueSpecs.contains(where: { $0.1.count > 8 }) { throw .tooManyKeyColumns }
        if uniqueSpecs.count + 1 > 24 { throw .tooManyIndexes }
        // Primary key columns are NOT NULL.
        for i in t.columns.indices where t.primaryKey.contains(t.columns[i].name) { t.columns[i].notNull = true }
        if t.primaryKey.isEmpty {
            t.columns.append(ColumnDef(name: TableDef.hiddenKeyColumn, type: .text, notNull: true,
                                       defaultSQLite: "rs_gen_random_uuid()", hidden: true))
            t.primaryKey = [TableDef.hiddenKeyColumn]
        }
        t.primaryKeyName = pkName ?? uniqueName("\(ct.name)_pkey", taken: taken)
        taken.insert(t.primaryKeyName)
        for (name, cols) in uniqueSpecs {
            let n = name ?? uniqueName("\(ct.name)_\(cols.joined(separator: "_"))_key", taken: taken)
            taken.insert(n)
            t.uniques.append(UniqueDef(name: n, columns: cols, isIndex: false))
        }
        for (spec, column) in checkSpecs {
            let n = spec.name ?? uniqueName("\(ct.name)_\(column ?? Self.firstColumn(spec.exprSQL, t) ?? "")_check"
                .replacingOccurrences(of: "__check", with: "_check"), taken: taken)
            taken.insert(n)
            t.checks.append(CheckDef(name: n, exprSQL: spec.exprSQL))
        }
        // Identity columns other than a single-column primary key draw from an owned sequence.
        for i in t.columns.indices where t.columns[i].identity != nil && t.primaryKey != [t.columns[i].name] {
            let seq = uniqueName("\(t.name)_\(t.columns[i].name)_seq", taken: taken)
            taken.insert(seq)
            sequences[seq] = SequenceDef(name: seq, start: 1, increment: 1, cache: t.columns[i].identity!.cache,
                                         ownedBy: "\(t.name).\(t.columns[i].name)")
            t.columns[i].notNull = true
            t.columns[i].defaultSQLite = "rs_nextval(\(SQLText.string(seq)), 1, 1)"
        }
        for i in t.columns.indices where !t.columns[i].hidden && t.columns[i].identity == nil {
            t.columns[i].defaultSQLite = try Self.renderDefault(t.columns[i], catalog: self)
        }
        // SQLite DDL.
        var parts: [String] = []
        let identityPK = t.primaryKey.count == 1 && t.column(t.primaryKey[0])?.identity != nil
        for col in t.columns {
            parts.append(try Self.columnSQL(col, table: t, identityPK: identityPK && col.name == t.primaryKey[0], catalog: self))
        }
        if !identityPK {
            parts.append("CONSTRAINT \(SQLText.ident(t.primaryKeyName)) PRIMARY KEY (\(t.primaryKey.map(SQLText.ident).joined(separator: ", ")))")
        }
        for u in t.uniques {
            parts.append("CONSTRAINT \(SQLText.ident(u.name)) UNIQUE (\(u.columns.map(SQLText.ident).joined(separator: ", ")))")
        }
        for c in t.checks {
            parts.append("CONSTRAINT \(SQLText.ident(c.name)) CHECK (\(try Self.renderCheck(c.exprSQL, table: t, catalog: self)))")
        }
        tables[t.name] = t
        let sql = "CREATE TABLE \(SQLText.ident(t.name)) (" + parts.joined(separator: ", ") + ")"
        return DDLApplication(catalog: self, sqlite: [sql], commandTag: "CREATE TABLE", touchedTables: [t.name])
    }

    mutating func createIndex(_ ci: CreateIndexStatement, context: DDLContext, unchanged: Catalog) throws(DSQLError) -> DDLApplication {
        guard var t = tables[ci.table] else { throw .undefinedTable(ci.table) }
        let name = ci.name ?? uniqueName("\(ci.table)_\(ci.columns.joined(separator: "_"))_idx")
        if unchanged.relationExists(name) {
            if ci.ifNotExists {
                return DDLApplication(catalog: unchanged, sqlite: [], commandTag: "CREATE INDEX",
                                      notice: "relation \"\(name)\" already exists, skipping")
            }
            throw .duplicateTable(name)
        }
        for c in ci.columns + ci.include where t.column(c) == nil || t.column(c)!.hidden { throw .undefinedColumn(c) }
        if ci.columns.count > 8 { throw .tooManyKeyColumns }
        for c in ci.columns {
            let ty = t.column(c)!.type.base
            if [.json, .jsonb, .bytea, .interval].contains(ty) {
                throw DSQLError(sqlstate: "0A000", message: "data type \(t.column(c)!.type.pgName) is not indexable")
            }
        }
        let existing = 1 + t.uniques.filter { !$0.isIndex }.count + indexes.values.filter { $0.table == t.name }.count
        if existing >= 24 { throw .tooManyIndexes }
        indexes[name] = IndexDef(name: name, table: t.name, columns: ci.columns, include: ci.include,
                                 unique: ci.unique, jobID: context.jobID)
        if ci.unique {
            t.uniques.append(UniqueDef(name: name, columns: ci.columns, isIndex: true))
            tables[t.name] = t
        }
        let ts = SQLText.string(PGDateTime.format(context.timestamp, zone: true))
        let sql = [
            "CREATE \(ci.unique ? "UNIQUE " : "")INDEX \(SQLText.ident(name)) ON \(SQLText.ident(t.name)) ("
                + ci.columns.map(SQLText.ident).joined(separator: ", ") + ")",
            "INSERT INTO \(SQLText.ident(Catalog.jobsTable)) VALUES (\(SQLText.string(context.jobID)), 'completed', NULL, "
                + "'INDEX_BUILD', NULL, NULL, \(SQLText.string("public." + name)), \(ts), \(ts))",
        ]
        return DDLApplication(catalog: self, sqlite: sql, commandTag: "CREATE INDEX",
                              resultColumns: [ResultColumn(name: "job_id", type: .text)],
                              resultRows: [[.text(context.jobID)]], touchedTables: [t.name])
    }

    /// The catalog column for a column spec (unsized numeric becomes DSQL's numeric(18,6)).
    static func columnDef(_ spec: ColumnSpec) throws(DSQLError) -> ColumnDef {
        var type = spec.type
        if type.base == .numeric && type.length == nil { type = PGType(.numeric, length: 18, scale: 6) }
        return ColumnDef(name: spec.name, type: type, notNull: spec.notNull || spec.primaryKey,
                         defaultSQL: spec.defaultSQL, identity: spec.identity)
    }

    static func columnSQL(_ col: ColumnDef, table: TableDef, identityPK: Bool, catalog: Catalog) throws(DSQLError) -> String {
        if identityPK { return "\(SQLText.ident(col.name)) INTEGER PRIMARY KEY AUTOINCREMENT" }
        var s = "\(SQLText.ident(col.name)) \(col.type.sqliteType)"
        if col.notNull { s += " NOT NULL" }
        if let d = col.defaultSQLite { s += " DEFAULT (\(d))" }
        return s
    }

    /// The DEFAULT rendered for SQLite and converted to the column type.
    static func renderDefault(_ col: ColumnDef, catalog: Catalog) throws(DSQLError) -> String? {
        guard let text = col.defaultSQL else { return nil }
        let e = try Parser.parseExpression(text)
        var bad = false
        e.visit { if case .column = $0 { bad = true }; if case .subquery = $0 { bad = true } }
        if bad { throw .unsupported("cannot use column reference in DEFAULT expression") }
        var r = SQLRenderer(catalog: catalog)
        let t = try r.expr(e, RenderScope())
        if case .null? = t.literal { return nil }
        return try r.coerce(t, to: col.type, explicit: false)
    }

    /// True when a DEFAULT text is a literal (SQLite's ALTER TABLE ADD COLUMN needs one).
    static func isConstant(_ text: String) throws(DSQLError) -> Bool {
        var r = SQLRenderer(catalog: Catalog())
        return try r.expr(try Parser.parseExpression(text), RenderScope()).literal != nil
    }

    /// A CHECK expression rendered for SQLite against the table's columns.
    static func renderCheck(_ text: String, table: TableDef, catalog: Catalog) throws(DSQLError) -> String {
        var r = SQLRenderer(catalog: catalog)
        r.unqualified = true
        var scope = RenderScope()
        try scope.add(.init(alias: table.name, columns: table.columns, table: table))
        return try r.expr(try Parser.parseExpression(text), scope).sql
    }

    static func firstColumn(_ text: String, _ t: TableDef) -> String? {
        guard let e = try? Parser.parseExpression(text) else { return nil }
        var found: String?
        e.visit { if found == nil, case .column(_, let n, _) = $0, t.column(n) != nil { found = n } }
        return found
    }
}
