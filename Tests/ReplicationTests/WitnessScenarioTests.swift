import Testing
@testable import Replication

/// Witness scenarios W1-W8 of reliability.md §3.5, scripted on the deterministic simulator
/// (every invariant of the random runs is checked here too, after every event).
struct WitnessScenarioTests {
    func scripted(seed: UInt64) -> Simulator {
        Simulator(options: SimulationOptions(seed: seed, randomFaults: false, randomClients: false))
    }

    /// Runs until `wanted` leads (transferring leadership to it if needed).
    func establish(_ sim: Simulator, leader wanted: NodeID) {
        sim.run(until: 5_000_000) { sim.leader != nil }
        if let l = sim.leader, l != wanted { sim.inject(.transferLeadership(to: wanted), at: l) }
        sim.run(until: 5_000_000) { sim.leader == wanted && sim.core(wanted)!.commitIndex > 0 }
        #expect(sim.leader == wanted, "seed \(sim.options.seed): \(wanted) did not become leader")
    }

    /// Proposes and waits for the outcome; returns the committed index.
    func commit(_ sim: Simulator, at region: NodeID, keys: [String], within: Micros = 3_000_000) -> UInt64? {
        let rid = sim.propose(at: region, keys: keys)
        sim.run(until: within) { sim.outcome(of: rid) != nil }
        if case .committed(let i) = sim.outcome(of: rid) { return i }
        return nil
    }

    /// Retries a write until it commits; returns (index, virtual time taken).
    func commitEventually(_ sim: Simulator, at region: NodeID, key: String, within: Micros) -> (UInt64, Micros)? {
        let start = sim.now
        while sim.now - start < within {
            if let i = commit(sim, at: region, keys: [key], within: 500_000) { return (i, sim.now - start) }
            sim.run(for: 20_000)
        }
        return nil
    }

