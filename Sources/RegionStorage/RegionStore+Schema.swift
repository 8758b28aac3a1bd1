import DSQLClient

/// Schema knowledge the store needs: primary keys (required) and unique indexes (write keys).
extension RegionStore {
    /// What the store knows about one table.
    struct TableInfo {
        var columns: [String]
        /// Unique, non-partial indexes over plain columns, excluding the primary key.
        var uniqueIndexes: [(name: String, columns: [Int])]
    }

    /// Every user table must have a primary key whose columns cannot be NULL: the session
    /// extension ignores tables without one and rows with a NULL key, so they would silently
    /// not replicate.
    func checkPrimaryKeys() throws(StoreError) {
        let tables: [[SQLValue]]
        do {
            tables = try connection.query("""
                SELECT name, coalesce(sql, '') FROM sqlite_schema WHERE type = 'table'
                AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name <> '\(Self.metaTable)'
                """).rows
        } catch { throw .sqlite(error) }
        for row in tables {
            guard case .text(let name) = row[0], case .text(let sql) = row[1] else { continue }
            let upperSQL = sql.uppercased()
            if upperSQL.hasPrefix("CREATE VIRTUAL") {
                throw .primaryKeyRequired(table: name, reason: "virtual tables are not replicated")
            }
            let info: [[SQLValue]]
            do { info = try connection.query("PRAGMA table_info(\(Self.quote(name)))").rows } catch { throw .sqlite(error) }
            // cid, name, type, notnull, dflt_value, pk
            let keyColumns = info.filter { if case .integer(let pk) = $0[5] { pk > 0 } else { false } }
            if keyColumns.isEmpty {
                throw .primaryKeyRequired(table: name, reason: "the table has no PRIMARY KEY")
            }
            let withoutRowid = upperSQL.contains("WITHOUT ROWID")
            let integerRowidAlias = keyColumns.count == 1 && keyColumns[0][2] == .text("INTEGER")
            if withoutRowid || integerRowidAlias { continue }
            for column in keyColumns where column[3] != .integer(1) {
                throw .primaryKeyRequired(
                    table: name, reason: "primary key column \(column[1]) must be declared NOT NULL")
            }
        }
    }

    /// Columns and unique indexes of `table` (cached until the schema changes).
    func info(for table: String) throws(StoreError) -> TableInfo {
        if let info = tableInfo[table] { return info }
        do {
            let columns = try connection.query("PRAGMA table_info(\(Self.quote(table)))").rows.map { $0[1].description }
            var unique: [(name: String, columns: [Int])] = []
            // seq, name, unique, origin, partial
            for index in try connection.query("PRAGMA index_list(\(Self.quote(table)))").rows {
                guard index[2] == .integer(1), index[3] != .text("pk"), index[4] == .integer(0),
                      case .text(let name) = index[1] else { continue }
                // seqno, cid, name
                let cids = try connection.query("PRAGMA index_info(\(Self.quote(name)))").rows.map { row -> Int in
                    if case .integer(let cid) = row[1] { Int(cid) } else { -1 }
                }
                if cids.isEmpty || cids.contains(where: { $0 < 0 }) { continue }
                unique.append((name, cids))
            }
            unique.sort { $0.name < $1.name }
            let info = TableInfo(columns: columns, uniqueIndexes: unique)
            tableInfo[table] = info
            return info
        } catch { throw .sqlite(error) }
    }
}
