import Foundation
import Replication
import Synchronization

/// The per-region apply loop: reads committed log entries in order, turns them into store
/// entries (replaying DDL against the region's catalog), applies them and reports progress.
///
/// It exists because a region must apply every committed entry exactly once, in log order, from
/// one loop (the store's contract). The commit listener, which runs on the replication driver
/// thread, only signals the loop's stream; all work happens in the loop's task, which awaits the
/// store's own thread and never blocks the cooperative pool.
final class RegionApplier: Sendable {
    enum Command: Sendable {
        case wake
        case install(UInt64, [UInt8])
    }

    let runtime: RegionRuntime
    let replication: ReplicationCluster
    private let continuation: AsyncStream<Command>.Continuation
    private let task: Mutex<Task<Void, Never>?> = Mutex(nil)
    /// Set when the store refused an entry (divergence); the loop stops applying.
    let failure: Mutex<String?> = Mutex(nil)
    /// Largest number of entries applied in one store transaction.
    static let batchLimit: UInt64 = 512

    init(runtime: RegionRuntime, replication: ReplicationCluster) {
        self.runtime = runtime
        self.replication = replication
        let (stream, continuation) = AsyncStream<Command>.makeStream(bufferingPolicy: .unbounded)
        self.continuation = continuation
        let loop = Task { await self.run(stream) }
        task.withLock { $0 = loop }
    }

    /// Signals that the commit index may have advanced (cheap; any thread).
    func wake() { continuation.yield(.wake) }

    /// Queues a snapshot install (from the replication driver thread).
    func install(index: UInt64, bytes: [UInt8]) { continuation.yield(.install(index, bytes)) }

    /// Ends the loop and waits for it.
    func stop() async {
        continuation.finish()
        let t = task.withLock { $0 }
        await t?.value
    }

    private func run(_ stream: AsyncStream<Command>) async {
        for await command in stream {
            if failure.withLock({ $0 != nil }) { continue }
            switch command {
            case .wake:
                do { try await Self.drain(runtime: runtime, replication: replication) } catch {
                    failure.withLock { $0 = "\(error)" }
                }
            case .install(_, let bytes):
                do {
                    try await runtime.db.installSnapshot(bytes: bytes)
                    let catalog = await RegionRuntime.loadCatalog(runtime.db)
                    runtime.resetCatalog(catalog, at: runtime.db.appliedIndex)
                    replication.reportApplied(runtime.node, index: runtime.db.appliedIndex)
                    try await Self.drain(runtime: runtime, replication: replication)
                } catch {
                    failure.withLock { $0 = "snapshot install: \(error)" }
                }
            }
        }
    }

    /// Applies every committed entry the region has not applied yet.
    static func drain(runtime: RegionRuntime, replication: ReplicationCluster) async throws(StoreError) {
        let node = runtime.node
        while true {
            let applied = runtime.db.appliedIndex
            let commit = replication.commitIndex(of: node)
            guard commit > applied else { return }
            let upper = min(commit, applied + batchLimit)
            let entries = replication.committedEntries(for: node, from: applied + 1, to: upper)
                .sorted { $0.index < $1.index }
            var next = applied + 1
            var batch: [StoreEntry] = []
            var catalog = runtime.latestCatalog
            var catalogChanges: [(UInt64, Catalog)] = []
            for entry in entries where entry.index >= next {
                guard entry.index == next else { break }
                batch.append(storeEntry(entry, catalog: &catalog, changes: &catalogChanges))
                next += 1
            }
            guard !batch.isEmpty else { return }  // not buffered yet: the next wake retries
            for (index, c) in catalogChanges { runtime.recordCatalog(c, at: index) }
            try await runtime.db.apply(entries: batch)
            replication.reportApplied(node, index: runtime.db.appliedIndex)
        }
    }

    /// The store entry for a log entry; schema entries replay the DDL against `catalog`.
    static func storeEntry(_ entry: LogEntry, catalog: inout Catalog, changes: inout [(UInt64, Catalog)]) -> StoreEntry {
        switch ClusterLogPayload.decode(kind: entry.kind, entry.payload) {
        case .changeset(let bytes)?:
            return bytes.isEmpty ? StoreEntry(index: entry.index, payload: .noop) : .changeset(entry.index, bytes)
        case .schema(let change)?:
            // A DDL that no longer applies (it was validated at an older catalog) is a no-op in
            // every region alike, so regions stay identical.
            guard let app = try? catalog.applying(sql: change.sql, context: change.context) else {
                return StoreEntry(index: entry.index, payload: .noop)
            }
            catalog = app.catalog
            changes.append((entry.index, app.catalog))
            return .schema(entry.index, Catalog.bootstrapSQL + app.sqlite + RegionRuntime.persistStatements(app.catalog))
        case nil:
            return StoreEntry(index: entry.index, payload: .noop)
        }
    }
}
