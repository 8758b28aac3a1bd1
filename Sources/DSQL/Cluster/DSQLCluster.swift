import DSQLClient
import DSQLDialect
import Foundation
import RegionStorage
import Replication
import Synchronization

/// An Aurora DSQL multi-Region cluster in one process: the replicated commit log (two data
/// regions and a witness) and one SQLite region store per data region, kept identical by
/// applying committed entries in log order.
///
/// It exists to join the three parts the stack needs for DSQL semantics: the log (ordering,
/// durability, OCC adjudication), the region stores (snapshot execution) and the dialect
/// (PostgreSQL statements). Clients call `connect(region:)` and talk to a `DSQLSession`.
public final class DSQLCluster: Sendable {
    /// The commit log.
    public let replication: ReplicationCluster
    /// The region each voter stands for.
    public var regionNames: RegionNames { replication.configuration.regionNames }
    /// The data directory (nil when ephemeral).
    public let directory: String?
    let runtimes: [RegionRuntime]
    let appliers: [RegionApplier]
    let barriers: [ReadBarrier]
    /// Disk full, write errors and rebuilds in progress (see `DSQLCluster+Storage`).
    let faults: StorageFaultBook
    /// The disk probe and the store rebuilds running now.
    let tasks = Mutex<[Task<Void, Never>]>([])
    /// Free space below which the probe counts a directory as full (see `setDiskReserve`).
    let diskReserve = Mutex<UInt64>(DSQLCluster.defaultDiskReserve)
    /// Each data region's `AWS/AuroraDSQL` metrics (see `DSQLMetrics`).
    let regionMetrics = [DSQLMetrics(), DSQLMetrics()]
    private let closed = Mutex(false)

    private init(replication: ReplicationCluster, directory: String?, runtimes: [RegionRuntime], appliers: [RegionApplier],
                 faults: StorageFaultBook) {
        self.replication = replication
        self.directory = directory
        self.runtimes = runtimes
        self.appliers = appliers
        self.faults = faults
        barriers = runtimes.map { ReadBarrier(node: $0.node, replication: replication) }
    }

    /// The coalescing read barrier of a data region.
    func barrier(_ node: NodeID) -> ReadBarrier { barriers[node == .primary ? 0 : 1] }

    /// How long a quorum confirmation lasts: a leader lease's span (the minimum election timeout).
    var leaseWindow: Duration { .microseconds(Int64(replication.configuration.raft.electionTimeoutMin)) }

