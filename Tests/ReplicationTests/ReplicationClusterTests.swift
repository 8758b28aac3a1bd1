import Foundation
import Testing
import Determinism
@testable import Replication

/// The real-time driver with in-memory and file storage (bounded waits, no timing thresholds).
@Suite(.serialized)
struct ReplicationClusterTests {
    func proposal(_ txid: UInt64, key: String, snapshot: UInt64 = 0, origin: NodeID = .primary) -> Proposal {
        Proposal(kind: .transaction, payload: Array("v\(txid)".utf8), writeKeys: [key], snapshotIndex: snapshot, transactionID: txid, origin: origin)
    }

    func waitForLeader(_ c: ReplicationCluster) async throws -> NodeID {
        for _ in 0..<500 {
            if let l = c.leader, l.isDataRegion { return l }
            try await Task.sleep(nanoseconds: 10_000_000)
        }
        Issue.record("no leader within 5 s")
        return .primary
    }

    /// Retries a fresh write until it commits (bounded).
    func commitEventually(_ c: ReplicationCluster, from region: NodeID, txidBase: UInt64) async throws -> UInt64? {
        for attempt in UInt64(0)..<400 {
            let outcome = await c.propose(from: region, proposal(txidBase + attempt, key: "retry-\(txidBase)-\(attempt)", snapshot: c.commitIndex(of: region), origin: region))
            if case .committed(let i) = outcome { return i }
            try await Task.sleep(nanoseconds: 10_000_000)
        }
        return nil
    }

    @Test func commitsReadsAndNotifiesBothRegions() async throws {
        let c = try ReplicationCluster(configuration: ClusterConfiguration(seed: 11))
        defer { c.shutdown() }
        let notified = Counter()
        c.setCommitListener(for: .secondary) { _ in notified.increment() }
        _ = try await waitForLeader(c)
        var last: UInt64 = 0
        for i in UInt64(1)...20 {
            let region: NodeID = i % 2 == 0 ? .primary : .secondary
            let outcome = await c.propose(from: region, proposal(i, key: "k\(i)", snapshot: c.commitIndex(of: region), origin: region))
            guard case .committed(let index) = outcome else {
                Issue.record("proposal \(i) from \(region): \(outcome)")
                continue
            }
            #expect(index > last)
            last = index
        }
        let read = try await c.readIndex(at: .secondary)
        #expect(read >= last)
        // A conflicting write (same key, old snapshot) and a duplicate are refused or deduplicated.
        #expect(await c.propose(from: .primary, proposal(999, key: "k5", snapshot: 0)) == .conflict(.data))
        let dup = await c.propose(from: .primary, proposal(20, key: "k20", snapshot: 0))
        #expect(dup == .committed(last))
        for _ in 0..<200 where c.commitIndex(of: .secondary) < last { try await Task.sleep(nanoseconds: 5_000_000) }
        let entries = c.committedEntries(for: .secondary, from: 1, to: last)
        #expect(entries.filter { $0.kind == .transaction }.count == 20)
        #expect(notified.value > 0)
        c.reportApplied(.secondary, index: last)
        #expect(c.committedEntries(for: .secondary, from: 1, to: last).isEmpty)
    }

    @Test func failoverAfterLeaderStops() async throws {
        let c = try ReplicationCluster(configuration: ClusterConfiguration(seed: 12))
        defer { c.shutdown() }
        let leader = try await waitForLeader(c)
        let before = try #require(await commitEventually(c, from: leader, txidBase: 100))
        c.stop(leader)
        let survivor: NodeID = leader == .primary ? .secondary : .primary
        let after = try #require(await commitEventually(c, from: survivor, txidBase: 1_000))
        #expect(after > before)
        c.restart(leader)
        for _ in 0..<300 where c.commitIndex(of: leader) < after { try await Task.sleep(nanoseconds: 10_000_000) }
        #expect(c.commitIndex(of: leader) >= after, "restarted node did not catch up")
    }

    @Test func stoppedQuorumRefusesReadsAndWrites() async throws {
        let c = try ReplicationCluster(configuration: ClusterConfiguration(seed: 13))
        defer { c.shutdown() }
        _ = try await waitForLeader(c)
        c.stop(.primary)
        c.stop(.witness)
        try await Task.sleep(nanoseconds: 100_000_000)
        let outcome = await c.propose(from: .secondary, proposal(5, key: "x"))
        #expect(outcome == .unavailable || outcome == .unknown)
        await #expect(throws: ReplicationError.self) { _ = try await c.readIndex(at: .secondary) }
        #expect(await c.propose(from: .primary, proposal(6, key: "y")) == .unavailable)
    }

    @Test func fileStorageSurvivesRestartOfTheWholeCluster() async throws {
        let dir = NSTemporaryDirectory() + "rs-cluster-\(UInt64.random(in: 0...UInt64.max))"
        var last: UInt64 = 0
        do {
            let c = try ReplicationCluster(configuration: ClusterConfiguration(storage: .directory(dir), seed: 14))
            _ = try await waitForLeader(c)
            last = try #require(await commitEventually(c, from: .primary, txidBase: 1))
            c.shutdown()
        }
        var config = ClusterConfiguration(storage: .directory(dir), seed: 15)
        config.appliedIndex = [.primary: last]  // the primary's store already applied everything
        let c = try ReplicationCluster(configuration: config)
        defer { c.shutdown() }
        _ = try await waitForLeader(c)
        let next = try #require(await commitEventually(c, from: .secondary, txidBase: 50))
        #expect(next > last)
        for _ in 0..<200 where c.commitIndex(of: .primary) < next { try await Task.sleep(nanoseconds: 5_000_000) }
        let entries = c.committedEntries(for: .secondary, from: 1, to: next)
        #expect(entries.contains { $0.transactionID == 1 && $0.index == last })
        let primaryEntries = c.committedEntries(for: .primary, from: 1, to: next)
        #expect(!primaryEntries.contains { $0.index <= last }, "entries the store applied are offered again")
        #expect(primaryEntries.contains { $0.index == next })
    }
}

