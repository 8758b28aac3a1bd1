/// How a running replication cluster is set up.
public struct ClusterConfiguration: Sendable {
    /// Where each node keeps its log.
    public enum Storage: Sendable, Equatable {
        /// In memory (`--ephemeral`, tests): survives `stop`/`restart`, not the process.
        case memory
        /// One directory per node under this path (`<path>/<region>/raft.log`).
        case directory(String)
    }

    public var storage: Storage
    /// When a `.directory` log write counts as persisted (`full`: after `fdatasync`).
    public var logSync: LogSync = .full
    public var raft: RaftConfig
    public var latency: LatencyPreset
    /// Seeds election timeouts and link jitter/loss (reproducible schedules).
    public var seed: UInt64
    /// Each data region's durable applied index (from its SQLite) at startup, so the committed
    /// entry buffer starts after it and compaction never passes what the store lacks.
    public var appliedIndex: [NodeID: UInt64] = [:]
    /// The region each voter stands for (names the log directories and errors).
    public var regionNames: RegionNames = .defaults

    public init(storage: Storage = .memory, raft: RaftConfig = RaftConfig(), latency: LatencyPreset = .zero, seed: UInt64 = 1) {
        self.storage = storage
        self.raft = raft
        self.latency = latency
        self.seed = seed
    }
}

/// Errors of the running cluster.
public enum ReplicationError: Error, Equatable, CustomStringConvertible {
    /// The region cannot reach a quorum (or its node is stopped): DSQL's `XX000 server unavailable`.
    case unavailable(region: String)
    /// The node's log storage failed; the node was stopped.
    case storage(String)

    public var description: String {
        switch self {
        case .unavailable(let region): "region \(region) cannot reach a quorum"
        case .storage(let text): "log storage failed: \(text)"
        }
    }
}
