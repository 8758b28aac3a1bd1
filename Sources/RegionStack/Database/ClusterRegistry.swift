import AWSAPI
import DSQL
import Determinism
import Foundation
import Replication
import Synchronization

/// What the registry tells its observers (a PostgreSQL wire listener, for example): a cluster
/// can now be served on its endpoint, or is gone.
public enum ClusterRegistryEvent: Sendable, Equatable {
    /// `identifier`'s endpoint (`<id>.dsql.<region>.on.aws`) is served; `session(for:)` finds it.
    case active(identifier: String, endpoint: String)
    /// The cluster was deleted.
    case deleted(identifier: String, endpoint: String)
}

/// The Aurora DSQL clusters of the stack, per Region: the stack's own peered pair and every
/// cluster created through the control plane, each served by a real replicated cluster.
///
/// It exists so that DSQL's control plane (`DSQLAPI`), the SQL console and the wire endpoint
/// find clusters in one place. A single-Region cluster gets its own `DSQLCluster` once created;
/// a multi-Region pair waits in `PENDING_SETUP` until both sides name each other, then both
/// are served by one new `DSQLCluster` (one data region each, plus the witness). Created
/// clusters live under `<data-dir>/clusters/<key>/` and are listed in
/// `<data-dir>/dsql-clusters.json`, so they survive restarts; ephemeral stacks keep them in
/// temporary storage.
public final class ClusterRegistry: Sendable {
    struct State: Sendable {
        var records: [String: ClusterRecord] = [:]
        var backings: [String: DSQLCluster] = [:]
        /// How many clusters were ever created (the id stream's position).
        var created: UInt64 = 0
        var closed = false
    }

    /// Where and how new replicated clusters start.
    public struct Settings: Sendable {
        public var dataDirectory: String
        public var ephemeral: Bool
        public var logSync: LogSync
        public var seed: UInt64
        public var accountID: String
        public var configuration: StackConfiguration

        public init(
            dataDirectory: String, ephemeral: Bool, logSync: LogSync, seed: UInt64, accountID: String,
            configuration: StackConfiguration
        ) {
            self.dataDirectory = dataDirectory.hasSuffix("/") ? String(dataDirectory.dropLast()) : dataDirectory
            self.ephemeral = ephemeral
            self.logSync = logSync
            self.seed = seed
            self.accountID = accountID
            self.configuration = configuration
        }
    }

    static let stackBacking = "stack"

    let settings: Settings
    let state = Mutex(State())
    let observers = Mutex<[@Sendable (ClusterRegistryEvent) -> Void]>([])
    let pending = Mutex<[Task<Void, Never>]>([])

    /// A registry holding the stack's own pair (served by `stackCluster`) and the clusters an
    /// earlier run created on this data directory (their replicated clusters start in the background).
    public init(settings: Settings, names: ResourceNames, stackCluster: DSQLCluster, createdAt: Double) {
        self.settings = settings
        let c = settings.configuration
        state.withLock { state in
            state.backings[Self.stackBacking] = stackCluster
            for role in [StackRegionRole.primary, .secondary] {
                let r = names[role]
                let peer = names[role == .primary ? .secondary : .primary]
                var record = ClusterRecord(
                    identifier: r.clusterID, region: r.region, accountID: names.accountID, status: "ACTIVE",
                    creationTime: createdAt, deletionProtectionEnabled: c.enableDeletionProtection,
                    tags: names.clusterTags(role, configuration: c), witnessRegion: c.witnessRegion, peerARNs: [peer.clusterARN],
                    backing: Self.stackBacking)
                record.isStackCluster = true
                state.records[r.clusterID] = record
            }
        }
        load()
    }

    /// Adds an observer of clusters becoming served and being deleted (called on any thread).
    public func observe(_ observer: @escaping @Sendable (ClusterRegistryEvent) -> Void) {
        observers.withLock { $0.append(observer) }
    }

    /// The endpoints served now, with their clusters' identifiers.
    public var activeEndpoints: [(identifier: String, endpoint: String)] {
        state.withLock { state in
            state.records.values.filter { $0.backing.map { state.backings[$0] != nil } ?? false && $0.status == "ACTIVE" }
                .sorted { $0.identifier < $1.identifier }.map { ($0.identifier, $0.endpoint) }
        }
    }

    /// The replicated cluster and data region serving a cluster named by identifier or by
    /// endpoint (`<id>.dsql.<region>.on.aws`); nil when unknown or not (yet) served.
    public func session(for identifierOrEndpoint: String) -> (cluster: DSQLCluster, node: NodeID)? {
        let id = identifierOrEndpoint.split(separator: ".").first.map(String.init) ?? identifierOrEndpoint
        return state.withLock { state in
            guard let record = state.records[id], let key = record.backing, let cluster = state.backings[key] else { return nil }
            return (cluster, node(for: record))
        }
    }