/// A thread-safe counter for callbacks from the driver thread.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() { lock.lock(); count += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return count }
}

/// Snapshot shipping after a data region loses its disk.
@Suite(.serialized)
struct SnapshotShippingTests {
    @Test func wipedSecondaryIsRestoredFromTheLeadersSnapshot() async throws {
        var raft = RaftConfig()
        raft.compactionThreshold = 20
        raft.compactionRetain = 5
        let c = try ReplicationCluster(configuration: ClusterConfiguration(raft: raft, seed: 31))
        defer { c.shutdown() }
        let installed = Recorder()
        for region in NodeID.dataRegions {
            c.setSnapshotProvider(for: region) { (index: c.commitIndex(of: region), data: [9, 9]) }
            c.setSnapshotInstaller(for: region) { index, data in
                installed.record(index, data)
                c.reportApplied(region, index: index)
            }
        }
        var leader: NodeID = .primary
        for _ in 0..<500 {
            if let l = c.leader, l.isDataRegion { leader = l; break }
            try await Task.sleep(nanoseconds: 10_000_000)
        }
        let lagging: NodeID = leader == .primary ? .secondary : .primary
        var last: UInt64 = 0
        for i in UInt64(1)...100 {
            let outcome = await c.propose(from: leader, Proposal(
                kind: .transaction, payload: [1], writeKeys: ["s\(i)"], snapshotIndex: 0, transactionID: i, origin: leader))
            if case .committed(let index) = outcome { last = index }
            if i % 10 == 0 { for d in NodeID.dataRegions { c.reportApplied(d, index: c.commitIndex(of: d)) } }
        }
        for d in NodeID.dataRegions { c.reportApplied(d, index: c.commitIndex(of: d)) }
        try await Task.sleep(nanoseconds: 300_000_000)  // heartbeats: the leader compacts
        c.stop(lagging)
        c.restart(lagging, wipingDisk: true)
        for _ in 0..<500 where installed.count == 0 || c.commitIndex(of: lagging) < last {
            try await Task.sleep(nanoseconds: 10_000_000)
        }
        #expect(installed.count >= 1, "no snapshot installed")
        #expect(installed.first?.data == [9, 9])
        #expect(c.commitIndex(of: lagging) >= last, "wiped region did not catch up")
        // After the snapshot, later entries flow as usual.
        let outcome = await c.propose(from: lagging, Proposal(
            kind: .transaction, payload: [1], writeKeys: ["after"], snapshotIndex: last, transactionID: 1_000, origin: lagging))
        guard case .committed(let index) = outcome else {
            Issue.record("commit after snapshot: \(outcome)")
            return
        }
        for _ in 0..<200 where c.commitIndex(of: lagging) < index { try await Task.sleep(nanoseconds: 5_000_000) }
        #expect(c.committedEntries(for: lagging, from: index, to: index).first?.transactionID == 1_000)
    }
}

/// Records snapshot installs from the driver thread.
final class Recorder: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [(UInt64, [UInt8])] = []
    func record(_ index: UInt64, _ data: [UInt8]) { lock.lock(); items.append((index, data)); lock.unlock() }
    var count: Int { lock.lock(); defer { lock.unlock() }; return items.count }
    var first: (index: UInt64, data: [UInt8])? { lock.lock(); defer { lock.unlock() }; return items.first.map { ($0.0, $0.1) } }
}

/// The stack's fast boot: a designated node campaigns at once instead of after an election timeout.
@Suite struct BootCampaignTests {
    @Test(arguments: [UInt64(1), 2, 3, 99])
    func bootCampaignerWakesAfterTheBootDelayOthersAfterAFullTimeout(seed: UInt64) {
        var raft = RaftConfig()
        raft.bootCampaigner = .primary
        let now: Micros = 1_000_000
        for id in NodeID.allCases {
            let node = RaftNode(id: id, config: raft, generator: SeededGenerator(seed: seed), now: now)
            if id == .primary {
                #expect(node.nextWakeup == now + raft.bootElectionDelay, "seed \(seed)")
            } else {
                #expect(node.nextWakeup >= now + raft.electionTimeoutMin, "seed \(seed): \(id) would campaign early")
            }
        }
        // Without the option nobody campaigns before the minimum election timeout.
        let plain = RaftNode(id: .primary, config: RaftConfig(), generator: SeededGenerator(seed: seed), now: now)
        #expect(plain.nextWakeup >= now + RaftConfig().electionTimeoutMin, "seed \(seed)")
    }

    @Test func bootCampaignerBecomesLeaderOfARealCluster() async throws {
        var raft = RaftConfig()
        raft.bootCampaigner = .primary
        let cluster = try ReplicationCluster(configuration: ClusterConfiguration(storage: .memory, raft: raft, seed: 3))
        defer { cluster.shutdown() }
        let clock = ContinuousClock()
        let start = clock.now
        while cluster.leader == nil, clock.now - start < .seconds(10) { try await Task.sleep(for: .milliseconds(2)) }
        #expect(cluster.leader == .primary)
    }
}
