import CSQLite
import DSQLClient

/// One row change in a changeset: table, operation, primary-key mask and old/new values.
///
/// `old` and `new` have one slot per column; a slot is nil when the changeset does not carry
/// that value (UPDATE records hold only the primary key and the changed columns).
public struct ChangesetChange: Sendable, Hashable {
    /// INSERT, UPDATE or DELETE.
    public enum Operation: String, Sendable, Hashable {
        case insert = "INSERT", update = "UPDATE", delete = "DELETE"
    }
    public var table: String
    public var operation: Operation
    /// True for each column that is part of the primary key.
    public var primaryKeyColumns: [Bool]
    /// Values before the change (DELETE: all; UPDATE: key and changed columns; INSERT: none).
    public var old: [SQLValue?]
    /// Values after the change (INSERT: all; UPDATE: changed columns; DELETE: none).
    public var new: [SQLValue?]

    public init(table: String, operation: Operation, primaryKeyColumns: [Bool], old: [SQLValue?], new: [SQLValue?]) {
        self.table = table
        self.operation = operation
        self.primaryKeyColumns = primaryKeyColumns
        self.old = old
        self.new = new
    }

    /// The primary-key values of the changed row, in column order.
    public var primaryKey: [SQLValue] {
        let source = operation == .insert ? new : old
        var key: [SQLValue] = []
        for (i, isKey) in primaryKeyColumns.enumerated() where isKey {
            key.append(source[i] ?? .null)
        }
        return key
    }

    /// Decodes the change the iterator points at.
    init(iterator iter: OpaquePointer?, withValues: Bool) {
        var tableName: UnsafePointer<CChar>?
        var columnCount: Int32 = 0
        var op: Int32 = 0
        var indirect: Int32 = 0
        sqlite3changeset_op(iter, &tableName, &columnCount, &op, &indirect)
        table = tableName.map { String(cString: $0) } ?? ""
        switch op {
        case SQLITE_INSERT: operation = .insert
        case SQLITE_DELETE: operation = .delete
        default: operation = .update
        }
        var mask: UnsafeMutablePointer<UInt8>?
        var pkCount: Int32 = 0
        sqlite3changeset_pk(iter, &mask, &pkCount)
        let n = Int(columnCount)
        primaryKeyColumns = (0..<n).map { i in mask.map { $0[i] != 0 } ?? false }
        old = Array(repeating: nil, count: n)
        new = Array(repeating: nil, count: n)
        guard withValues else { return }
        for i in 0..<Int32(n) {
            if operation != .insert {
                var value: OpaquePointer?
                if sqlite3changeset_old(iter, i, &value) == SQLITE_OK, let value { old[Int(i)] = SQLValue(sqliteValue: value) }
            }
            if operation != .delete {
                var value: OpaquePointer?
                if sqlite3changeset_new(iter, i, &value) == SQLITE_OK, let value { new[Int(i)] = SQLValue(sqliteValue: value) }
            }
        }
    }
}

extension SQLValue {
    /// Decodes an `sqlite3_value*`.
    init(sqliteValue value: OpaquePointer) {
        switch sqlite3_value_type(value) {
        case SQLITE_INTEGER: self = .integer(sqlite3_value_int64(value))
        case SQLITE_FLOAT: self = .real(sqlite3_value_double(value))
        case SQLITE_TEXT:
            let count = Int(sqlite3_value_bytes(value))
            if let p = sqlite3_value_text(value) {
                self = .text(String(decoding: UnsafeBufferPointer(start: p, count: count), as: UTF8.self))
            } else {
                self = .text("")
            }
        case SQLITE_BLOB:
            let count = Int(sqlite3_value_bytes(value))
            if count > 0, let p = sqlite3_value_blob(value) {
                self = .blob(Array(UnsafeRawBufferPointer(start: p, count: count)))
            } else {
                self = .blob([])
            }
        default: self = .null
        }
    }
}
