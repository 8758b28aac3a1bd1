/// How one simulation run is set up.
public struct SimulationOptions: Sendable {
    public var seed: UInt64
    /// Consensus knobs; compaction is small by default so that runs exercise it.
    public var raft: RaftConfig
    /// Draw a random fault schedule (crashes, partitions, pauses, slow and lossy links).
    public var randomFaults: Bool
    /// Run random clients proposing and reading in both data regions.
    public var randomClients: Bool
    /// Upper bound of one simulated fsync.
    public var maxFsyncMicros: Micros = 400

    public init(seed: UInt64, randomFaults: Bool = true, randomClients: Bool = true) {
        self.seed = seed
        self.randomFaults = randomFaults
        self.randomClients = randomClients
        var raft = RaftConfig()
        raft.compactionThreshold = 48
        raft.compactionRetain = 16
        raft.maxEntriesPerAppend = 32
        self.raft = raft
    }
}

/// What a run did and what it found. `violations` must be empty.
public struct SimulationReport: Sendable, CustomStringConvertible {
    public var seed: UInt64
    public var events = 0
    public var violations: [String] = []
    public var traceHash: UInt64 = 0xcbf2_9ce4_8422_2325
    public var proposals = 0
    public var commitsAcked = 0
    public var conflicts = 0
    public var unknowns = 0
    public var unavailable = 0
    public var reads = 0
    public var leaderElections = 0
    public var witnessLeaderships = 0
    public var crashes = 0
    public var pauses = 0
    public var partitions = 0
    public var messagesDropped = 0
    public var snapshotsNeeded = 0
    public var duplicatesDeduplicated = 0
    public var maxTerm: UInt64 = 0
    public var finalCommitIndex: UInt64 = 0

    public init(seed: UInt64) { self.seed = seed }

    public var description: String {
        "seed=\(seed) events=\(events) violations=\(violations.count) hash=\(String(traceHash, radix: 16)) "
            + "proposals=\(proposals) acked=\(commitsAcked) conflicts=\(conflicts) unknown=\(unknowns) "
            + "unavailable=\(unavailable) reads=\(reads) elections=\(leaderElections) "
            + "witnessLed=\(witnessLeaderships) crashes=\(crashes) pauses=\(pauses) partitions=\(partitions) "
            + "dropped=\(messagesDropped) dedup=\(duplicatesDeduplicated) maxTerm=\(maxTerm) "
            + "commit=\(finalCommitIndex)"
            + (violations.isEmpty ? "" : " first violation: \(violations[0])")
    }
}
