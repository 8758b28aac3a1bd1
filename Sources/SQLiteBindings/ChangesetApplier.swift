import CSQLite

/// Applies changesets with cached prepared statements, aborting on any conflict.
///
/// `sqlite3changeset_apply` prepares its INSERT/UPDATE/DELETE statements and reads the table's
/// schema on every call, which costs more than the row change itself for the one-row entries of
/// an OLTP workload. This applier keeps one statement per (table, operation, changed columns) and
/// binds the changeset's values directly (`sqlite3_bind_value`). Its conflict rules are those of
/// `sqlite3changeset_apply` with a handler that always returns ABORT: an INSERT whose key exists
/// (`conflict`) or that violates a constraint (`constraint`); an UPDATE or DELETE whose target row
/// is missing (`notFound`) or whose current values differ from the change's old values (`data`).
/// It runs inside the caller's transaction; on error the caller rolls back. `invert: true`
/// applies the inverse changeset. Call `invalidate()` after any schema change.
public final class ChangesetApplier {
    private struct Key: Hashable {
        var table: String
        var operation: Int32
        var columns: [Bool]
    }

    private let connection: SQLiteConnection
    private var statements: [Key: SQLiteStatement] = [:]
    private var columnNames: [String: [String]] = [:]

    public init(connection: SQLiteConnection) {
        self.connection = connection
    }

    /// Forgets cached statements and column names (after DDL or installing a snapshot).
    public func invalidate() {
        for statement in statements.values { statement.finalize() }
        statements.removeAll()
        columnNames.removeAll()
    }

    /// Applies `changeset` (or its inverse) to the connection, inside the caller's transaction.
    public func apply(_ changeset: [UInt8], invert: Bool = false) throws(ChangesetApplyError) {
        if changeset.isEmpty { return }
        var failure: ChangesetApplyError?
        let rc: Int32 = changeset.withUnsafeBytes { bytes in
            var iter: OpaquePointer?
            let rc = sqlite3changeset_start(&iter, Int32(bytes.count), UnsafeMutableRawPointer(mutating: bytes.baseAddress))
            guard rc == SQLITE_OK else { return rc }
            while sqlite3changeset_next(iter) == SQLITE_ROW {
                do { try applyCurrent(iter, invert: invert) } catch let error as ChangesetApplyError {
                    failure = error
                    break
                } catch {
                    failure = .sqlite(SQLiteError(code: SQLITE_ERROR, message: "\(error)"))
                    break
                }
            }
            return sqlite3changeset_finalize(iter)
        }
        if let failure { throw failure }
        if rc != SQLITE_OK { throw .sqlite(SQLiteError.code(rc, "changeset iteration")) }
    }

    private func applyCurrent(_ iter: OpaquePointer?, invert: Bool) throws(ChangesetApplyError) {
        var tableName: UnsafePointer<CChar>?
        var columnCount: Int32 = 0
        var op: Int32 = 0
        var indirect: Int32 = 0
        sqlite3changeset_op(iter, &tableName, &columnCount, &op, &indirect)
        var mask: UnsafeMutablePointer<UInt8>?
        var pkCount: Int32 = 0
        sqlite3changeset_pk(iter, &mask, &pkCount)
        guard let tableName, let mask else { throw .sqlite(SQLiteError(code: SQLITE_CORRUPT, message: "bad changeset")) }
        let table = String(cString: tableName)
        let n = Int(columnCount)
        // The record holding all values of an INSERT/DELETE, or the old/new records of an UPDATE.
        let effective: Int32
        switch op {
        case SQLITE_INSERT: effective = invert ? SQLITE_DELETE : SQLITE_INSERT
        case SQLITE_DELETE: effective = invert ? SQLITE_INSERT : SQLITE_DELETE
        default: effective = SQLITE_UPDATE
        }
        func value(_ i: Int, old: Bool) -> OpaquePointer? {
            var v: OpaquePointer?
            let rc = old ? sqlite3changeset_old(iter, Int32(i), &v) : sqlite3changeset_new(iter, Int32(i), &v)
            return rc == SQLITE_OK ? v : nil
        }
        let fullRecordIsOld = (op == SQLITE_DELETE)
        let statement: SQLiteStatement
        var changed: [Bool] = []
        if effective == SQLITE_UPDATE {
            changed = (0..<n).map { mask[$0] == 0 && value($0, old: false) != nil }
        }
        statement = try prepare(Key(table: table, operation: effective, columns: changed), columnCount: n, pk: mask)
        defer { statement.reset() }
        let stmt = statement.handle
        var p: Int32 = 1
        switch effective {
        case SQLITE_INSERT, SQLITE_DELETE:
            for i in 0..<n {
                sqlite3_bind_value(stmt, p, value(i, old: fullRecordIsOld))
                p += 1
            }
        default:
            // SET changed columns to the target values, WHERE key = ? AND changed IS prior value.
            for i in 0..<n where changed[i] {
                sqlite3_bind_value(stmt, p, value(i, old: invert))
                p += 1
            }
            for i in 0..<n where mask[i] != 0 {
                sqlite3_bind_value(stmt, p, value(i, old: true))
                p += 1
            }
            for i in 0..<n where changed[i] {
                sqlite3_bind_value(stmt, p, value(i, old: !invert))
                p += 1
            }
        }
        let rc = sqlite3_step(stmt)
        if rc == SQLITE_DONE {
            if effective == SQLITE_INSERT || sqlite3_changes(connection.db) == 1 { return }
            let kind = try rowExists(table: table, iter: iter, pk: mask, columnCount: n) ? ChangesetConflict.Kind.data : .notFound
            throw .conflict(ChangesetConflict(kind: kind, change: ChangesetChange(iterator: iter, withValues: true)))
        }
        let error = SQLiteError(handle: connection.db, code: rc, sql: statement.sql)
        if error.code == SQLITE_CONSTRAINT {
            let primaryKey = error.extendedCode == (SQLITE_CONSTRAINT | (6 << 8)) || error.extendedCode == (SQLITE_CONSTRAINT | (10 << 8))
            throw .conflict(ChangesetConflict(kind: primaryKey && effective == SQLITE_INSERT ? .conflict : .constraint,
                                              change: ChangesetChange(iterator: iter, withValues: true)))
        }
        throw .sqlite(error)
    }

