import Determinism
import Testing
@testable import Replication

/// Leader leases: a leader whose read round a peer acknowledged less than a minimum election
/// timeout ago answers ReadIndex at once; it stops when the lease runs out, after it starts a
/// transfer, and a node rejoining a running cluster refuses the votes that would break a lease
/// it acknowledged before it went down.
@Suite struct LeaseReadTests {
    /// A cluster whose primary leads with every entry committed and every round acknowledged.
    func settled(seed: UInt64) -> ManualCluster {
        let c = ManualCluster(seed: seed)
        c.elect(.primary, among: [.primary, .secondary, .witness])
        c.deliver()
        return c
    }

    @Test func leaderWithAnAcknowledgedRoundAnswersAtOnce() {
        let c = settled(seed: 11)
        #expect(c[.primary].role == .leader, "seed 11")
        let lease = c[.primary].leaseRead
        #expect(lease != nil, "seed 11: a fresh round was acknowledged")
        #expect(lease?.index == c[.primary].commitIndex)
        c.handle(.primary, .readIndex(requestID: 1))
        #expect(c.reads[1] == .index(c[.primary].commitIndex), "answered without another round")
        #expect(!c.inbox.contains { c.isAppendTraffic($0) }, "no read round was started")
    }

    @Test func expiredLeaseFallsBackToARound() {
        let c = settled(seed: 12)
        c.now += c.config.electionTimeoutMin
        c.handle(.primary, .tick)
        c.inbox.removeAll()
        #expect(c[.primary].leaseRead == nil, "seed 12: lease ran out")
        c.handle(.primary, .readIndex(requestID: 2))
        #expect(c.reads[2] == nil, "waits for a round")
        c.deliver()
        #expect(c.reads[2] == .index(c[.primary].commitIndex), "answered after the round; the lease is back")
        #expect(c[.primary].leaseRead != nil)
    }

    @Test func noLeaseReadsAfterStartingATransfer() {
        let c = settled(seed: 13)
        c.handle(.primary, .transferLeadership(to: .secondary))
        #expect(c[.primary].leaseRead == nil, "seed 13: a transfer vote ignores leases")
        c.inbox.removeAll()
        // Even after the transfer gives up and the leader keeps its term.
        c.now += c.config.electionTimeoutMax + 1
        c.handle(.primary, .tick)
        c.deliver { c.isAppendTraffic($0) }
        #expect(c[.primary].role == .leader)
        #expect(c[.primary].leaseRead == nil, "no lease for the rest of the term")
    }

    @Test func rejoiningNodeRefusesDisruptiveVotesForOneTimeout() {
        let c = settled(seed: 14)
        let term = c[.primary].term
        // The secondary restarts while the primary keeps its lease; the witness campaigns.
        c.restart(.secondary, seed: 99, rejoining: true)
        c.inbox.removeAll()
        c.handle(.secondary, .receive(RaftMessage(from: .witness, to: .secondary, term: term + 1,
                                                body: .preVote(lastIndex: c[.witness].log.lastIndex, lastTerm: c[.witness].log.lastTerm))))
        let refusal = c.inbox.last { $0.from == .secondary }
        #expect(refusal.map { if case .preVoteResponse(false) = $0.body { true } else { false } } == true,
                "seed 14: a rejoining node refuses pre-votes")
        c.handle(.secondary, .receive(RaftMessage(from: .witness, to: .secondary, term: term + 1,
                                                  body: .vote(lastIndex: c[.witness].log.lastIndex, lastTerm: c[.witness].log.lastTerm, transfer: false))))
        #expect(c[.secondary].term == term, "a disruptive vote is ignored, the term stays")
        // After one minimum election timeout it votes again.
        c.now += c.config.electionTimeoutMin
        c.handle(.secondary, .receive(RaftMessage(from: .witness, to: .secondary, term: term + 1,
                                                  body: .vote(lastIndex: c[.witness].log.lastIndex, lastTerm: c[.witness].log.lastTerm, transfer: false))))
        #expect(c[.secondary].term == term + 1, "votes once the guard is over")
    }
}
