import DSQLClient

/// Inputs to a DDL application that must be identical in every region (they travel in the log entry).
public struct DDLContext: Sendable, Hashable, Codable {
    /// Job id for CREATE INDEX ASYNC (see `JobID.generate`).
    public var jobID: String
    /// Commit time of the DDL, microseconds since the epoch (for `sys.jobs` timestamps).
    public var timestamp: Int64

    public init(jobID: String, timestamp: Int64) {
        self.jobID = jobID
        self.timestamp = timestamp
    }
}

/// The result of applying one DDL statement to a catalog.
public struct DDLApplication: Sendable, Hashable {
    /// The new catalog.
    public var catalog: Catalog
    /// SQLite statements to run, in order, in the same transaction.
    public var sqlite: [String]
    /// PostgreSQL command tag (`CREATE TABLE`, `CREATE INDEX`, ...).
    public var commandTag: String
    /// Result rows (CREATE INDEX ASYNC returns one `job_id` row).
    public var resultColumns: [ResultColumn] = []
    public var resultRows: [[SQLValue]] = []
    /// PostgreSQL NOTICE text for IF [NOT] EXISTS no-ops.
    public var notice: String?
    /// Tables whose definition changed (sessions using them get OC001).
    public var touchedTables: Set<String> = []
}

extension Catalog {
    /// Parses and applies DDL text, as a region does when it applies a schema log entry.
    public func applying(sql: String, context: DDLContext) throws(DSQLError) -> DDLApplication {
        let stmt = try Parser.parse(sql)
        guard stmt.isDDL else { throw DSQLError(sqlstate: "XX000", message: "internal error: not a DDL statement") }
        return try applying(stmt, context: context)
    }

    /// Applies a DDL statement: a pure function of (catalog, statement, context).
    /// `TableDef.columns` stays in the SQLite table's column order (changeset column indexes).
    public func applying(_ stmt: Statement, context: DDLContext) throws(DSQLError) -> DDLApplication {
        var next = self
        next.version += 1
        switch stmt {
        case .createTable(let ct): return try next.createTable(ct, unchanged: self)
        case .createIndex(let ci): return try next.createIndex(ci, context: context, unchanged: self)
        case .dropTable(let names, let ifExists):
            var sql: [String] = []
            var touched: Set<String> = []
            for n in names {
                guard next.tables[n] != nil else {
                    if ifExists { continue }
                    throw .undefinedTable(n)
                }
                next.tables[n] = nil
                next.indexes = next.indexes.filter { $0.value.table != n }
                next.sequences = next.sequences.filter { !($0.value.ownedBy?.hasPrefix(n + ".") ?? false) }
                sql.append("DROP TABLE " + SQLText.ident(n))
                touched.insert(n)
            }
            if touched.isEmpty {
                return DDLApplication(catalog: self, sqlite: [], commandTag: "DROP TABLE",
                                      notice: "table \"\(names[0])\" does not exist, skipping")
            }
            return DDLApplication(catalog: next, sqlite: sql, commandTag: "DROP TABLE", touchedTables: touched)
        case .dropIndex(let names, let ifExists):
            var sql: [String] = []
            var touched: Set<String> = []
            for n in names {
                guard let ix = next.indexes[n] else {
                    if let t = next.tables.values.first(where: { $0.primaryKeyName == n || $0.uniques.contains { $0.name == n } }) {
                        throw DSQLError(sqlstate: "2BP01",
                                        message: "cannot drop index \(n) because constraint \(n) on table \(t.name) requires it")
                    }
                    if ifExists { continue }
                    throw DSQLError(sqlstate: "42704", message: "index \"\(n)\" does not exist")
                }
                next.indexes[n] = nil
                next.tables[ix.table]?.uniques.removeAll { $0.name == n }
                sql.append("DROP INDEX " + SQLText.ident(n))
                touched.insert(ix.table)
            }
            if touched.isEmpty {
                return DDLApplication(catalog: self, sqlite: [], commandTag: "DROP INDEX",
                                      notice: "index \"\(names[0])\" does not exist, skipping")
            }
            return DDLApplication(catalog: next, sqlite: sql, commandTag: "DROP INDEX", touchedTables: touched)
        case .alterTable(let at): return try next.alterTable(at, unchanged: self)
        case .dropSequence(let names, let ifExists):
            var dropped = false
            for n in names {
                guard let seq = next.sequences[n] else {
                    if ifExists { continue }
                    throw DSQLError(sqlstate: "42P01", message: "sequence \"\(n)\" does not exist")
                }
                if let owner = seq.ownedBy {
                    throw DSQLError(sqlstate: "2BP01", message: "cannot drop sequence \(n) because column \(owner.split(separator: ".").last!) of table \(owner.split(separator: ".").first!) requires it")
                }
                next.sequences[n] = nil
                dropped = true
            }
            if !dropped {
                return DDLApplication(catalog: self, sqlite: [], commandTag: "DROP SEQUENCE",
                                      notice: "sequence \"\(names[0])\" does not exist, skipping")
            }
            return DDLApplication(catalog: next, sqlite: [], commandTag: "DROP SEQUENCE")
        case .createSequence(let cs):
            if relationExists(cs.name) {
                if cs.ifNotExists {
                    return DDLApplication(catalog: self, sqlite: [], commandTag: "CREATE SEQUENCE",
                                          notice: "relation \"\(cs.name)\" already exists, skipping")
                }
                throw .duplicateTable(cs.name)
            }
            if sequences.count >= 5000 {
                throw DSQLError(sqlstate: "54000", message: "creating more than 5000 sequences is not allowed")
            }
            next.sequences[cs.name] = SequenceDef(name: cs.name, start: cs.start, increment: cs.increment, cache: cs.cache)
            return DDLApplication(catalog: next, sqlite: [], commandTag: "CREATE SEQUENCE")
        default:
            throw DSQLError(sqlstate: "XX000", message: "internal error: not a DDL statement")
        }
    }

