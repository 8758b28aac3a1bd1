import DSQLClient
import SQLiteBindings

/// Deriving write keys from a changeset.
extension RegionStore {
    /// The write keys of `changeset` (sorted, without duplicates) and its row count.
    ///
    /// Each row gives `table + primary key`. Each unique index gives `table + index + value` for
    /// the values an INSERT adds, a DELETE removes, and, for an UPDATE that changes an indexed
    /// column, both the old and the new value. UPDATE records omit unchanged columns, so those
    /// are read from the current database state, which must be the state the changeset leads to.
    func writeKeys(of changeset: [UInt8]) throws(StoreError) -> (keys: [WriteKey], rows: Int) {
        let changes: [ChangesetChange]
        do { changes = try SQLiteChangeset.changes(changeset) } catch { throw .sqlite(error) }
        var keys = Set<WriteKey>()
        for change in changes {
            keys.insert(WriteKey(table: change.table, values: change.primaryKey))
            let info = try info(for: change.table)
            var current: [SQLValue]?
            for index in info.uniqueIndexes {
                switch change.operation {
                case .insert:
                    insertKey(&keys, change.table, index.name, index.columns.map { change.new[$0] ?? .null })
                case .delete:
                    insertKey(&keys, change.table, index.name, index.columns.map { change.old[$0] ?? .null })
                case .update:
                    guard index.columns.contains(where: { change.new[$0] != nil }) else { continue }
                    if current == nil { current = try row(of: change, info: info) }
                    let row = current ?? []
                    let value = { (c: Int) -> SQLValue in c < row.count ? row[c] : .null }
                    insertKey(&keys, change.table, index.name, index.columns.map { change.old[$0] ?? value($0) })
                    insertKey(&keys, change.table, index.name, index.columns.map { change.new[$0] ?? value($0) })
                }
            }
        }
        // Sort by the text form, computed once per key (comparing computes it twice per call).
        let sorted = keys.map { ($0.description, $0) }.sorted { $0.0 < $1.0 }.map(\.1)
        return (sorted, changes.count)
    }

    private func insertKey(_ keys: inout Set<WriteKey>, _ table: String, _ index: String, _ values: [SQLValue]) {
        // NULLs never collide in a unique index.
        if values.contains(where: \.isNull) { return }
        keys.insert(WriteKey(table: table, index: index, values: values))
    }

    /// The current values of the row an UPDATE change targets (after the change).
    private func row(of change: ChangesetChange, info: TableInfo) throws(StoreError) -> [SQLValue]? {
        var conditions: [String] = []
        var values: [SQLValue] = []
        for (i, isKey) in change.primaryKeyColumns.enumerated() where isKey {
            conditions.append("\(Self.quote(info.columns[i])) = ?")
            values.append(change.new[i] ?? change.old[i] ?? .null)
        }
        let sql = "SELECT * FROM \(Self.quote(change.table)) WHERE " + conditions.joined(separator: " AND ")
        do { return try connection.query(sql, values).rows.first } catch { throw .sqlite(error) }
    }
}
