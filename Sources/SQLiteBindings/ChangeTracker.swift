import CSQLite
import DSQLClient
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Records row changes through SQLite's pre-update hook and writes them as a changeset.
///
/// It produces the same net changeset a session object would (per row: the image before the
/// first change against the row's current image; INSERT then DELETE leaves nothing, a key change
/// is DELETE + INSERT), in the session extension's binary format, so every `sqlite3changeset_*`
/// function and `ChangesetApplier` accept it. It exists because a session object prepares
/// schema and SELECT statements each time it is created, which costs more than the single-row
/// statement it records; the tracker keeps those statements cached on the connection.
///
/// One tracker per connection (the pre-update hook has a single slot, shared with sessions);
/// thread-confined like the connection. Usage: `begin()`, run statements, `changeset()`, `end()`.
public final class ChangeTracker {
    private struct Event {
        var table: String
        var op: Int32
        var old: [SQLValue]?
        var new: [SQLValue]?
    }

    private struct Touched {
        var table: String
        var key: [SQLValue]
        var original: [SQLValue]?
    }

    private let connection: SQLiteConnection
    private var events: [Event] = []
    private var recording = false
    private var installed = false
    /// Column names, primary-key column positions and per-column key ordinals (0 = not a key
    /// column, n = n-th key column) per table.
    private var tables: [String: TableInfo] = [:]

    private struct TableInfo {
        var names: [String]
        var key: [Int]
        var ordinals: [UInt8]
        /// `SELECT <all columns> FROM table WHERE <key> = ?`.
        var selectByKey: String
    }

    public init(connection: SQLiteConnection) {
        self.connection = connection
    }

    /// Forgets cached table information (after a schema change).
    public func invalidate() { tables.removeAll() }

    /// Starts recording (installs the pre-update hook on first use).
    public func begin() {
        if !installed {
            let previous = sqlite3_preupdate_hook(connection.db, preupdateCallback, Unmanaged.passUnretained(self).toOpaque())
            precondition(previous == nil, "ChangeTracker.begin() while a session or another hook is active on the connection")
            installed = true
        }
        events.removeAll(keepingCapacity: true)
        recording = true
    }

    /// Stops recording and removes the hook.
    public func end() {
        recording = false
        events.removeAll(keepingCapacity: true)
        if installed, connection.handle != nil {
            sqlite3_preupdate_hook(connection.db, nil, nil)
        }
        installed = false
    }

    fileprivate func record(op: Int32, table: UnsafePointer<CChar>?, db: OpaquePointer?) {
        guard recording, let table else { return }
        let count = sqlite3_preupdate_count(db)
        func image(old: Bool) -> [SQLValue] {
            var values: [SQLValue] = []
            values.reserveCapacity(Int(count))
            for i in 0..<count {
                var v: OpaquePointer?
                _ = old ? sqlite3_preupdate_old(db, i, &v) : sqlite3_preupdate_new(db, i, &v)
                values.append(v.map { SQLValue(sqliteValue: $0) } ?? .null)
            }
            return values
        }
        events.append(Event(
            table: String(cString: table), op: op,
            old: op == SQLITE_INSERT ? nil : image(old: true),
            new: op == SQLITE_DELETE ? nil : image(old: false)))
    }

    /// The net changes recorded since `begin()`, as a changeset; reads current row images.
    public func changeset() throws(SQLiteError) -> [UInt8] {
        if events.isEmpty { return [] }
        // The first change of each (table, key) gives the row's original image.
        var order: [Touched] = []
        var seen: [String: [[SQLValue]: Int]] = [:]
        func touch(_ table: String, _ key: [SQLValue], original: [SQLValue]?) {
            if seen[table]?[key] != nil { return }
            seen[table, default: [:]][key] = order.count
            order.append(Touched(table: table, key: key, original: original))
        }
        for event in events {
            let info = try tableInfo(event.table)
            let oldKey = event.old.map { row in info.key.map { row[$0] } }
            let newKey = event.new.map { row in info.key.map { row[$0] } }
            if let oldKey { touch(event.table, oldKey, original: event.old) }
            if let newKey, newKey != oldKey { touch(event.table, newKey, original: nil) }
        }
        var writer = ChangesetWriter()
        var byTable: [String: [Touched]] = [:]
        var tableOrder: [String] = []
        for touched in order {
            if byTable[touched.table] == nil { tableOrder.append(touched.table) }
            byTable[touched.table, default: []].append(touched)
        }
        for table in tableOrder {
            let info = try tableInfo(table)
            let isKey = info.ordinals.map { $0 != 0 }
            var wroteHeader = false
            for touched in byTable[table] ?? [] {
                let current = try currentRow(table, info: info, key: touched.key)
                let change: ChangesetWriter.Change
                switch (touched.original, current) {
                case (nil, nil): continue
                case (nil, let row?): change = .insert(row)
                case (let row?, nil): change = .delete(row)
                case (let before?, let after?):
                    if before == after { continue }
                    change = .update(old: before, new: after, isKey: isKey)
                }
                if !wroteHeader {
                    writer.table(table, keyOrdinals: info.ordinals)
                    wroteHeader = true
                }
                writer.change(change)
            }
        }
        return writer.bytes
    }

    private func tableInfo(_ table: String) throws(SQLiteError) -> TableInfo {
        if let info = tables[table] { return info }
        let rows = try connection.query("PRAGMA table_info(\(Self.quote(table)))").rows
        let names = rows.map { $0[1].description }
        let ordinals = rows.map { row -> UInt8 in
            if case .integer(let pk) = row[5], pk > 0 { return UInt8(truncatingIfNeeded: pk) }
            return 0
        }
        // Key values are listed in table column order, as the session extension does.
        let key = ordinals.indices.filter { ordinals[$0] != 0 }
        let conditions = key.map { "\(Self.quote(names[$0])) = ?" }.joined(separator: " AND ")
        let select = "SELECT \(names.map(Self.quote).joined(separator: ", ")) FROM \(Self.quote(table)) WHERE \(conditions)"
        let info = TableInfo(names: names, key: key, ordinals: ordinals, selectByKey: select)
        tables[table] = info
        return info
    }

    private func currentRow(_ table: String, info: TableInfo, key: [SQLValue]) throws(SQLiteError) -> [SQLValue]? {
        let statement = try connection.prepare(info.selectByKey)
        defer { statement.reset() }
        try statement.bind(key)
        return try statement.step() ? statement.row() : nil
    }

    static func quote(_ identifier: String) -> String {
        "\"" + String(identifier.flatMap { $0 == "\"" ? ["\"", "\""] : [$0] }) + "\""
    }
}

/// The C callback: forwards to the tracker passed as context.
private let preupdateCallback: @convention(c) (
    UnsafeMutableRawPointer?, OpaquePointer?, Int32, UnsafePointer<CChar>?, UnsafePointer<CChar>?, sqlite3_int64, sqlite3_int64
) -> Void = { context, db, op, schema, table, _, _ in
    guard let context, let schema, strcmp(schema, "main") == 0 else { return }
    Unmanaged<ChangeTracker>.fromOpaque(context).takeUnretainedValue().record(op: op, table: table, db: db)
}
