import CSQLite
import DSQLClient

/// One SQLite connection (`sqlite3*`) with a prepared-statement cache.
///
/// SQLite handles are not `Sendable`: a connection is created, used and closed on one thread (the
/// `SQLiteExecutor` that owns it), so it is opened with `SQLITE_OPEN_NOMUTEX` and carries no lock.
/// `close()` finalizes cached statements and calls `sqlite3_close_v2`.
public final class SQLiteConnection {
    /// Flags for `sqlite3_open_v2`.
    public struct OpenFlags: OptionSet, Sendable {
        public let rawValue: Int32
        public init(rawValue: Int32) { self.rawValue = rawValue }
        public static let readOnly = OpenFlags(rawValue: SQLITE_OPEN_READONLY)
        public static let readWrite = OpenFlags(rawValue: SQLITE_OPEN_READWRITE)
        public static let create = OpenFlags(rawValue: SQLITE_OPEN_CREATE)
        public static let uri = OpenFlags(rawValue: SQLITE_OPEN_URI)
        public static let noMutex = OpenFlags(rawValue: SQLITE_OPEN_NOMUTEX)
        public static let memory = OpenFlags(rawValue: SQLITE_OPEN_MEMORY)
        /// Read-write, create if missing, no internal mutex (thread-confined use).
        public static let standard: OpenFlags = [.readWrite, .create, .noMutex]
    }

    /// The `sqlite3*` handle; nil after `close()`.
    public private(set) var handle: OpaquePointer?
    /// The path the connection was opened with.
    public let path: String
    private var cache: [String: SQLiteStatement] = [:]
    /// Upper bound on cached statements; the cache is cleared when it is exceeded.
    public var cacheLimit = 256

    /// Opens (and with `.create`, creates) the database at `path`.
    public init(path: String, flags: OpenFlags = .standard) throws(SQLiteError) {
        self.path = path
        var db: OpaquePointer?
        let rc = sqlite3_open_v2(path, &db, flags.rawValue, nil)
        guard rc == SQLITE_OK, let db else {
            let error = SQLiteError(handle: db, code: rc, sql: nil)
            sqlite3_close_v2(db)
            throw SQLiteError(code: error.code, extendedCode: error.extendedCode,
                              message: "cannot open \(path): \(error.message)")
        }
        self.handle = db
        sqlite3_extended_result_codes(db, 1)
    }

    deinit { close() }

    var db: OpaquePointer {
        guard let handle else { preconditionFailure("SQLiteConnection used after close()") }
        return handle
    }

    /// Runs one or more SQL statements without parameters or results (`sqlite3_exec`).
    public func exec(_ sql: String) throws(SQLiteError) {
        var errmsg: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(db, sql, nil, nil, &errmsg)
        if rc != SQLITE_OK {
            let message = errmsg.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(rc))
            sqlite3_free(errmsg)
            throw SQLiteError(code: rc, extendedCode: sqlite3_extended_errcode(db), message: message, sql: sql)
        }
    }

    /// Prepares the first statement of `sql`. Cached statements are kept for reuse; trailing
    /// text other than whitespace and semicolons is an error (one statement per call).
    public func prepare(_ sql: String, cached: Bool = true) throws(SQLiteError) -> SQLiteStatement {
        if cached, let statement = cache[sql] {
            statement.reset()
            return statement
        }
        var stmt: OpaquePointer?
        var tailOffset = 0
        let rc = sql.withCString { base -> Int32 in
            var tail: UnsafePointer<CChar>?
            let rc = sqlite3_prepare_v3(db, base, -1, cached ? UInt32(SQLITE_PREPARE_PERSISTENT) : 0, &stmt, &tail)
            if let tail { tailOffset = base.distance(to: tail) }
            return rc
        }
        guard rc == SQLITE_OK else { throw SQLiteError(handle: db, code: rc, sql: sql) }
        guard let stmt else {
            throw SQLiteError(code: SQLITE_MISUSE, message: "empty statement", sql: sql)
        }
        let rest = sql.utf8.dropFirst(tailOffset)
        if rest.contains(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\n") && $0 != UInt8(ascii: "\t")
                && $0 != UInt8(ascii: "\r") && $0 != UInt8(ascii: ";") }) {
            sqlite3_finalize(stmt)
            throw SQLiteError(code: SQLITE_MISUSE, message: "only one statement may be prepared at a time", sql: sql)
        }
        let statement = SQLiteStatement(db: db, handle: stmt, sql: sql)
        if cached {
            if cache.count >= cacheLimit { clearCache() }
            cache[sql] = statement
        }
        return statement
    }

    /// Runs a statement with parameters and collects its result.
    public func query(_ sql: String, _ params: [SQLValue] = []) throws(SQLiteError) -> SQLiteRows {
        let statement = try prepare(sql)
        defer { statement.reset() }
        try statement.bind(params)
        let rows = try statement.all()
        return SQLiteRows(columns: statement.columnNames, declaredTypes: statement.declaredTypes, rows: rows)
    }

    /// Runs a statement with parameters, discarding rows; returns `changes()`.
    @discardableResult
    public func run(_ sql: String, _ params: [SQLValue] = []) throws(SQLiteError) -> Int {
        let statement = try prepare(sql)
        defer { statement.reset() }
        try statement.bind(params)
        while try statement.step() {}
        return changes
    }

    /// Rows changed by the most recent INSERT, UPDATE or DELETE (`sqlite3_changes64`).
    public var changes: Int { Int(sqlite3_changes64(db)) }
    /// Rows changed since the connection opened.
    public var totalChanges: Int { Int(sqlite3_total_changes64(db)) }
    /// The rowid of the most recent successful INSERT.
    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(db) }
    /// False while a transaction is open.
    public var isAutocommit: Bool { sqlite3_get_autocommit(db) != 0 }

    /// The connection's last error.
    public func lastError(sql: String? = nil) -> SQLiteError {
        SQLiteError(handle: db, code: sqlite3_errcode(db), sql: sql)
    }

    /// Finalizes and forgets every cached statement.
    public func clearCache() {
        for statement in cache.values { statement.finalize() }
        cache.removeAll()
    }

    /// Finalizes statements and closes the handle (`sqlite3_close_v2`). Idempotent.
    public func close() {
        guard let handle else { return }
        clearCache()
        sqlite3_close_v2(handle)
        self.handle = nil
    }
}

/// The result of a query: column names, declared types and rows.
public struct SQLiteRows: Sendable, Hashable {
    public var columns: [String]
    public var declaredTypes: [String?]
    public var rows: [[SQLValue]]

    public init(columns: [String], declaredTypes: [String?], rows: [[SQLValue]]) {
        self.columns = columns
        self.declaredTypes = declaredTypes
        self.rows = rows
    }
}