    /// Starts a cluster. With `directory`, each region's SQLite lives in `<directory>/<region>/`
    /// and the log in `<directory>/log/`; reopening the same directory resumes from each store's
    /// applied index. Without it, everything is in memory or temporary files. `logSync` says when
    /// a log write under `directory` counts as persisted (`full`: after `fdatasync`).
    public static func start(
        directory: String? = nil, logSync: LogSync = .full, latency: LatencyPreset = .zero, seed: UInt64 = 1,
        raft: RaftConfig = RaftConfig(), regionNames: RegionNames = .defaults
    ) async throws(DSQLError) -> DSQLCluster {
        var runtimes: [RegionRuntime] = []
        let faults = StorageFaultBook()
        var corrupt: [(NodeID, String)] = []
        do {
            for node in NodeID.dataRegions {
                let regionDirectory = directory.map { $0 + "/" + regionNames[node] }
                let opened = await Self.openRegion(node, name: regionNames[node], directory: regionDirectory)
                if case .failure(.corrupt(let path, let reason)) = opened {
                    // Kept aside for inspection; the region starts empty and rebuilds itself.
                    let aside = Self.moveAside(path)
                    faults.report("\(regionNames[node]) store \(path) is corrupt (\(reason)); moved to \(aside)")
                    runtimes.append(try await RegionRuntime.open(node: node, name: regionNames[node], directory: regionDirectory))
                    corrupt.append((node, reason))
                } else {
                    runtimes.append(try opened.get())
                }
            }
            if let directory {
                try Self.checkLogCoversStores(directory: directory, runtimes: runtimes, skipping: Set(corrupt.map(\.0)),
                                               names: regionNames)
            }
        } catch let error as DSQLError {
            for r in runtimes { await r.db.close() }
            throw error
        } catch {
            for r in runtimes { await r.db.close() }
            throw DSQLError(sqlstate: .internalError, message: "cannot open region store: \(error)")
        }
        var configuration = ClusterConfiguration(
            storage: directory.map { .directory($0 + "/log") } ?? .memory, raft: raft, latency: latency, seed: seed)
        configuration.logSync = logSync
        configuration.regionNames = regionNames
        for r in runtimes { configuration.appliedIndex[r.node] = r.db.appliedIndex }
        let replication: ReplicationCluster
        do {
            replication = try ReplicationCluster(configuration: configuration)
        } catch {
            for r in runtimes { await r.db.close() }
            throw DSQLError(sqlstate: .internalError, message: "cannot start the commit log: \(error)")
        }
        let faultSink = FaultSink()
        let appliers = runtimes.map { runtime in
            RegionApplier(runtime: runtime, replication: replication) { error in faultSink.forward(runtime.node, error) }
        }
        let cluster = DSQLCluster(replication: replication, directory: directory, runtimes: runtimes, appliers: appliers,
                                  faults: faults)
        faultSink.attach(cluster)
        for (runtime, applier) in zip(runtimes, appliers) {
            replication.setCommitListener(for: runtime.node) { _ in applier.wake() }
            replication.setSnapshotProvider(for: runtime.node) {
                // A store that is rebuilding has nothing to give.
                faults.fault(runtime.node, .rebuild) == nil ? Self.snapshot(of: runtime) : nil
            }
            replication.setSnapshotInstaller(for: runtime.node) { index, bytes in applier.install(index: index, bytes: bytes) }
            applier.wake()
        }
        for runtime in runtimes {
            let node = runtime.node
            runtime.db.onCorruption { [weak cluster] reason in cluster?.startRebuild(node, reason: reason) }
        }
        for (node, reason) in corrupt { cluster.startRebuild(node, reason: reason, emptied: true) }
        cluster.startDiskProbe()
        // Serve once a leader exists (the first election takes 300-600 ms), bounded by 10 s.
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(10)
        while replication.leader == nil, clock.now < deadline { try? await Task.sleep(for: .milliseconds(10)) }
        return cluster
    }

    private static func openRegion(_ node: NodeID, name: String, directory: String?) async -> Result<RegionRuntime, StoreError> {
        do { return .success(try await RegionRuntime.open(node: node, name: name, directory: directory)) } catch {
            return .failure(error)
        }
    }

    /// Blocks the calling (replication driver) thread until the store has produced its snapshot.
    private static func snapshot(of runtime: RegionRuntime) -> (index: UInt64, data: [UInt8])? {
        let box = Mutex<(UInt64, [UInt8])?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task {
            if let bytes = try? await runtime.db.snapshotBytes() {
                box.withLock { $0 = (runtime.db.appliedIndex, bytes) }
            }
            done.signal()
        }
        done.wait()
        return box.withLock { $0 }.map { (index: $0.0, data: $0.1) }
    }

    /// Stops the appliers, the log and the stores (idempotent).
    public func shutdown() async {
        guard closed.withLock({ c in defer { c = true }; return !c }) else { return }
        for task in tasks.withLock({ $0 }) { task.cancel() }
        for r in runtimes { r.db.onCorruption(nil) }
        for node in NodeID.dataRegions {
            replication.setCommitListener(for: node, nil)
            replication.setSnapshotProvider(for: node, nil)
            replication.setSnapshotInstaller(for: node, nil)
        }
        for a in appliers { await a.stop() }
        replication.shutdown()
        for r in runtimes { await r.db.close() }
    }

    func runtime(_ node: NodeID) -> RegionRuntime? { runtimes.first { $0.node == node } }