    func expectClean(_ sim: Simulator) {
        let report = sim.finish()
        #expect(report.violations.isEmpty, "seed \(sim.options.seed): \(report.violations)")
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func w1CommitOnPrimaryAndWitnessSurvivesPrimaryLoss(seed: UInt64) {
        let sim = scripted(seed: seed)
        establish(sim, leader: .primary)
        sim.isolate(.secondary)
        let index = commit(sim, at: .primary, keys: ["w1"])
        #expect(index != nil, "seed \(seed): no commit on A+W")
        guard let index else { return }
        #expect(sim.durableLog(.secondary).lastIndex < index)
        #expect(sim.durableLog(.witness).entry(at: index)?.writeKeys == ["w1"])
        sim.crash(.primary)
        sim.healAll()
        sim.run(until: 5_000_000) { sim.applied(.secondary) >= index }
        #expect(sim.core(.secondary)?.log.entry(at: index)?.writeKeys == ["w1"], "seed \(seed): entry lost")
        #expect(sim.applied(.secondary) >= index, "seed \(seed): B never applied the entry")
        expectClean(sim)
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func w2WitnessAheadOfSecondaryHandsOver(seed: UInt64) {
        let sim = scripted(seed: seed)
        establish(sim, leader: .primary)
        sim.isolate(.secondary)
        for i in 0..<5 { _ = commit(sim, at: .primary, keys: ["w2-\(i)"]) }
        let witnessLast = sim.durableLog(.witness).lastIndex
        #expect(witnessLast > sim.durableLog(.secondary).lastIndex, "W must be ahead of B")
        sim.crash(.primary)
        sim.healAll()
        let result = commitEventually(sim, at: .secondary, key: "w2-after", within: 5_000_000)
        #expect(result != nil, "seed \(seed): not writable again")
        if let (_, took) = result { #expect(took < 3_000_000, "seed \(seed): writable only after \(took)us") }
        #expect(sim.report.witnessLeaderships >= 1, "seed \(seed): the witness never led to hand over")
        #expect(sim.leader == .secondary)
        expectClean(sim)
    }

    @Test func w3WitnessDownCommitsContinueThenCatchesUp() {
        let sim = scripted(seed: 3)
        establish(sim, leader: .primary)
        sim.crash(.witness)
        var last: UInt64 = 0
        for i in 0..<20 {
            let index = commit(sim, at: i % 2 == 0 ? .primary : .secondary, keys: ["w3-\(i)"])
            #expect(index != nil, "commit \(i) failed without the witness")
            last = max(last, index ?? 0)
        }
        sim.restart(.witness)
        let caughtUp = sim.run(until: 3_000_000) {
            sim.core(.witness)!.commitIndex >= last && sim.durableLog(.witness).lastIndex >= last
        }
        #expect(caughtUp, "witness did not catch up")
        expectClean(sim)
    }

    @Test(arguments: [NodeID.primary, .secondary])
    func w4PartialPartitionOneRegionCommitsNoPingPong(leader: NodeID) {
        let sim = scripted(seed: 4)
        establish(sim, leader: leader)
        let termBefore = sim.core(leader)!.term
        sim.partition(.primary, .secondary)
        var committed: [NodeID: Int] = [.primary: 0, .secondary: 0]
        for round in 0..<50 {
            for region in NodeID.dataRegions {
                let rid = sim.propose(at: region, keys: ["w4-\(round)-\(region)"])
                sim.run(for: 100_000)
                if case .committed = sim.outcome(of: rid) { committed[region]! += 1 }
            }
        }
        sim.run(for: 2_500_000)
        let winners = committed.filter { $0.value > 0 }.map(\.key)
        #expect(winners.count == 1, "commits per region: \(committed)")
        var maxTerm: UInt64 = 0
        for id in NodeID.allCases { maxTerm = max(maxTerm, sim.core(id)!.term) }
        #expect(maxTerm <= termBefore + 2, "term ping-pong: \(termBefore) -> \(maxTerm)")
        expectClean(sim)
    }

    @Test(arguments: [UInt64(5), 6])
    func w5PausedLeaderStepsDownAndServesNoStaleRead(seed: UInt64) {
        let sim = scripted(seed: seed)
        establish(sim, leader: .primary)
        _ = commit(sim, at: .primary, keys: ["w5-before"])
        sim.pause(.primary, for: 2_000_000)
        sim.run(for: 1_500_000)
        let acked = commitEventually(sim, at: .secondary, key: "w5-during", within: 2_000_000)
        #expect(acked != nil, "seed \(seed): no commit while the leader was paused")
        sim.run(until: 3_000_000) { !sim.isPaused(.primary) }
        #expect(sim.core(.primary)?.role == .leader, "the resumed node still believes it leads")
        let read = sim.issueRead(at: .primary)
        sim.run(for: 1_000_000)
        #expect(sim.core(.primary)?.role != .leader, "seed \(seed): the old leader did not step down")
        switch sim.readOutcome(of: read) {
        case .index(let i)?: #expect(i >= acked?.0 ?? 0, "stale read \(i)")
        case .unavailable?, nil: break
        }
        expectClean(sim)
    }

    @Test(arguments: [UInt64(61), 62, 63, 64])
    func w6WitnessCrashBeforeFsyncNeverVotesTwice(seed: UInt64) {
        let sim = scripted(seed: seed)
        establish(sim, leader: .primary)
        sim.crash(.primary)
        var crashes = 0
        for _ in 0..<20_000 where crashes < 5 {
            guard sim.step() else { break }
            if let w = sim.core(.witness), w.votedFor != nil, sim.unsyncedWrites(.witness) > 0 {
                sim.crash(.witness, keeping: 0)
                sim.restart(.witness)
                crashes += 1
            }
        }
        sim.restart(.primary)
        #expect(crashes > 0, "seed \(seed): never caught the witness between write and fsync")
        #expect(commitEventually(sim, at: .secondary, key: "w6", within: 5_000_000) != nil)
        expectClean(sim)
    }

    @Test func w7WitnessKeepsEntriesTheLaggingRegionNeeds() {
        let sim = scripted(seed: 7)
        establish(sim, leader: .primary)
        sim.isolate(.secondary)
        let lagging = sim.durableLog(.secondary).lastIndex
        var rids: [UInt64] = []
        for i in 0..<300 { rids.append(sim.propose(at: .primary, keys: ["w7-\(i)"])) }
        let done = sim.run(until: 10_000_000) {
            #expect(sim.durableLog(.witness).snapshotIndex <= lagging, "witness compacted past B's durable index")
            return rids.allSatisfy { sim.outcome(of: $0) != nil }
        }
        #expect(done)
        #expect(sim.core(.primary)!.commitIndex > lagging + 250)
        sim.healAll()
        let leaderLast = sim.core(.primary)!.log.lastIndex
        #expect(sim.run(until: 5_000_000) { sim.applied(.secondary) >= leaderLast }, "B did not catch up")
        #expect(sim.report.snapshotsNeeded == 0)
        // Once B has caught up, the witness may compact again.
        for i in 0..<100 { _ = sim.propose(at: .primary, keys: ["w7b-\(i)"]) }
        sim.run(for: 3_000_000)
        #expect(sim.durableLog(.witness).snapshotIndex > lagging, "witness never compacted after B caught up")
        expectClean(sim)
    }

    @Test func w8SecondaryAloneRefusesCommitsAndStrongReads() {
        let sim = scripted(seed: 8)
        establish(sim, leader: .primary)
        sim.crash(.primary)
        sim.crash(.witness)
        var proposals: [UInt64] = [], reads: [UInt64] = []
        for _ in 0..<25 {
            proposals.append(sim.propose(at: .secondary, keys: ["w8"]))
            reads.append(sim.issueRead(at: .secondary))
            sim.run(for: 200_000)
        }
        sim.run(for: 3_000_000)
        for rid in proposals {
            if case .committed = sim.outcome(of: rid) { Issue.record("B committed alone") }
        }
        for rid in reads {
            if case .index = sim.readOutcome(of: rid) { Issue.record("B served a strong read alone") }
        }
        #expect(sim.core(.secondary)?.role != .leader)
        expectClean(sim)
    }
}
