import DSQLClient
import SQLiteBindings

/// Why a region store refused an operation.
///
/// Matchable data: the transaction layer maps `dsql` errors to the client unchanged, retries or
/// reports `snapshotUnavailable`, and surfaces `diverged` as an alarm.
public enum StoreError: Error, Sendable, Hashable {
    /// A DSQL-visible error: OC001 schema conflict, 54000 transaction limits.
    case dsql(DSQLError)
    /// SQLite refused the statement (syntax, constraint, ...).
    case sqlite(SQLiteError)
    /// The region's apply stopped because an entry could not be applied: replicas diverged.
    case diverged(DivergenceAlarm)
    /// A table without a (NOT NULL) primary key; the session extension could not replicate it.
    case primaryKeyRequired(table: String, reason: String)
    /// The snapshot is newer than the applied index (wait for apply) or older than the undo
    /// information kept (retry the transaction at a newer snapshot).
    case snapshotUnavailable(snapshot: UInt64, applied: UInt64, oldestUndoable: UInt64)
    /// Entries must be applied in log order without gaps.
    case outOfOrder(expected: UInt64, got: UInt64)
    /// Undoing or re-applying changesets for a snapshot failed (a bug, not a divergence).
    case internalFailure(String)
    /// The store's file could not be written (disk full, quota, I/O error): the entry was not
    /// applied and nothing changed; apply retries once the disk takes writes again.
    case unwritable(path: String, reason: String)
    /// The store's file is corrupt (a damaged page): the region must be rebuilt.
    case corrupt(path: String, reason: String)
    /// The store was closed.
    case closed

    /// The error as a DSQL client should see it.
    public var dsqlError: DSQLError {
        switch self {
        case .dsql(let error): error
        case .sqlite(let error): DSQLError(sqlstate: error.sqlstate, message: error.message)
        case .primaryKeyRequired(let table, let reason):
            DSQLError(sqlstate: "0A000", message: "table \(table) must have a primary key: \(reason)")
        case .snapshotUnavailable: .dataConflict
        case .diverged, .outOfOrder, .internalFailure, .closed, .unwritable, .corrupt: .serverUnavailable
        }
    }
}

/// The record of a divergence: the entry whose apply failed and why.
public struct DivergenceAlarm: Sendable, Hashable, CustomStringConvertible {
    /// The log index that could not be applied (the region's applied index is one less).
    public var index: UInt64
    /// The conflict, when the changeset apply met one.
    public var conflict: ChangesetConflict?
    /// A human-readable reason.
    public var reason: String
    /// SQLite's extended result code, when SQLite's failure (not a conflict) stopped the entry.
    public var sqliteCode: Int32? = nil

    public var description: String { "divergence at log index \(index): \(reason)" }
}

extension SQLiteError {
    /// The PostgreSQL SQLSTATE closest to this SQLite error (the dialect layer may refine the
    /// message text): constraint kinds map to 23xxx, syntax errors to 42601, others to XX000.
    public var sqlstate: String {
        switch extendedCode {
        case 19 | (1 << 8): return "23514"  // CHECK
        case 19 | (3 << 8): return "23503"  // FOREIGNKEY
        case 19 | (5 << 8): return "23502"  // NOTNULL
        case 19 | (6 << 8), 19 | (8 << 8), 19 | (10 << 8): return "23505"  // PRIMARYKEY, UNIQUE, ROWID
        default: break
        }
        if code == 19 { return "23000" }
        if code == 1 && message.contains("syntax error") { return "42601" }
        return "XX000"
    }
}

extension StoreError {
    /// The storage fault behind an SQLite result code, if it is one: disk full, quota or an
    /// I/O error means the file cannot take writes now (`unwritable`); a damaged page or a
    /// file that is no database means the store is `corrupt`. Other codes are not faults.
    /// Why the file is corrupt, when this error says it is.
    var corruption: String? {
        switch self {
        case .corrupt(_, let reason): reason
        case .sqlite(let e) where e.code == 11 || e.code == 26: e.description
        default: nil
        }
    }

    static func fault(code: Int32, path: String, reason: String) -> StoreError? {
        switch code & 0xff {
        case 13, 10, 14: .unwritable(path: path, reason: reason)  // SQLITE_FULL, SQLITE_IOERR, SQLITE_CANTOPEN
        case 11, 26: .corrupt(path: path, reason: reason)  // SQLITE_CORRUPT, SQLITE_NOTADB
        default: nil
        }
    }
}
