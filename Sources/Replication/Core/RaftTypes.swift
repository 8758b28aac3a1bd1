/// Virtual or monotonic time in microseconds. The core never reads a clock; it is told `now`.
public typealias Micros = UInt64

/// Timing and sizing knobs of a Raft node.
///
/// Defaults suit the real-time driver with zero or realistic link latency: heartbeats every
/// 50 ms and a randomized election timeout in [300, 600) ms (the witness adds 50% so that a data
/// region usually wins), which detects a dead leader well within the 1 s failover target.
public struct RaftConfig: Sendable {
    public var heartbeatInterval: Micros = 50_000
    public var electionTimeoutMin: Micros = 300_000
    public var electionTimeoutMax: Micros = 600_000
    /// Extra factor on the witness's election timeout (1.5 = 50% longer).
    public var witnessElectionFactor: Double = 1.5
    /// A node that campaigns `bootElectionDelay` after it starts instead of after a full election
    /// timeout. The running stack boots all three nodes at once, so no leader can exist yet and
    /// waiting 300-600 ms buys nothing; an early election is always safe in Raft (it only costs
    /// liveness if it loses, and then the normal timeouts take over). Nil: every node waits.
    public var bootCampaigner: NodeID? = nil
    /// How soon `bootCampaigner` campaigns after start.
    public var bootElectionDelay: Micros = 10_000
    /// A forwarded request with no answer after this long reports `unknown` / `unavailable`.
    public var requestTimeout: Micros = 2_000_000
    /// Entries per AppendEntries message.
    public var maxEntriesPerAppend: Int = 512
    /// Compact once this many applied entries are safely behind every voter.
    public var compactionThreshold: UInt64 = 4096
    /// Entries to keep even after they are safe to compact (slack for lagging followers).
    public var compactionRetain: UInt64 = 1024

    public init() {}
}

/// What a node persists before it answers anyone: Raft's currentTerm and votedFor, plus a commit
/// hint so a restarted node does not start from commit index 0.
public struct HardState: Sendable, Equatable {
    public var term: UInt64
    public var votedFor: NodeID?
    public var commitIndex: UInt64

    public init(term: UInt64 = 0, votedFor: NodeID? = nil, commitIndex: UInt64 = 0) {
        self.term = term
        self.votedFor = votedFor
        self.commitIndex = commitIndex
    }
}

/// A node's role.
public enum RaftRole: Sendable, Equatable {
    case follower, preCandidate, candidate, leader
}

/// Inputs to the consensus core.
public enum RaftEvent: Sendable {
    /// Time passed; fire whatever deadlines are due.
    case tick
    case receive(RaftMessage)
    /// A local client proposes an entry (forwarded to the leader if needed).
    case propose(requestID: UInt64, Proposal)
    /// A local client asks for a ReadIndex barrier.
    case readIndex(requestID: UInt64)
    /// Ask the leader to hand over to `target`.
    case transferLeadership(to: NodeID)
    /// The local store has applied (and made durable) entries up to this index.
    case applied(UInt64)
    /// The executor made this node's writes durable through the log position it had when it
    /// produced them (`RaftNode.logPosition`). A leader counts its own log toward a commit only
    /// up to here, so it may send entries to followers before its own fsync (Raft thesis 10.2.1).
    case logDurable(index: UInt64, term: UInt64)
    /// Leader only: ship the local store's snapshot (taken at `index`) to a lagging data region
    /// (the answer to `snapshotNeeded`).
    case sendSnapshot(to: NodeID, index: UInt64, data: [UInt8])
    /// Leader only: `peer` lost its disk (operator action); forget what it had acknowledged.
    case peerLostLog(NodeID)
}

/// Outputs of the consensus core. The executor must carry them out in order, and every
/// `persist*` must be durable (fsynced) before any later effect is carried out.
public enum RaftEffect: Sendable {
    case persistHardState(HardState)
    /// Drop entries with index >= `truncateFrom` (if set), then append `entries`.
    case persistEntries(truncateFrom: UInt64?, entries: [LogEntry])
    /// Entries through `index` are no longer needed.
    case compact(through: UInt64)
    /// Drop the whole log; it now starts after `snapshotIndex` (term `term`).
    case resetLog(snapshotIndex: UInt64, term: UInt64)
    case send(RaftMessage)
    case proposalResult(requestID: UInt64, ProposalOutcome)
    case readResult(requestID: UInt64, ReadOutcome)
    /// New entries are committed (and durable locally) up to this index.
    case commitAdvanced(UInt64)
    /// A data region needs a snapshot because the leader compacted what it lacks.
    case snapshotNeeded(for: NodeID)
    /// A data snapshot arrived: the store must install it, then report `applied(index)`.
    case installSnapshot(index: UInt64, data: [UInt8])
    /// The node's view of the leader changed.
    case leaderChanged(NodeID?, term: UInt64)
}
