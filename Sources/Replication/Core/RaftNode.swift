import Determinism

/// The consensus core of one voter: Raft with Pre-Vote, CheckQuorum, ReadIndex, leadership
/// transfer and a witness that leads only long enough to hand over.
///
/// It is a synchronous state machine: `handle(event, now:)` returns effects (persist, send,
/// reply, notify) and never touches threads, sockets, clocks or system randomness. The
/// deterministic simulator and the real-time driver differ only in who carries out the effects.
/// Executors must honour the ordering contract on `RaftEffect`: persist effects are durable
/// before any effect after them runs.
public final class RaftNode {
    public let id: NodeID
    public let config: RaftConfig
    var rng: SeededGenerator

    public internal(set) var term: UInt64
    public internal(set) var votedFor: NodeID?
    public internal(set) var log: RaftLog
    public internal(set) var role: RaftRole = .follower
    public internal(set) var leader: NodeID?
    public internal(set) var commitIndex: UInt64
    /// Highest index the local store reported applied (data regions); compaction never passes it.
    public internal(set) var appliedIndex: UInt64
    /// The highest log index the executor reported durable (`logDurable`); what the leader
    /// counts for itself in the commit majority.
    public internal(set) var durableIndex: UInt64

    var now: Micros
    var electionDeadline: Micros = 0
    var heartbeatDeadline: Micros = .max
    var checkQuorumDeadline: Micros = .max
    var lastLeaderContact: Micros = 0
    /// A node that rejoins a running cluster refuses disruptive votes until then: before it went
    /// down it may have acknowledged a leader's lease that it no longer remembers.
    var voteGuardUntil: Micros = 0
    var votes: UInt8 = 0

    // Leader state.
    var nextIndex: [UInt64] = [1, 1, 1]
    var matchIndex: [UInt64] = [0, 0, 0]
    var recentActive: UInt8 = 0
    var adjudicator: ConflictAdjudicator?
    var pendingProposals: [PendingProposal] = []
    var transferTarget: NodeID?
    var transferDeadline: Micros = 0
    var lastHandOverTarget: NodeID?
    var readSeq: UInt64 = 0
    var ackedSeq: [UInt64] = [0, 0, 0]
    var pendingReads: [PendingRead] = []
    var readRoundNeeded = false
    /// Send times of recent read rounds (ring indexed by `readSeq % count`), the send time of
    /// the newest round a peer acknowledged (the lease anchor), and whether this leader started
    /// a leadership transfer in its term (a transfer vote ignores leases: no lease reads then).
    var roundSentAt = [(seq: UInt64, at: Micros)](repeating: (0, 0), count: 64)
    var leaseAnchor: Micros = 0
    var transferredInTerm = false
    /// The leader's commit index advanced since its last append: followers (the data regions
    /// apply only what they know is committed) should hear it now, not a heartbeat later.
    var commitNewsPending = false
    var appendBuffer: [LogEntry] = []

    // Follower state.
    var dataDurableHint: UInt64 = 0
    var forwarded: [ForwardedRequest] = []

    var effects: [RaftEffect] = []

    /// A proposal the leader appended and will answer when it commits.
    struct PendingProposal {
        var index: UInt64
        var requestID: UInt64
        var replyTo: NodeID
    }

    /// A ReadIndex request waiting for a quorum round (and for a current-term commit).
    struct PendingRead {
        var seq: UInt64
        var index: UInt64?
        var requestID: UInt64
        var replyTo: NodeID
    }

    /// A local client request forwarded to the leader.
    struct ForwardedRequest {
        var requestID: UInt64
        var isRead: Bool
        var deadline: Micros
    }

    /// Builds a node from its durable state (all zero for a fresh node). `rejoining`: the other
    /// voters may have kept running while this node was down (a restart after a crash or a
    /// region kill, not a whole-cluster boot); it then refuses disruptive votes for one
    /// minimum election timeout, which keeps any lease it acknowledged before the crash valid.
    public init(
        id: NodeID, config: RaftConfig = RaftConfig(), generator: SeededGenerator,
        hardState: HardState = HardState(), log: RaftLog = RaftLog(), appliedIndex: UInt64 = 0, now: Micros,
        rejoining: Bool = false
    ) {
        self.id = id
        self.config = config
        self.rng = generator
        self.term = hardState.term
        self.votedFor = hardState.votedFor
        self.log = log
        let hint = max(hardState.commitIndex, appliedIndex, log.snapshotIndex)
        self.commitIndex = min(hint, log.lastIndex)
        self.appliedIndex = id.isDataRegion ? min(appliedIndex, commitIndex) : commitIndex
        self.durableIndex = log.lastIndex  // loaded from disk
        self.now = now
        resetElectionDeadline()
        if config.bootCampaigner == id { electionDeadline = now + config.bootElectionDelay }
        if rejoining { voteGuardUntil = now + config.electionTimeoutMin }
    }

    /// Feeds one event; returns the effects to carry out, in order.
    public func handle(_ event: RaftEvent, now: Micros) -> [RaftEffect] {
        self.now = max(self.now, now)
        dispatch(event)
        flush()
        let out = effects
        effects = []
        return out
    }