    /// The region store of a data region (tests, content hashes, maintenance).
    public func database(_ region: NodeID) -> RegionDatabase? { runtime(region)?.db }

    /// The catalog a data region has applied.
    public func catalog(_ region: NodeID) -> Catalog? { runtime(region)?.latestCatalog }

    /// A hash of a region's schema and rows (equal in both regions once they applied the same index).
    public func contentHash(_ region: NodeID) async throws(DSQLError) -> String {
        guard let r = runtime(region) else { throw .regionNotFound(regionNames[region]) }
        do { return try await r.db.contentHash() } catch { throw error.dsqlError }
    }

    /// Waits until every data region has applied everything committed so far.
    public func waitForConvergence() async throws(DSQLError) {
        let target = NodeID.dataRegions.map { replication.commitIndex(of: $0) }.max() ?? 0
        for r in runtimes {
            do { try await r.db.waitForApplied(target) } catch { throw error.dsqlError }
        }
    }

    /// Why a region stopped applying, if it did (divergence or a store failure).
    public func applyFailure(_ region: NodeID) -> String? {
        appliers.first { $0.runtime.node == region }?.failure.withLock { $0 }
    }

    /// How many store snapshots a region has installed (after its log was wiped).
    public func snapshotsInstalled(_ region: NodeID) -> Int {
        appliers.first { $0.runtime.node == region }?.installs.withLock { $0 } ?? 0
    }

    // MARK: sessions

    /// A session on a data region's endpoint.
    public func connect(region: NodeID) throws(DSQLError) -> DSQLSession {
        guard let r = runtime(region) else { throw .regionNotFound(regionNames[region]) }
        return DSQLSession(cluster: self, runtime: r)
    }

    /// A session on `<cluster id>.dsql.<region>.on.aws`.
    public func connect(endpoint: String) throws(DSQLError) -> DSQLSession {
        let parts = endpoint.split(separator: ".").map(String.init)
        guard parts.count == 5, parts[1] == "dsql", parts[3] == "on", parts[4] == "aws",
              let node = regionNames.node(named: parts[2]), regionNames[node] == parts[2], node.isDataRegion
        else { throw .regionNotFound(endpoint) }
        return try connect(region: node)
    }

    // MARK: chaos passthrough

    /// Kills a region's log node: its endpoint answers `XX000 server unavailable` until restored.
    public func stopRegion(_ region: NodeID) {
        replication.stop(region)
        if region.isDataRegion { barrier(region).forgetConfirmation() }
    }

    /// Pauses a region's log node (state kept, nothing processed); its endpoint's statements
    /// wait for it. `resumeRegion` lets it go on; a stale leader then steps down.
    public func pauseRegion(_ region: NodeID) {
        replication.pause(region)
        if region.isDataRegion { barrier(region).forgetConfirmation() }
    }

    /// Resumes a paused region's log node.
    public func resumeRegion(_ region: NodeID) {
        if region.isDataRegion { barrier(region).forgetConfirmation() }
        replication.resume(region)
    }

    /// Restores a region's log node from its durable log; it catches up by applying the log.
    /// With `wipingLog` its log restarts empty (a replaced disk): the leader then ships its
    /// store's snapshot, which replaces this region's store.
    public func restartRegion(_ region: NodeID, wipingLog: Bool = false) {
        replication.restart(region, wipingDisk: wipingLog)
        if region.isDataRegion { barrier(region).forgetConfirmation() }
        appliers.first { $0.runtime.node == region }?.wake()
    }
}

extension DSQLError {
    /// No DSQL endpoint for that region (the witness has none).
    static func regionNotFound(_ name: String) -> DSQLError {
        DSQLError(sqlstate: .sqlclientUnableToEstablishSQLConnection, message: "could not connect to server: no DSQL endpoint for \(name)")
    }

    /// The commit's outcome is unknown (leader lost mid-commit): it may or may not have committed.
    public static let commitOutcomeUnknown = DSQLError(
        sqlstate: .transactionResolutionUnknown, message: "transaction resolution unknown: the commit may or may not have been applied")
}
