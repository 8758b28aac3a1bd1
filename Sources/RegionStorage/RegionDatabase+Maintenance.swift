import DSQLClient
import SQLiteBindings

/// Snapshots for lagging regions, content hashes and integrity checks.
extension RegionDatabase {
    /// The whole database (rows, schema and applied index) as bytes, via the backup API.
    public func snapshotBytes() async throws(StoreError) -> [UInt8] {
        try await onStore { store throws(StoreError) in try store.snapshotBytes() }
    }

    /// Writes the whole database to a new file at `path`, via the backup API.
    public func exportSnapshot(to path: String) async throws(StoreError) {
        try await onStore { store throws(StoreError) in try store.exportSnapshot(to: path) }
    }

    /// Replaces the database with the snapshot file at `path`; adopts its applied index and
    /// clears the alarm. Apply continues from the snapshot's applied index + 1.
    public func installSnapshot(from path: String) async throws(StoreError) {
        let retention = undoRetention
        try await onStore { [self] store throws(StoreError) in
            defer { self.publish(store, retention: retention) }
            try store.installSnapshot(from: path)
        }
    }

    /// Replaces the database with snapshot bytes from `snapshotBytes()`.
    public func installSnapshot(bytes: [UInt8]) async throws(StoreError) {
        let retention = undoRetention
        try await onStore { [self] store throws(StoreError) in
            defer { self.publish(store, retention: retention) }
            try store.installSnapshot(bytes: bytes)
        }
    }

    /// A hash of the schema and all user rows, in a deterministic order (hex, 16 digits).
    public func contentHash() async throws(StoreError) -> String {
        try await onStore { store throws(StoreError) in try store.contentHash() }
    }

    /// `PRAGMA integrity_check` lines; `["ok"]` when sound.
    public func integrityCheck() async throws(StoreError) -> [String] {
        try await onStore { store throws(StoreError) in try store.integrityCheck() }
    }

    /// Runs a read-only query against the current applied state (for admin views and tests).
    public func query(_ sql: String, _ params: [SQLValue] = []) async throws(StoreError) -> SQLiteRows {
        try await onStore { store throws(StoreError) in
            do {
                let statement = try store.connection.prepare(sql)
                defer { statement.reset() }
                guard statement.isReadOnly else { throw StoreError.internalFailure("query() is read-only: \(sql)") }
                try statement.bind(params)
                return SQLiteRows(columns: statement.columnNames, declaredTypes: statement.declaredTypes,
                                  rows: try statement.all())
            } catch let error as SQLiteError { throw .sqlite(error) } catch let error as StoreError { throw error } catch {
                throw .internalFailure("\(error)")
            }
        }
    }
}
