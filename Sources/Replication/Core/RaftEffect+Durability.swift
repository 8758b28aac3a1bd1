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

    /// Effects that need not wait for the batch's writes (and every earlier batch's) to be
    /// durable:
    /// - read and proposal answers: they speak of committed entries, durable on a majority, and
    ///   a leader counts its own log toward a majority only once it is durable (`logDurable`);
    /// - forwarded client requests and answers: no claim about this node's log;
    /// - a leader's AppendEntries: Raft lets a leader send entries before its own fsync (thesis
    ///   10.2.1), for the same reason. Its term is durable since its election.
    /// A commit advance does wait: a region never applies an entry its own log does not hold
    /// durably (the simulator checks it). Acknowledgements and votes wait, as Raft requires.
    var mayRunBeforeSync: Bool {
        switch self {
        case .readResult, .proposalResult: true
        case .send(let m):
            switch m.body {
            case .append: true
            default: m.isForwarded
            }
        default: false
        }
    }
}
