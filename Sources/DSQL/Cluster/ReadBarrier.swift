import Replication
import Synchronization

/// Coalesces a region's read barriers (ReadIndex): one barrier in flight at a time, and every
/// caller that arrived while it was in flight shares the next one.
///
/// It exists because each transaction starts with a read barrier, and under load one barrier
/// per transaction costs the log's driver a request and a continuation each. Sharing is safe:
/// a caller only ever receives the result of a barrier that started after it asked, so every
/// commit acknowledged before the caller asked is at or below the index it gets.
final class ReadBarrier: Sendable {
    typealias Waiter = CheckedContinuation<UInt64?, Never>

    private struct State {
        var inFlight = false
        var next: [Waiter] = []
    }

    private let node: NodeID
    private let replication: ReplicationCluster
    private let state = Mutex(State())
    /// When the latest round that returned an index began: the region reached a quorum then.
    private let lastConfirmed = Mutex<ContinuousClock.Instant?>(nil)

    init(node: NodeID, replication: ReplicationCluster) {
        self.node = node
        self.replication = replication
    }

    /// A commit index confirmed by a quorum after this call began; nil without a quorum.
    func index() async -> UInt64? {
        // A leader holding its lease answers at once (no round, nothing to share).
        if let index = replication.leaseReadIndex(at: node) { return index }
        return await withCheckedContinuation { (c: Waiter) in
            let start = state.withLock { s -> Bool in
                if s.inFlight {
                    s.next.append(c)
                    return false
                }
                s.inFlight = true
                return true
            }
            if start { launch([c]) }
        }
    }

    /// True when this region is known to have reached a quorum within `window`: a leader holding
    /// its lease, or a round that began less than `window` ago and returned an index. For
    /// statements that read nothing (a health check's `SELECT 1`), which need the region to be
    /// available but no snapshot; the window is the lease's, so such a statement notices a lost
    /// quorum no later than a lease read would.
    func confirmed(within window: Duration) -> Bool {
        if replication.leaseReadIndex(at: node) != nil { return true }
        guard let last = lastConfirmed.withLock({ $0 }) else { return false }
        return ContinuousClock.now - last < window
    }

    /// Forgets earlier confirmations (the region's node was stopped or restarted).
    func forgetConfirmation() {
        lastConfirmed.withLock { $0 = nil }
    }

    /// Starts one round for `waiters`; its answer resumes them (from one pool task when there
    /// are several) and starts the next round for whoever arrived meanwhile. No task of its own:
    /// the driver's answer arrives as a callback.
    private func launch(_ waiters: [Waiter]) {
        let started = ContinuousClock.now
        replication.readIndex(at: node) { [self] outcome in
            let result: UInt64? = if case .index(let i) = outcome { i } else { nil }
            if result != nil {
                lastConfirmed.withLock { last in
                    if last.map({ $0 < started }) ?? true { last = started }
                }
            }
            PoolHandoff.run(waiters.map { w in { w.resume(returning: result) } })
            let following = state.withLock { s -> [Waiter] in
                let n = s.next
                s.next = []
                if n.isEmpty { s.inFlight = false }
                return n
            }
            if !following.isEmpty { launch(following) }
        }
    }
}
