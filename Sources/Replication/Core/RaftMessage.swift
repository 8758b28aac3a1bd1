/// A message between two voters (or a forwarded client request between regions).
///
/// Raft messages carry the sender's term; forwarded requests (`forward*`) carry term 0 and are
/// exempt from the term rules because they are client traffic riding on the same links.
public struct RaftMessage: Sendable {
    public var from: NodeID
    public var to: NodeID
    public var term: UInt64
    public var body: Body

    public init(from: NodeID, to: NodeID, term: UInt64, body: Body) {
        self.from = from
        self.to = to
        self.term = term
        self.body = body
    }

    /// The message kinds.
    public enum Body: Sendable {
        /// Pre-Vote: "would you vote for me at `term`?" Changes nobody's state.
        case preVote(lastIndex: UInt64, lastTerm: UInt64)
        case preVoteResponse(granted: Bool)
        /// RequestVote. `transfer` marks a leadership hand-over, which ignores leader leases.
        case vote(lastIndex: UInt64, lastTerm: UInt64, transfer: Bool)
        case voteResponse(granted: Bool)
        /// AppendEntries (also the heartbeat and the ReadIndex confirmation round).
        case append(AppendRequest)
        case appendResponse(AppendResponse)
        /// Leadership transfer: campaign now.
        case timeoutNow
        /// Install a data snapshot in a data region that lags behind the leader's compaction.
        case installSnapshot(index: UInt64, snapshotTerm: UInt64, data: [UInt8])
        case forwardPropose(requestID: UInt64, Proposal)
        case forwardProposeResult(requestID: UInt64, ProposalOutcome)
        case forwardRead(requestID: UInt64)
        case forwardReadResult(requestID: UInt64, ReadOutcome)
    }

    /// True for client traffic that is exempt from term handling.
    public var isForwarded: Bool {
        switch body {
        case .forwardPropose, .forwardProposeResult, .forwardRead, .forwardReadResult: true
        default: false
        }
    }
}

/// The AppendEntries request.
public struct AppendRequest: Sendable {
    public var prevIndex: UInt64
    public var prevTerm: UInt64
    public var entries: [LogEntry]
    public var commitIndex: UInt64
    /// ReadIndex round number; the follower echoes it.
    public var readSeq: UInt64
    /// The lowest index both data regions have durably stored (as the leader knows it).
    public var dataDurableIndex: UInt64
}

/// The AppendEntries reply.
public struct AppendResponse: Sendable {
    public var success: Bool
    /// On success, the index of the last entry verified to match the leader's log.
    public var matchIndex: UInt64
    /// On rejection, the leader should retry from `hint + 1`.
    public var hint: UInt64
    public var readSeq: UInt64
}
