import SQLiteBindings

/// Applying committed log entries in order, with `applied_index` in the same transaction.
extension RegionStore {
    /// Applies `entries` (in log order) in one transaction and returns the new applied index.
    /// Entries at or below the applied index are skipped (idempotent replay after a crash). A
    /// conflict stops apply: entries before the failing one are committed, the alarm is set, and
    /// `.diverged` is thrown; nothing is skipped or overwritten.
    public func apply(_ entries: [StoreEntry]) throws(StoreError) -> UInt64 {
        if let alarm { throw .diverged(alarm) }
        let pending = entries.drop { $0.index <= appliedIndex }
        var expected = appliedIndex + 1
        for entry in pending {
            guard entry.index == expected else { throw .outOfOrder(expected: expected, got: entry.index) }
            expected += 1
        }
        guard !pending.isEmpty else { return appliedIndex }
        guard let failure = applyBatch(pending) else { return appliedIndex }
        if let code = failure.alarm.sqliteCode,
           let fault = StoreError.fault(code: code, path: path, reason: failure.alarm.reason) {
            // The disk or the file failed, not the replicas: nothing of the batch was applied.
            throw fault
        }
        if failure.position > pending.startIndex, applyBatch(pending[..<failure.position]) != nil {
            // The prefix applied before; failing now means the store itself is broken.
            alarm = DivergenceAlarm(index: pending[pending.startIndex].index, conflict: nil,
                                    reason: "re-applying the entries before a failed entry failed")
            throw .diverged(alarm!)
        }
        alarm = failure.alarm
        throw .diverged(failure.alarm)
    }

    private struct BatchFailure {
        var position: Int
        var alarm: DivergenceAlarm
    }

    /// Applies a contiguous batch in one `BEGIN IMMEDIATE ... COMMIT`; nil on success.
    private func applyBatch(_ entries: ArraySlice<StoreEntry>) -> BatchFailure? {
        let first = entries.startIndex
        do { try connection.run("BEGIN IMMEDIATE") } catch {
            return BatchFailure(position: first, alarm: DivergenceAlarm(
                index: entries[first].index, conflict: nil, reason: "BEGIN IMMEDIATE failed: \(error)",
                sqliteCode: error.extendedCode))
        }
        var newSchemaIndex = schemaIndex
        for position in entries.indices {
            let entry = entries[position]
            var failure: DivergenceAlarm?
            switch entry.payload {
            case .changeset(let bytes):
                do { try applier.apply(bytes) } catch {
                    switch error {
                    case .conflict(let conflict):
                        failure = DivergenceAlarm(index: entry.index, conflict: conflict, reason: conflict.description)
                    case .sqlite(let sqlite):
                        failure = DivergenceAlarm(index: entry.index, conflict: nil, reason: sqlite.description,
                                                  sqliteCode: sqlite.extendedCode)
                    }
                }
            case .schema(let statements):
                do {
                    for statement in statements { try connection.exec(statement) }
                    try checkPrimaryKeys()
                    newSchemaIndex = entry.index
                } catch {
                    failure = DivergenceAlarm(index: entry.index, conflict: nil, reason: "schema entry failed: \(error)",
                                              sqliteCode: (error as? SQLiteError)?.extendedCode)
                }
            case .noop:
                break
            }
            if let failure {
                _ = try? connection.run("ROLLBACK")
                if newSchemaIndex != schemaIndex { schemaChanged() }
                return BatchFailure(position: position, alarm: failure)
            }
        }
        let last = entries[entries.endIndex - 1].index
        do {
            try connection.run("UPDATE \(Self.metaTable) SET value = ? WHERE key = 'applied_index'", [.integer(Int64(last))])
            if newSchemaIndex != schemaIndex {
                try connection.run("UPDATE \(Self.metaTable) SET value = ? WHERE key = 'schema_index'",
                                   [.integer(Int64(newSchemaIndex))])
            }
            try connection.run("COMMIT")
        } catch {
            _ = try? connection.run("ROLLBACK")
            return BatchFailure(position: first, alarm: DivergenceAlarm(
                index: entries[first].index, conflict: nil, reason: "commit failed: \(error)",
                sqliteCode: error.extendedCode))
        }
        if undoLog.isEmpty { undoBase = appliedIndex + 1 }
        for entry in entries {
            if case .changeset(let bytes) = entry.payload { undoLog.append(bytes) } else { undoLog.append([]) }
        }
        appliedIndex = last
        if newSchemaIndex != schemaIndex {
            schemaIndex = newSchemaIndex
            schemaChanged()
        }
        return nil
    }
}
