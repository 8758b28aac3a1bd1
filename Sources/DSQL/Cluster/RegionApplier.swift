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
    /// Snapshots installed so far.
    let installs = Mutex(0)
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
                    installs.withLock { $0 += 1 }
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
            for entry in entries where entry.index >= next {
                guard entry.index == next else { break }
                next += 1
                guard entry.kind == .schema, case .schema(let change)? = ClusterLogPayload.decode(kind: .schema, entry.payload)
                else {
                    batch.append(storeEntry(entry))
                    continue
                }
                // Apply what precedes the DDL, then check it against exactly the state it will
                // change (identical in every region), so a failing DDL never stops apply.
                if !batch.isEmpty {
                    try await runtime.db.apply(entries: batch)
                    batch = []
                }
                batch.append(await schemaEntry(entry.index, change, runtime: runtime))
            }
            guard !batch.isEmpty else { return }  // not buffered yet: the next wake retries
            try await runtime.db.apply(entries: batch)
            replication.reportApplied(node, index: runtime.db.appliedIndex)
        }
    }

    /// The store entry for a transaction or no-op log entry.
    static func storeEntry(_ entry: LogEntry) -> StoreEntry {
        if case .changeset(let bytes)? = ClusterLogPayload.decode(kind: entry.kind, entry.payload), !bytes.isEmpty {
            return .changeset(entry.index, bytes)
        }
        return StoreEntry(index: entry.index, payload: .noop)
    }

    /// The store entry for a schema log entry: the DDL replayed against the region's catalog and
    /// validated against the current data. A DDL that no longer applies is a no-op, and an index
    /// build that fails (a unique index over duplicates) records a failed `sys.jobs` row; both
    /// are decided from state every region shares, so regions stay identical.
    static func schemaEntry(_ index: UInt64, _ change: ClusterLogPayload.SchemaChange, runtime: RegionRuntime) async -> StoreEntry {
        let catalog = runtime.latestCatalog
        guard let app = try? catalog.applying(sql: change.sql, context: change.context), app.catalog != catalog else {
            return StoreEntry(index: index, payload: .noop)
        }
        for statement in app.sqlite where !statement.hasPrefix("INSERT INTO") {
            do {
                _ = try await runtime.db.executeAtLatest(statement)
            } catch {
                guard let built = app.catalog.indexes.values.first(where: { $0.jobID == change.context.jobID && !$0.jobID.isEmpty })
                else { return StoreEntry(index: index, payload: .noop) }
                let details = built.unique
                    ? "could not create unique index \"\(built.name)\": duplicate key values exist"
                    : "could not create index \"\(built.name)\": \(error.dsqlError.message)"
                let ts = SQLText.string(PGDateTime.format(change.context.timestamp, zone: true))
                // Still a schema entry for the store (statements before it get OC001): record
                // the unchanged catalog at its index so sessions find a version for it.
                runtime.recordCatalog(catalog, at: index)
                return .schema(index, Catalog.bootstrapSQL + [
                    "INSERT OR REPLACE INTO \(SQLText.ident(Catalog.jobsTable)) VALUES (\(SQLText.string(change.context.jobID)), "
                        + "'failed', \(SQLText.string(details)), 'INDEX_BUILD', NULL, NULL, "
                        + "\(SQLText.string("public." + built.name)), \(ts), \(ts))",
                ])
            }
        }
        runtime.recordCatalog(app.catalog, at: index)
        return .schema(index, Catalog.bootstrapSQL + app.sqlite + RegionRuntime.persistStatements(app.catalog))
    }
}
