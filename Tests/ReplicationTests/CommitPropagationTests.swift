import Determinism
import Testing
@testable import Replication

/// A data region applies only what it knows is committed, so the leader must tell followers about
/// a commit advance at once, not with the next heartbeat (50 ms later).
struct CommitPropagationTests {
    @Test(arguments: [UInt64(1), 2, 3])
    func leaderSendsTheNewCommitIndexWithoutWaitingForAHeartbeat(seed: UInt64) throws {
        let c = ManualCluster(seed: seed)
        c.elect(.primary, among: [.primary, .secondary, .witness])
        try #require(c[.primary].role == .leader, "seed \(seed)")
        c.deliver()  // settle the leader's first entry everywhere
        c.inbox.removeAll()

        // One proposal; the leader appends and sends it (no time passes from here on).
        c.handle(.primary, .propose(requestID: 1, c.proposal(42)))
        let index = c[.primary].log.lastIndex
        // The followers persist the entry and answer; their answers commit it on the leader.
        c.deliver { $0.from == .primary && $0.to != .primary }
        c.deliver { $0.to == .primary }
        try #require(c[.primary].commitIndex >= index, "seed \(seed): the entry did not commit")

        // What the leader sent in reaction already carries the new commit index to both peers.
        for peer in [NodeID.secondary, .witness] {
            let told = c.inbox.contains { m in
                guard m.from == .primary, m.to == peer, case .append(let req) = m.body else { return false }
                return req.commitIndex >= index
            }
            #expect(told, "seed \(seed): \(peer) was not told that \(index) committed until a heartbeat")
        }
        c.deliver()
        #expect(c[.secondary].commitIndex >= index, "seed \(seed)")
    }
}
