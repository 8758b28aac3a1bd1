import DSQLClient
import Foundation
import SQLiteBindings

/// Whole-database snapshots (backup API), content hashes and integrity checks.
extension RegionStore {
    /// Copies the database (with its applied index) to a new file at `path`.
    func exportSnapshot(to path: String) throws(StoreError) {
        Self.removeDatabaseFiles(at: path)
        do {
            let destination = try SQLiteConnection(path: path)
            defer { destination.close() }
            try SQLiteBackup.copy(from: connection, to: destination)
        } catch { throw .sqlite(error) }
    }

    /// The database as bytes, ready to ship to a lagging region.
    func snapshotBytes() throws(StoreError) -> [UInt8] {
        let path = path + ".export-\(UInt64.random(in: 0...UInt64.max))"
        defer { Self.removeDatabaseFiles(at: path) }
        try exportSnapshot(to: path)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .internalFailure("cannot read exported snapshot \(path)")
        }
        return [UInt8](data)
    }

    /// Replaces the whole database with the one at `path` and adopts its applied index. Clears
    /// the divergence alarm and the undo information.
    func installSnapshot(from path: String) throws(StoreError) {
        guard connection.isAutocommit else { throw .internalFailure("install during a transaction") }
        do {
            let source = try SQLiteConnection(path: path, flags: [.readOnly, .noMutex])
            defer { source.close() }
            connection.clearCache()
            try SQLiteBackup.copy(from: source, to: connection)
            _ = try connection.query("PRAGMA journal_mode = WAL")
            try loadMeta()
        } catch { throw .sqlite(error) }
        alarm = nil
    }

    /// Installs a snapshot given as bytes (from `snapshotBytes()`).
    func installSnapshot(bytes: [UInt8]) throws(StoreError) {
        let path = path + ".import-\(UInt64.random(in: 0...UInt64.max))"
        defer { Self.removeDatabaseFiles(at: path) }
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
            throw .internalFailure("cannot write snapshot to \(path)")
        }
        try installSnapshot(from: path)
    }

    /// A deterministic hash of the schema and every user table's rows (in primary-key order),
    /// excluding the store's metadata. Equal content gives equal hashes.
    func contentHash() throws(StoreError) -> String {
        var hasher = FNV1a64()
        do {
            let objects = try connection.query("""
                SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_schema
                WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND tbl_name <> '\(Self.metaTable)'
                ORDER BY name
                """).rows
            for object in objects {
                for value in object { hasher.add(value) }
                guard object[0] == .text("table"), case .text(let name) = object[1] else { continue }
                let info = try connection.query("PRAGMA table_info(\(Self.quote(name)))").rows
                let keys = info.compactMap { row -> (Int64, String)? in
                    guard case .integer(let pk) = row[5], pk > 0, case .text(let column) = row[1] else { return nil }
                    return (pk, column)
                }.sorted { $0.0 < $1.0 }.map { Self.quote($0.1) }
                let order = keys.isEmpty ? "" : " ORDER BY " + keys.joined(separator: ", ")
                let statement = try connection.prepare("SELECT * FROM \(Self.quote(name))\(order)", cached: false)
                defer { statement.finalize() }
                while try statement.step() {
                    hasher.addRowMarker()
                    for value in statement.row() { hasher.add(value) }
                }
            }
        } catch { throw .sqlite(error) }
        return hasher.hex
    }

    /// `PRAGMA integrity_check` output: `["ok"]` for a sound database.
    func integrityCheck() throws(StoreError) -> [String] {
        do {
            return try connection.query("PRAGMA integrity_check").rows.map { $0.first?.description ?? "" }
        } catch { throw .sqlite(error) }
    }

    static func removeDatabaseFiles(at path: String) {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            try? FileManager.default.removeItem(atPath: path + suffix)
        }
    }
}

/// 64-bit FNV-1a over a type-tagged encoding of values (not cryptographic; for convergence checks).
struct FNV1a64 {
    private(set) var state: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func byte(_ b: UInt8) {
        state ^= UInt64(b)
        state &*= 0x0000_0100_0000_01b3
    }

    mutating func bytes<S: Sequence>(_ s: S) where S.Element == UInt8 {
        for b in s { byte(b) }
    }

    mutating func integer(_ v: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) { byte(UInt8(truncatingIfNeeded: v >> UInt64(shift))) }
    }

    mutating func addRowMarker() { byte(0xFF) }

    mutating func add(_ value: SQLValue) {
        switch value {
        case .null: byte(0)
        case .integer(let v): byte(1); integer(UInt64(bitPattern: v))
        case .real(let v): byte(2); integer(v.bitPattern)
        case .text(let s): byte(3); integer(UInt64(s.utf8.count)); bytes(s.utf8)
        case .blob(let b): byte(4); integer(UInt64(b.count)); bytes(b)
        }
    }

    var hex: String {
        let s = String(state, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }
}
