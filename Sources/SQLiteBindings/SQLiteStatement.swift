import CSQLite
import DSQLClient

/// A prepared SQLite statement: bind `[SQLValue]` parameters, step rows as `[SQLValue]`.
///
/// It belongs to one `SQLiteConnection` and, like it, is confined to the connection's thread
/// (not `Sendable`). Cached statements are reset and cleared by the connection after each use.
public final class SQLiteStatement {
    /// The `sqlite3_stmt*` handle.
    public private(set) var handle: OpaquePointer?
    /// The SQL text the statement was prepared from (the first statement only).
    public let sql: String
    /// The connection handle, for error messages.
    let db: OpaquePointer
    /// Column names of the result, in order.
    public let columnNames: [String]
    /// Declared types of the result columns (`nil` for expressions).
    public let declaredTypes: [String?]

    init(db: OpaquePointer, handle: OpaquePointer, sql: String) {
        self.db = db
        self.handle = handle
        self.sql = sql
        let n = Int(sqlite3_column_count(handle))
        var names: [String] = []
        var types: [String?] = []
        names.reserveCapacity(n)
        for i in 0..<Int32(n) {
            names.append(sqlite3_column_name(handle, i).map { String(cString: $0) } ?? "?column?")
            types.append(sqlite3_column_decltype(handle, i).map { String(cString: $0) })
        }
        self.columnNames = names
        self.declaredTypes = types
    }

    deinit { finalize() }

    /// True when the statement does not write the database (`sqlite3_stmt_readonly`).
    public var isReadOnly: Bool { sqlite3_stmt_readonly(handle) != 0 }

    /// The number of parameters the statement takes.
    public var parameterCount: Int { Int(sqlite3_bind_parameter_count(handle)) }

    /// Binds `values` to parameters 1...n, after clearing earlier bindings.
    public func bind(_ values: [SQLValue]) throws(SQLiteError) {
        sqlite3_clear_bindings(handle)
        guard values.count <= parameterCount else {
            throw SQLiteError(
                code: SQLITE_RANGE,
                message: "statement takes \(parameterCount) parameters, \(values.count) given", sql: sql)
        }
        for (offset, value) in values.enumerated() {
            let i = Int32(offset + 1)
            let rc: Int32
            switch value {
            case .null: rc = sqlite3_bind_null(handle, i)
            case .integer(let v): rc = sqlite3_bind_int64(handle, i, v)
            case .real(let v): rc = sqlite3_bind_double(handle, i, v)
            case .text(let s):
                var s = s
                rc = s.withUTF8 { buf -> Int32 in
                    let raw = UnsafeRawPointer(buf.baseAddress ?? UnsafePointer(bitPattern: 1)!)
                    return sqlite3_bind_text(handle, i, raw.assumingMemoryBound(to: CChar.self), Int32(buf.count), csqlite_transient())
                }
            case .blob(let bytes):
                if bytes.isEmpty {
                    rc = sqlite3_bind_zeroblob(handle, i, 0)
                } else {
                    rc = bytes.withUnsafeBytes { sqlite3_bind_blob(handle, i, $0.baseAddress, Int32($0.count), csqlite_transient()) }
                }
            }
            if rc != SQLITE_OK { throw SQLiteError(handle: db, code: rc, sql: sql) }
        }
    }

    /// Steps once: true when a row is available, false when the statement is done.
    public func step() throws(SQLiteError) -> Bool {
        let rc = sqlite3_step(handle)
        switch rc {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            let error = SQLiteError(handle: db, code: rc, sql: sql)
            sqlite3_reset(handle)
            throw error
        }
    }

    /// The current row's values.
    public func row() -> [SQLValue] {
        let n = columnNames.count
        var values: [SQLValue] = []
        values.reserveCapacity(n)
        for i in 0..<Int32(n) { values.append(column(i)) }
        return values
    }

    /// The value of column `i` of the current row.
    public func column(_ i: Int32) -> SQLValue {
        switch sqlite3_column_type(handle, i) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(handle, i))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(handle, i))
        case SQLITE_TEXT:
            let count = Int(sqlite3_column_bytes(handle, i))
            guard let p = sqlite3_column_text(handle, i) else { return .text("") }
            return .text(String(decoding: UnsafeBufferPointer(start: p, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(handle, i))
            guard count > 0, let p = sqlite3_column_blob(handle, i) else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: p, count: count)))
        default: return .null
        }
    }

    /// Steps to the end, collecting every row.
    public func all() throws(SQLiteError) -> [[SQLValue]] {
        var rows: [[SQLValue]] = []
        while try step() { rows.append(row()) }
        return rows
    }

    /// Resets the statement so that it can run again (bindings are kept).
    public func reset() {
        sqlite3_reset(handle)
    }

    /// Finalizes the statement; later use is an error.
    public func finalize() {
        if let handle { sqlite3_finalize(handle) }
        handle = nil
    }
}
