import CSQLite

/// An error reported by SQLite: its primary and extended result codes, its message and the SQL
/// that was running.
///
/// Callers switch on `code` (for example `SQLITE_CONSTRAINT` or `SQLITE_BUSY`), so the SQLite
/// wrappers use typed throws with this type. `sql` is the statement text when one was involved.
public struct SQLiteError: Error, Sendable, Hashable {
    /// The primary result code (`SQLITE_CONSTRAINT`, `SQLITE_BUSY`, ...).
    public var code: Int32
    /// The extended result code (`SQLITE_CONSTRAINT_PRIMARYKEY`, ...), or `code` when none.
    public var extendedCode: Int32
    /// SQLite's message (`sqlite3_errmsg`) or a message of this wrapper.
    public var message: String
    /// The SQL text that failed, when there was one.
    public var sql: String?

    public init(code: Int32, extendedCode: Int32? = nil, message: String, sql: String? = nil) {
        self.code = code & 0xff
        self.extendedCode = extendedCode ?? code
        self.message = message
        self.sql = sql
    }

    /// The last error recorded on a connection handle.
    init(handle: OpaquePointer?, code: Int32, sql: String? = nil) {
        let extended = handle.map { sqlite3_extended_errcode($0) } ?? code
        let message: String
        if let handle, let text = sqlite3_errmsg(handle), sqlite3_errcode(handle) != SQLITE_OK {
            message = String(cString: text)
        } else {
            message = String(cString: sqlite3_errstr(code))
        }
        self.init(code: code, extendedCode: extended == SQLITE_OK ? code : extended, message: message, sql: sql)
    }

    /// An error built from a bare result code (for APIs that do not set the handle's message).
    static func code(_ code: Int32, _ context: String, sql: String? = nil) -> SQLiteError {
        SQLiteError(code: code, message: "\(context): \(String(cString: sqlite3_errstr(code)))", sql: sql)
    }

    /// True for a UNIQUE, PRIMARY KEY, NOT NULL, CHECK or FOREIGN KEY failure.
    public var isConstraint: Bool { code == SQLITE_CONSTRAINT }
    /// True when the database was locked by another connection.
    public var isBusy: Bool { code == SQLITE_BUSY || code == SQLITE_LOCKED }
}

extension SQLiteError: CustomStringConvertible {
    public var description: String {
        var s = "SQLite error \(extendedCode): \(message)"
        if let sql { s += " [\(sql)]" }
        return s
    }
}
