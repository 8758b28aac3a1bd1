import Testing
@testable import Replication

/// The Raft paper's Figure 8: an entry of an older term that reaches a majority must not be
/// counted as committed, because a later leader may still overwrite it.
struct Figure8Tests {
    /// Builds the state of Figure 8 (c): A, leading in term 3, has replicated its term-1 entry X
    /// (index 2) to W, while B holds a different term-2 entry at index 2.
    func figure8c() -> ManualCluster {
        var config = RaftConfig()
        config.maxEntriesPerAppend = 1
        let c = ManualCluster(seed: 8, config: config)
        c.elect(.primary, among: [.primary, .secondary, .witness])
        #expect(c[.primary].role == .leader && c[.primary].term == 1)
        c.deliver()
        c.tick(.primary, after: 60_000)
        c.deliver()
        #expect(c[.secondary].commitIndex == 1 && c[.witness].log.lastIndex == 1)

        // (a) A appends X at index 2 (term 1) but replicates it to nobody, then dies.
        c.handle(.primary, .propose(requestID: 1, c.proposal(100)))
        c.inbox.removeAll()
        c.down.insert(.primary)

        // (b) B wins term 2 with W's vote and appends its no-op at index 2, reaching nobody.
        c.elect(.secondary, among: [.secondary, .witness])
        #expect(c[.secondary].role == .leader && c[.secondary].term == 2)
        #expect(c[.secondary].log.term(at: 2) == 2)
        c.inbox.removeAll()
        c.down.insert(.secondary)

        // (c) A restarts, wins term 3 with W, and replicates X (term 1) to W: X is on a majority.
        c.restart(.primary, seed: 81)
        c.elect(.primary, among: [.primary, .witness])
        #expect(c[.primary].role == .leader && c[.primary].term == 3)
        // One entry per append: the first successful append carries X alone.
        let betweenAW: (RaftMessage) -> Bool = { Set([$0.from, $0.to]) == [.primary, .witness] }
        for _ in 0..<20 {
            guard let m = c.deliverOne(betweenAW) else { break }
            // Stop right after A has W's acknowledgement of X and nothing newer.
            if case .appendResponse(let r) = m.body, r.success, r.matchIndex >= 2 { break }
        }
        return c
    }

    @Test func olderTermEntryOnMajorityIsNotCommitted() {
        let c = figure8c()
        #expect(c[.witness].log.term(at: 2) == 1, "W holds X")
        #expect(c[.primary].commitIndex < 2, "A counted replicas of an old-term entry")
        #expect(c.results[1] == nil, "X was acknowledged")
    }

    @Test func laterLeaderMayOverwriteIt() {
        let c = figure8c()
        // (d) A dies before its term-3 entry reaches W; B restarts and wins with W's vote.
        c.inbox.removeAll()
        c.down.insert(.primary)
        c.restart(.secondary, seed: 82)
        c.elect(.secondary, among: [.secondary, .witness])
        #expect(c[.secondary].role == .leader, "B (last term 2) must win against W (last term 1)")
        c.deliver { $0.from != .primary && $0.to != .primary }
        #expect(c[.witness].log.term(at: 2) == 2, "X was overwritten, which is legal only because it never committed")
        #expect(c[.secondary].commitIndex >= 2)
    }

    @Test func currentTermEntryCommitsTheOldOneIndirectly() {
        let c = figure8c()
        // (e) A replicates its term-3 no-op to W: now X commits with it, and B can no longer win.
        c.deliver { $0.from != .secondary && $0.to != .secondary }
        #expect(c[.primary].commitIndex >= 3)
        #expect(c[.primary].log.term(at: 2) == 1, "X committed indirectly")
        c.down.insert(.primary)
        c.restart(.secondary, seed: 83)
        c.elect(.secondary, among: [.secondary, .witness])
        #expect(c[.secondary].role != .leader, "B must not win: W's log is more up to date")
        #expect(c[.witness].log.term(at: 2) == 1)
    }
}
