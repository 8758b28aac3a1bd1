import DSQLClient
import Foundation
import Replication

/// Applying entries, executing statements, and snapshot bookkeeping.
extension RegionDatabase {
    /// Applies committed entries in log order, all in one SQLite transaction together with the
    /// new `applied_index`; returns the applied index. Already-applied entries are skipped. On a
    /// conflict the entries before it are kept, apply stops, `alarm` is set and `.diverged` thrown.
    @discardableResult
    public func apply(entries: [StoreEntry]) async throws(StoreError) -> UInt64 {
        let retention = undoRetention
        return try await onStore { [self] store throws(StoreError) -> UInt64 in
            defer { self.publish(store, retention: retention) }
            return try store.apply(entries)
        }
    }

    /// Runs one statement at log index `snapshot` plus the transaction's own writes
    /// (`ownChangeset`, the `changeset` of its previous statement's result), and rolls back.
    /// Throws `.dsql(.schemaConflict)` (OC001) when a schema entry was applied after `snapshot`,
    /// `.dsql` 54000 when the transaction exceeds 3,000 rows or 10 MiB, and
    /// `.snapshotUnavailable` when `snapshot` is not applied yet or no longer undoable.
    public func execute(
        _ sql: String, _ params: [SQLValue] = [], at snapshot: UInt64, ownChangeset: [UInt8] = []
    ) async throws(StoreError) -> StatementResult {
        try await onStore { store throws(StoreError) in
            try store.execute(sql, params, at: snapshot, own: ownChangeset)
        }
    }

    /// Runs the first statement of a transaction (or an autocommit statement) at the applied
    /// index current when it runs, which is at least `notBefore` (for example a read barrier's
    /// index; the caller waits with `waitForApplied` first). `result.snapshot` is the snapshot
    /// the transaction must use from then on (register it with `retainSnapshot`). Never needs
    /// undo, so it is the fast path for single-statement transactions.
    public func executeAtLatest(
        _ sql: String, _ params: [SQLValue] = [], notBefore: UInt64 = 0
    ) async throws(StoreError) -> StatementResult {
        try await onStore { store throws(StoreError) in
            guard store.appliedIndex >= notBefore else {
                throw .snapshotUnavailable(snapshot: notBefore, applied: store.appliedIndex,
                                           oldestUndoable: store.oldestUndoableSnapshot)
            }
            return try store.execute(sql, params, at: store.appliedIndex, own: [])
        }
    }

    /// Write keys of a changeset, read against the current applied state (prefer the keys that
    /// `execute` returns, which are read at the transaction's own state).
    public func writeKeys(of changeset: [UInt8]) async throws(StoreError) -> [WriteKey] {
        try await onStore { store throws(StoreError) in try store.writeKeys(of: changeset).keys }
    }

    /// Registers a snapshot at the current applied index and returns it; its undo information
    /// is kept until `releaseSnapshot`.
    public func acquireSnapshot() -> UInt64 {
        state.withLock { state in
            state.snapshots[state.applied, default: 0] += 1
            return state.applied
        }
    }

    /// Registers `index` (for example from a read barrier) as an active snapshot.
    public func retainSnapshot(_ index: UInt64) {
        state.withLock { $0.snapshots[index, default: 0] += 1 }
    }

    /// Ends a snapshot from `acquireSnapshot` or `retainSnapshot`.
    public func releaseSnapshot(_ index: UInt64) {
        state.withLock { state in
            guard let count = state.snapshots[index] else { return }
            state.snapshots[index] = count > 1 ? count - 1 : nil
        }
    }

    /// Waits until the applied index reaches `index`; throws on divergence or close.
    public func waitForApplied(_ index: UInt64) async throws(StoreError) {
        do {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let outcome: Result<Bool, StoreError> = state.withLock { state in
                    if state.closed { return .failure(.closed) }
                    if let alarm = state.alarm { return .failure(.diverged(alarm)) }
                    if state.applied >= index { return .success(true) }
                    state.waiters.append((index, continuation))
                    return .success(false)
                }
                switch outcome {
                case .failure(let error): continuation.resume(throwing: error)
                case .success(true): continuation.resume()
                case .success(false): break
                }
            }
        } catch let error as StoreError { throw error } catch { throw .internalFailure("\(error)") }
    }

    /// Fails every transaction waiting for an index this store has not applied (apply stopped
    /// on a storage fault: they would wait for the disk). Later waits are not affected.
    public func failWaiters(_ error: StoreError) {
        let waiting = state.withLock { state in
            defer { state.waiters = [] }
            return state.waiters
        }
        PoolHandoff.run(waiting.map { waiter in { waiter.continuation.resume(throwing: error) } })
    }

    /// Copies the store's state to the lock-guarded mirror, prunes undo data, wakes waiters.
    public func publish(_ store: RegionStore, retention: UInt64) {
        let oldest = state.withLock { state -> UInt64 in
            state.applied = store.appliedIndex
            state.alarm = store.alarm
            return state.snapshots.keys.min() ?? UInt64.max
        }
        let floor = min(oldest, store.appliedIndex >= retention ? store.appliedIndex - retention : 0)
        store.pruneUndo(through: floor)
        resumeWaiters()
    }

    private func resumeWaiters() {
        let ready = state.withLock { state -> [(CheckedContinuation<Void, any Error>, StoreError?)] in
            var ready: [(CheckedContinuation<Void, any Error>, StoreError?)] = []
            let alarm = state.alarm
            state.waiters.removeAll { waiter in
                if let alarm {
                    ready.append((waiter.continuation, .diverged(alarm)))
                    return true
                }
                if waiter.index <= state.applied {
                    ready.append((waiter.continuation, nil))
                    return true
                }
                return false
            }
            return ready
        }
        // Often many at once (an apply batch): one hand-off to the pool for all of them.
        PoolHandoff.run(ready.map { continuation, error in
            { if let error { continuation.resume(throwing: error) } else { continuation.resume() } }
        })
    }
}