    /// Feeds several events at one instant (one flush: one persist and one broadcast for a batch
    /// of proposals, which is what makes group commit cheap).
    public func handle(batch events: [RaftEvent], now: Micros) -> [RaftEffect] {
        self.now = max(self.now, now)
        for event in events { dispatch(event) }
        flush()
        let out = effects
        effects = []
        return out
    }

    /// The earliest time at which a `tick` has something to do.
    public var nextWakeup: Micros {
        var t = role == .leader ? min(heartbeatDeadline, checkQuorumDeadline) : electionDeadline
        if transferTarget != nil { t = min(t, transferDeadline) }
        for f in forwarded where f.deadline < t { t = f.deadline }
        return t
    }

    /// Durable state as the core sees it (for tests and the simulator's checks).
    public var hardState: HardState { HardState(term: term, votedFor: votedFor, commitIndex: commitIndex) }

    /// The log position (last index and term) to report back in `logDurable` once the writes of
    /// the latest `handle` call are durable.
    public var logPosition: (index: UInt64, term: UInt64) { (log.lastIndex, log.lastTerm) }

    /// The writes through `index` (whose entry has `term`) are durable. A report about entries
    /// the log has since replaced (another term at that index) is ignored.
    func noteDurable(index: UInt64, term: UInt64) {
        guard index > durableIndex, index <= log.lastIndex,
              index <= log.snapshotIndex || log.term(at: index) == term else { return }
        durableIndex = index
        if role == .leader { advanceLeaderCommit() }
    }

    /// Records the store's applied index without producing effects.
    public func noteApplied(_ index: UInt64) {
        if index > appliedIndex { appliedIndex = min(index, commitIndex) }
    }

    func dispatch(_ event: RaftEvent) {
        switch event {
        case .tick: tick()
        case .receive(let m): receive(m)
        case .propose(let requestID, let proposal): propose(requestID: requestID, proposal)
        case .readIndex(let requestID): read(requestID: requestID)
        case .transferLeadership(let target): startTransfer(to: target)
        case .applied(let index): noteApplied(index)
        case .logDurable(let index, let term): noteDurable(index: index, term: term)
        case .sendSnapshot(let peer, let index, let data): sendSnapshot(to: peer, index: index, data: data)
        case .peerLostLog(let peer):
            if role == .leader && peer != id {
                matchIndex[peer.rawValue] = 0
                nextIndex[peer.rawValue] = log.lastIndex + 1
            }
        }
    }

    /// Emits the batched leader append and any broadcast the events asked for.
    func flush() {
        if !appendBuffer.isEmpty {
            effects.append(.persistEntries(truncateFrom: nil, entries: appendBuffer))
            appendBuffer.removeAll(keepingCapacity: true)
            matchIndex[id.rawValue] = durableIndex
            readRoundNeeded = false
            commitNewsPending = false
            startReadRound()
        } else if readRoundNeeded || (commitNewsPending && role == .leader) {
            readRoundNeeded = false
            commitNewsPending = false
            startReadRound()
        }
        commitNewsPending = false
    }

    func tick() {
        if role == .leader {
            if now >= checkQuorumDeadline {
                if recentActive & ~id.bit == 0 {
                    becomeFollower(term: term, leader: nil)
                    return
                }
                recentActive = 0
                checkQuorumDeadline = now + config.electionTimeoutMin
            }
            if transferTarget != nil && now >= transferDeadline { transferTarget = nil }
            // Each heartbeat is a read round too: its acknowledgements keep the lease alive.
            if now >= heartbeatDeadline { startReadRound() }
            witnessHandOver()
        } else if now >= electionDeadline {
            startPreVote()
        }
        if !forwarded.isEmpty { expireForwarded() }
        maybeCompact()
    }

    func send(_ to: NodeID, _ body: RaftMessage.Body, term: UInt64? = nil) {
        effects.append(.send(RaftMessage(from: id, to: to, term: term ?? self.term, body: body)))
    }

    func persistHardState() {
        effects.append(.persistHardState(hardState))
    }

    func resetElectionDeadline() {
        var lo = config.electionTimeoutMin, hi = config.electionTimeoutMax
        if id == .witness {
            lo = Micros(Double(lo) * config.witnessElectionFactor)
            hi = Micros(Double(hi) * config.witnessElectionFactor)
        }
        electionDeadline = now + UInt64.random(in: lo..<max(hi, lo + 1), using: &rng)
    }

    /// True while this node believes a live leader exists (so it refuses disruptive votes).
    var inLease: Bool {
        role == .leader || (leader != nil && now < lastLeaderContact + config.electionTimeoutMin)
            || now < voteGuardUntil
    }

    func setLeader(_ l: NodeID?) {
        if l != leader {
            // Requests forwarded to the old leader will not be answered: fail them now (a
            // proposal may still commit, so it is `unknown`) rather than at their deadline.
            if !forwarded.isEmpty {
                for f in forwarded {
                    effects.append(f.isRead
                        ? .readResult(requestID: f.requestID, .unavailable)
                        : .proposalResult(requestID: f.requestID, .unknown))
                }
                forwarded.removeAll()
            }
            leader = l
            effects.append(.leaderChanged(l, term: term))
        }
        if l != nil { lastLeaderContact = now }
    }
}
