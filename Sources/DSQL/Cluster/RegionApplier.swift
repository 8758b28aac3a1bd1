import Foundation
import RegionStorage
import Replication
import Synchronization

/// The per-region apply loop: reads committed log entries in order, turns them into store
/// entries (replaying DDL against the region's catalog), applies them and reports progress.
///
/// It exists because a region must apply every committed entry exactly once, in log order, from
/// one place (the store's contract). The commit listener, which runs on the replication driver
/// thread, queues one drain job straight onto the store's own thread (no cooperative-pool hop in
/// between); further commit advances while that job is queued ride along with it. Snapshot
/// installs, which are rare, run as an async task that the drains wait out.
final class RegionApplier: Sendable {
    let runtime: RegionRuntime
    let replication: ReplicationCluster
    /// True while a drain job is queued on the store thread and has not started.
    private let drainQueued = Atomic(false)
    /// True while a snapshot install is in progress (drains wait for it to finish).
    private let installing = Atomic(false)
    private let installTask: Mutex<Task<Void, Never>?> = Mutex(nil)
    /// Set when the store refused an entry (divergence); apply stops.
    let failure: Mutex<String?> = Mutex(nil)
    /// Snapshots installed so far.
    let installs = Mutex(0)
    /// Set while the store's file cannot take writes (disk full, I/O error): apply is paused
    /// until the disk probe wakes it again; nothing is skipped.
    let stalled = Atomic(false)
    /// Called (store thread) with the store's fault when apply stops on one: the file cannot be
    /// written (`unwritable`) or is damaged (`corrupt`).
    let onFault: @Sendable (StoreError) -> Void
    /// Largest number of entries applied in one store transaction.
    static let batchLimit: UInt64 = 512

    init(runtime: RegionRuntime, replication: ReplicationCluster, onFault: @escaping @Sendable (StoreError) -> Void = { _ in }) {
        self.runtime = runtime
        self.replication = replication
        self.onFault = onFault
    }

    /// Signals that the commit index may have advanced (cheap; any thread).
    func wake() {
        guard !drainQueued.exchange(true, ordering: .acquiringAndReleasing) else { return }
        runtime.db.executor.submit { [self] store in
            drainQueued.store(false, ordering: .releasing)
            guard !installing.load(ordering: .acquiring), failure.withLock({ $0 == nil }) else { return }
            do throws(StoreError) {
                try drain(store)
                stalled.store(false, ordering: .releasing)
            } catch {
                switch error {
                case .unwritable, .corrupt:
                    // Not a divergence: nothing was applied. Retried when the disk takes
                    // writes again, or after the store is rebuilt.
                    stalled.store(true, ordering: .releasing)
                    onFault(error)
                default:
                    failure.withLock { $0 = "\(error)" }
                }
            }
        }
    }

    /// Installs a snapshot (from the replication driver thread), then drains what follows it.
    func install(index: UInt64, bytes: [UInt8]) {
        installing.store(true, ordering: .releasing)
        let previous = installTask.withLock { $0 }
        let task = Task { [self] in
            await previous?.value
            do {
                try await runtime.db.installSnapshot(bytes: bytes)
                installs.withLock { $0 += 1 }
                let catalog = await RegionRuntime.loadCatalog(runtime.db)
                runtime.resetCatalog(catalog, at: runtime.db.appliedIndex)
                replication.reportApplied(runtime.node, index: runtime.db.appliedIndex)
            } catch {
                failure.withLock { $0 = "snapshot install: \(error)" }
            }
            installing.store(false, ordering: .releasing)
            wake()
        }
        installTask.withLock { $0 = task }
    }

    /// Waits for a running snapshot install (shutdown).
    func stop() async {
        let t = installTask.withLock { $0 }
        await t?.value
    }

    /// Applies every committed entry the region has not applied yet (on the store's thread).
    private func drain(_ store: RegionStore) throws(StoreError) {
        let node = runtime.node
        let db = runtime.db
        while true {
            let applied = store.appliedIndex
            let commit = replication.commitIndex(of: node)
            guard commit > applied else { return }
            let upper = min(commit, applied + Self.batchLimit)
            let entries = replication.committedEntries(for: node, from: applied + 1, to: upper)
                .sorted { $0.index < $1.index }
            var next = applied + 1
            var batch: [StoreEntry] = []
            for entry in entries where entry.index >= next {
                guard entry.index == next else { break }
                next += 1
                guard entry.kind == .schema, case .schema(let change)? = ClusterLogPayload.decode(kind: .schema, entry.payload)
                else {
                    batch.append(Self.storeEntry(entry))
                    continue
                }
                // Apply what precedes the DDL, then check it against exactly the state it will
                // change (identical in every region), so a failing DDL never stops apply.
                if !batch.isEmpty {
                    try apply(batch, store, db)
                    batch = []
                }
                batch.append(Self.schemaEntry(entry.index, change, runtime: runtime, store: store))
            }
            guard !batch.isEmpty else { return }  // not buffered yet: the next wake retries
            try apply(batch, store, db)
            replication.reportApplied(node, index: store.appliedIndex)
        }
    }

    /// `RegionDatabase.apply` for a caller already on the store's thread.
    private func apply(_ batch: [StoreEntry], _ store: RegionStore, _ db: RegionDatabase) throws(StoreError) {
        defer { db.publish(store, retention: db.undoRetention) }
        _ = try store.apply(batch)
    }

    /// The store entry for a transaction or no-op log entry.
    static func storeEntry(_ entry: LogEntry) -> StoreEntry {
        if case .changeset(let bytes)? = ClusterLogPayload.decode(kind: entry.kind, entry.payload), !bytes.isEmpty {
            return .changeset(entry.index, bytes)
        }
        return StoreEntry(index: entry.index, payload: .noop)
    }
}