    /// The data region of the replicated cluster that serves `record`.
    func node(for record: ClusterRecord) -> NodeID {
        let c = settings.configuration
        if record.region == c.secondaryRegion { return .secondary }
        return .primary
    }

    func notify(_ event: ClusterRegistryEvent) {
        for observer in observers.withLock({ $0 }) { observer(event) }
    }

    /// Stops every replicated cluster it started (not the stack's own), after any start or
    /// delete in progress.
    public func shutdown() async {
        let tasks = pending.withLock { tasks in
            defer { tasks.removeAll() }
            return tasks
        }
        for task in tasks { await task.value }
        let clusters = state.withLock { state -> [DSQLCluster] in
            state.closed = true
            defer { state.backings = state.backings.filter { $0.key == Self.stackBacking } }
            return state.backings.filter { $0.key != Self.stackBacking }.map(\.value)
        }
        for cluster in clusters { await cluster.shutdown() }
    }

    /// Runs `work` in the background; `shutdown` waits for it.
    func background(_ work: @escaping @Sendable () async -> Void) {
        let task = Task { await work() }
        pending.withLock { $0.append(task) }
    }

    /// The directory of a created cluster's replicated cluster.
    func directory(_ key: String) -> String { settings.dataDirectory + "/clusters/" + key }

    /// Starts the replicated cluster `key` and marks the clusters it serves ACTIVE.
    func startBacking(_ key: String) {
        background { [self] in
            if state.withLock({ $0.closed || $0.backings[key] != nil }) { return }
            do {
                let cluster = try await StackDSQL.start(
                    dataDirectory: directory(key), ephemeral: settings.ephemeral, logSync: settings.logSync,
                    seed: settings.seed ^ Self.fnv1a(key))
                let (served, closed) = state.withLock { state -> ([ClusterRecord], Bool) in
                    if state.closed { return ([], true) }
                    state.backings[key] = cluster
                    var served: [ClusterRecord] = []
                    for (id, record) in state.records where record.backing == key {
                        if ["CREATING", "PENDING_SETUP", "UPDATING"].contains(record.status) { state.records[id]!.status = "ACTIVE" }
                        served.append(state.records[id]!)
                    }
                    return (served, false)
                }
                if closed {
                    await cluster.shutdown()
                    return
                }
                save()
                for record in served { notify(.active(identifier: record.identifier, endpoint: record.endpoint)) }
            } catch {
                state.withLock { state in
                    for (id, record) in state.records where record.backing == key { state.records[id]!.status = "FAILED" }
                }
                save()
            }
        }
    }

    /// Removes `identifiers` once their replicated cluster (if no other cluster uses it) stopped.
    func finishDeletion(_ identifiers: [String]) {
        background { [self] in
            let (stop, removed) = state.withLock { state -> ([(String, DSQLCluster?)], [ClusterRecord]) in
                let removed = identifiers.compactMap { state.records[$0] }
                let keys = Set(removed.compactMap(\.backing))
                var stop: [(String, DSQLCluster?)] = []
                for key in keys where key != Self.stackBacking {
                    let users = state.records.values.filter { $0.backing == key && !identifiers.contains($0.identifier) }
                    if users.isEmpty { stop.append((key, state.backings.removeValue(forKey: key))) }
                }
                return (stop, removed)
            }
            for (key, cluster) in stop {
                await cluster?.shutdown()
                if !settings.ephemeral { _ = StackDestroyer.remove(directory(key)) }
            }
            state.withLock { state in for id in identifiers { state.records[id] = nil } }
            save()
            for record in removed { notify(.deleted(identifier: record.identifier, endpoint: record.endpoint)) }
        }
    }

    /// FNV-1a of a key: a stable seed per replicated cluster (Swift's `hashValue` changes per run).
    static func fnv1a(_ text: String) -> UInt64 {
        text.utf8.reduce(0xcbf2_9ce4_8422_2325 as UInt64) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
    }

    /// A new cluster id (`[a-z2-7]{26}`), drawn from the stack's seed and the creation count.
    func nextIdentifier(_ state: inout State) -> String {
        while true {
            state.created += 1
            var generator = SeededGenerator(seed: settings.seed ^ 0xD5_C1_05_7E_12 &+ state.created &* 0x9E37_79B9_7F4A_7C15)
            let id = RandomIdentifiers.clusterID(using: &generator)
            if state.records[id] == nil { return id }
        }
    }
}