    private mutating func alterTable(_ at: AlterTableStatement, unchanged: Catalog) throws(DSQLError) -> DDLApplication {
        guard var t = tables[at.table] else {
            if at.ifExists {
                return DDLApplication(catalog: unchanged, sqlite: [], commandTag: "ALTER TABLE",
                                      notice: "relation \"\(at.table)\" does not exist, skipping")
            }
            throw .undefinedTable(at.table)
        }
        var sql: String
        switch at.action {
        case .addColumn(let spec, let ifNotExists):
            if t.column(spec.name) != nil {
                if ifNotExists {
                    return DDLApplication(catalog: unchanged, sqlite: [], commandTag: "ALTER TABLE",
                                          notice: "column \"\(spec.name)\" of relation \"\(t.name)\" already exists, skipping")
                }
                throw DSQLError(sqlstate: "42701", message: "column \"\(spec.name)\" of relation \"\(t.name)\" already exists")
            }
            if t.visibleColumns.count >= 255 { throw .tooManyColumns }
            if spec.identity != nil { throw .notYetSupported("ALTER TABLE ... ADD COLUMN with an identity") }
            var col = try Self.columnDef(spec)
            var checks: [CheckDef] = []
            for c in spec.checks { checks.append(CheckDef(name: c.name ?? uniqueName("\(t.name)_\(col.name)_check", in: t), exprSQL: c.exprSQL)) }
            t.columns.append(col)
            col.defaultSQLite = try Self.renderDefault(col, catalog: self)
            t.columns[t.columns.count - 1] = col
            if let d = spec.defaultSQL, !(try Self.isConstant(d)) {
                throw .notYetSupported("ALTER TABLE ... ADD COLUMN with a non-constant DEFAULT")
            }
            if col.notNull && col.defaultSQLite == nil {
                throw .notYetSupported("ALTER TABLE ... ADD COLUMN ... NOT NULL without a DEFAULT")
            }
            sql = "ALTER TABLE \(SQLText.ident(t.name)) ADD COLUMN " + (try Self.columnSQL(col, table: t, identityPK: false, catalog: self))
            for c in checks { sql += " CONSTRAINT \(SQLText.ident(c.name)) CHECK (\(try Self.renderCheck(c.exprSQL, table: t, catalog: self)))" }
            t.checks += checks
        case .dropColumn(let name, let ifExists):
            guard let col = t.column(name), !col.hidden else {
                if ifExists {
                    return DDLApplication(catalog: unchanged, sqlite: [], commandTag: "ALTER TABLE",
                                          notice: "column \"\(name)\" of relation \"\(t.name)\" does not exist, skipping")
                }
                throw .undefinedColumn(name, relation: t.name)
            }
            let indexed = t.primaryKey.contains(name) || t.uniques.contains { $0.columns.contains(name) }
                || indexes.values.contains { $0.table == t.name && ($0.columns + $0.include).contains(name) }
            if indexed { throw .notYetSupported("dropping a column that is part of a key or index") }
            if t.checks.contains(where: { $0.exprSQL.lowercased().contains(name) }) {
                throw .notYetSupported("dropping a column used by a CHECK constraint")
            }
            t.columns.removeAll { $0.name == col.name }
            sql = "ALTER TABLE \(SQLText.ident(t.name)) DROP COLUMN \(SQLText.ident(name))"
        }
        tables[t.name] = t
        return DDLApplication(catalog: self, sqlite: [sql], commandTag: "ALTER TABLE", touchedTables: [t.name])
    }

    /// A constraint name not used yet (PostgreSQL appends 1, 2, ... on collision).
    func uniqueName(_ base: String, in table: TableDef? = nil, taken: Set<String> = []) -> String {
        func used(_ n: String) -> Bool {
            taken.contains(n) || relationExists(n)
                || (table?.checks.contains { $0.name == n } ?? false) || (table?.uniques.contains { $0.name == n } ?? false)
        }
        if !used(base) { return base }
        var i = 1
        while used(base + String(i)) { i += 1 }
        return base + String(i)
    }
}
