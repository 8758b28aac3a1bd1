import DSQLClient
import SQLiteBindings

/// Running one statement at a snapshot without keeping SQLite's write lock between statements.
extension RegionStore {
    /// Runs `sql` with `params` as if the database were at log index `snapshot` plus the
    /// transaction's own writes (`own`), then rolls everything back. Returns the rows and the
    /// transaction's new cumulative changeset.
    ///
    /// Inside `BEGIN IMMEDIATE ... ROLLBACK`: undo the entries applied after `snapshot` (their
    /// changesets, inverted, newest first), start capturing changes, re-apply `own`, run the
    /// statement, take the captured changeset. A schema entry after the snapshot gives OC001.
    public func execute(_ sql: String, _ params: [SQLValue], at snapshot: UInt64, own: [UInt8]) throws(StoreError) -> StatementResult {
        var result = try executeUnstamped(sql, params, at: snapshot, own: own)
        result.snapshot = snapshot
        return result
    }

    private func executeUnstamped(_ sql: String, _ params: [SQLValue], at snapshot: UInt64, own: [UInt8]) throws(StoreError) -> StatementResult {
        if let alarm { throw .diverged(alarm) }
        guard snapshot <= appliedIndex else {
            throw .snapshotUnavailable(snapshot: snapshot, applied: appliedIndex, oldestUndoable: oldestUndoableSnapshot)
        }
        if schemaIndex > snapshot { throw .dsql(.schemaConflict) }
        guard snapshot + 1 >= undoBase else {
            throw .snapshotUnavailable(snapshot: snapshot, applied: appliedIndex, oldestUndoable: oldestUndoableSnapshot)
        }
        if Self.isTransactionControl(sql) {
            throw .sqlite(SQLiteError(code: 1, message: "transaction control is the store's job, not a statement's", sql: sql))
        }
        let statement: SQLiteStatement
        do { statement = try connection.prepare(sql) } catch { throw .sqlite(error) }
        defer { statement.reset() }
        let readOnly = statement.isReadOnly
        if readOnly && snapshot == appliedIndex && own.isEmpty {
            // Fast path: the committed state is the snapshot and there is nothing to re-apply.
            let rows = try run(statement, params)
            return StatementResult(columns: statement.columnNames, declaredTypes: statement.declaredTypes,
                                   rows: rows, changeset: [], changesCount: 0, writeKeys: nil, transactionRows: 0)
        }
        try control("BEGIN IMMEDIATE")
        var isDDL = false
        defer {
            _ = try? connection.run("ROLLBACK")
            if isDDL { schemaChanged() }
        }
        try undo(to: snapshot)
        if readOnly {
            try reapply(own)
            let rows = try run(statement, params)
            return StatementResult(columns: statement.columnNames, declaredTypes: statement.declaredTypes,
                                   rows: rows, changeset: own, changesCount: 0, writeKeys: nil,
                                   transactionRows: try count(own))
        }
        // Capture this statement's changes on top of the re-applied own changes.
        var session: SQLiteSession?
        if captureWithSession {
            do {
                session = try SQLiteSession(connection)
                try session?.attach()
            } catch { throw .sqlite(error) }
        } else {
            tracker.begin()
        }
        defer {
            if let session { session.delete() } else { tracker.end() }
        }
        try reapply(own)
        let before = connection.totalChanges
        let rows = try run(statement, params)
        if connection.isAutocommit {
            throw .internalFailure("the statement ended the store's transaction: \(sql)")
        }
        let changesCount = connection.totalChanges == before ? 0 : connection.changes
        isDDL = Self.isDDL(sql)
        if isDDL {
            schemaChanged()
            try checkPrimaryKeys()
        }
        let changeset: [UInt8]
        do {
            if isDDL {
                changeset = own
            } else if let session {
                changeset = try session.changeset()
            } else {
                changeset = try tracker.changeset()
            }
        } catch { throw .sqlite(error) }
        let (keys, rowCount) = try writeKeys(of: changeset)
        try limits.check(rows: rowCount, bytes: changeset.count)
        return StatementResult(columns: statement.columnNames, declaredTypes: statement.declaredTypes, rows: rows,
                               changeset: changeset, changesCount: isDDL ? 0 : changesCount, writeKeys: keys,
                               transactionRows: rowCount)
    }

    /// Undoes the entries after `snapshot`, newest first. Must run inside a transaction.
    func undo(to snapshot: UInt64) throws(StoreError) {
        var index = appliedIndex
        while index > snapshot {
            let bytes = undoLog[Int(index - undoBase)]
            do { try applier.apply(bytes, invert: true) } catch {
                throw .internalFailure("undoing entry \(index) for snapshot \(snapshot) failed: \(error)")
            }
            index -= 1
        }
    }

    private func reapply(_ own: [UInt8]) throws(StoreError) {
        do { try applier.apply(own) } catch {
            throw .internalFailure("re-applying the transaction's own changeset failed: \(error)")
        }
    }

    private func run(_ statement: SQLiteStatement, _ params: [SQLValue]) throws(StoreError) -> [[SQLValue]] {
        do {
            try statement.bind(params)
            return try statement.all()
        } catch { throw .sqlite(error) }
    }

    private func count(_ changeset: [UInt8]) throws(StoreError) -> Int {
        do { return try SQLiteChangeset.rowCount(changeset) } catch { throw .sqlite(error) }
    }

    /// True when `sql` starts with CREATE, ALTER or DROP.
    static func isDDL(_ sql: String) -> Bool {
        let word = firstWord(sql)
        return word == "CREATE" || word == "ALTER" || word == "DROP"
    }

    /// Statements that would break the store's own BEGIN ... ROLLBACK or its file.
    static func isTransactionControl(_ sql: String) -> Bool {
        ["BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE", "ATTACH", "DETACH", "VACUUM"]
            .contains(firstWord(sql))
    }

    /// The first word of `sql`, upper-cased (at most 9 characters).
    static func firstWord(_ sql: String) -> String {
        var word = ""
        for c in sql.unicodeScalars {
            if c == " " || c == "\n" || c == "\t" || c == "\r" || c == "(" {
                if word.isEmpty { continue } else { break }
            }
            if c == ";" { break }
            word.unicodeScalars.append(c)
            if word.unicodeScalars.count > 9 { break }
        }
        return word.uppercased()
    }
}
