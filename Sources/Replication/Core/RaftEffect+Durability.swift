/// How an executor orders a batch's effects around the node's fsync.
///
/// It exists because the real-time driver and the simulator must follow the same policy for
/// the simulator's checks to vouch for the driver: writes go to the disk; effects that speak
/// only of committed entries may run at once; everything else waits until the batch's writes
/// (and every earlier batch's) are durable.
extension RaftEffect {
    /// True for effects that write to the node's disk.
    var isWrite: Bool {
        switch self {
        case .persistHardState, .persistEntries, .compact, .resetLog: true
        default: false
        }
    }

    /// Answers about committed entries (durable on a majority, which never needs this node's
    /// unsynced writes: a leader's entries reach a follower only after the leader's sync) and
    /// forwarded client requests and answers (no claim about this node's log) need not wait
    /// behind this node's fsync. A commit advance does wait: a region never applies an entry
    /// its own log does not hold durably (the simulator checks it).
    var isAboutCommittedState: Bool {
        switch self {
        case .readResult, .proposalResult: true
        case .send(let m): m.isForwarded
        default: false
        }
    }
}