    private func prepare(_ key: Key, columnCount n: Int, pk: UnsafeMutablePointer<UInt8>) throws(ChangesetApplyError) -> SQLiteStatement {
        if let statement = statements[key] { return statement }
        let names = try columns(of: key.table)
        guard names.count == n else {
            throw .sqlite(SQLiteError(code: SQLITE_SCHEMA, message: "table \(key.table) has \(names.count) columns, changeset has \(n)"))
        }
        let table = quote(key.table)
        let sql: String
        switch key.operation {
        case SQLITE_INSERT:
            sql = "INSERT INTO \(table) VALUES (" + Array(repeating: "?", count: n).joined(separator: ", ") + ")"
        case SQLITE_DELETE:
            sql = "DELETE FROM \(table) WHERE " + (0..<n).map { pk[$0] != 0 ? "\(quote(names[$0])) = ?" : "\(quote(names[$0])) IS ?" }
                .joined(separator: " AND ")
        default:
            let set = (0..<n).filter { key.columns[$0] }.map { "\(quote(names[$0])) = ?" }
            var conditions = (0..<n).filter { pk[$0] != 0 }.map { "\(quote(names[$0])) = ?" }
            conditions += (0..<n).filter { key.columns[$0] }.map { "\(quote(names[$0])) IS ?" }
            sql = "UPDATE \(table) SET " + (set.isEmpty ? "\(quote(names[0])) = \(quote(names[0]))" : set.joined(separator: ", "))
                + " WHERE " + conditions.joined(separator: " AND ")
        }
        do {
            let statement = try connection.prepare(sql, cached: false)
            statements[key] = statement
            return statement
        } catch { throw .sqlite(error) }
    }

    private func columns(of table: String) throws(ChangesetApplyError) -> [String] {
        if let names = columnNames[table] { return names }
        do {
            let names = try connection.query("PRAGMA table_info(\(quote(table)))").rows.map { $0[1].description }
            if names.isEmpty { throw ChangesetApplyError.sqlite(SQLiteError(code: SQLITE_ERROR, message: "no such table: \(table)")) }
            columnNames[table] = names
            return names
        } catch let error as ChangesetApplyError {
            throw error
        } catch let error as SQLiteError {
            throw .sqlite(error)
        } catch {
            throw .sqlite(SQLiteError(code: SQLITE_ERROR, message: "\(error)"))
        }
    }

    private func rowExists(table: String, iter: OpaquePointer?, pk: UnsafeMutablePointer<UInt8>, columnCount n: Int) throws(ChangesetApplyError) -> Bool {
        let names = try columns(of: table)
        let keyColumns = (0..<n).filter { pk[$0] != 0 }
        let sql = "SELECT 1 FROM \(quote(table)) WHERE " + keyColumns.map { "\(quote(names[$0])) = ?" }.joined(separator: " AND ")
        do {
            let statement = try connection.prepare(sql, cached: false)
            defer { statement.finalize() }
            for (p, i) in keyColumns.enumerated() {
                var v: OpaquePointer?
                sqlite3changeset_old(iter, Int32(i), &v)
                if v == nil { sqlite3changeset_new(iter, Int32(i), &v) }
                sqlite3_bind_value(statement.handle, Int32(p + 1), v)
            }
            return try statement.step()
        } catch { throw .sqlite(error) }
    }

    private func quote(_ identifier: String) -> String {
        "\"" + String(identifier.flatMap { $0 == "\"" ? ["\"", "\""] : [$0] }) + "\""
    }
}
