import Foundation
import Glibc
import Synchronization
import Testing

@testable import Replication

/// A log write that fails with ENOSPC stops its node (after a failed write the node must not
/// carry on), and the node restarts from its durable log once space is free: nothing
/// acknowledged is lost, and commits resume. On a small tmpfs mounted by the test (needs root,
/// as in CI); elsewhere the test says loudly that it was skipped.
@Suite(.serialized) struct LogDiskFullTests {
    /// Proposes one entry; nil when no outcome came within 5 s (still in flight).
    static func propose(_ cluster: ReplicationCluster, id: UInt64, bytes: Int) async -> ProposalOutcome? {
        let outcome = Mutex<ProposalOutcome?>(nil)
        let proposal = Proposal(kind: .transaction, payload: [UInt8](repeating: 7, count: bytes), writeKeys: ["k\(id)"],
                                snapshotIndex: 0, transactionID: id, origin: .primary)
        Task { let o = await cluster.propose(from: .primary, proposal); outcome.withLock { $0 = o } }
        for _ in 0..<100 {
            if let o = outcome.withLock({ $0 }) { return o }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return nil
    }

    static func waitForLeader(_ cluster: ReplicationCluster) async -> Bool {
        for _ in 0..<200 {
            if cluster.leader != nil { return true }
            try? await Task.sleep(for: .milliseconds(25))
        }
        return false
    }

    @Test(arguments: LogSync.allCases) func aLogNodeStoppedByAFullDiskRestartsOnceSpaceIsFreed(sync: LogSync) async throws {
        let point = NSTemporaryDirectory() + "regionstack-logfull-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: point, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: point) }
        guard mount("tmpfs", point, "tmpfs", 0, "size=12m") == 0 else {
            let reason = String(cString: strerror(errno))
            print("SKIPPED LogDiskFullTests (\(sync)): mount -t tmpfs failed: \(reason) (uid \(getuid()); needs root, as in CI)")
            return
        }
        defer { umount2(point, Int32(MNT_DETACH)) }
        var configuration = ClusterConfiguration(storage: .directory(point + "/log"), seed: 3)
        configuration.logSync = sync
        configuration.raft.bootCampaigner = .primary
        var committed: Set<UInt64> = []
        var id: UInt64 = 0
        do {
            let cluster = try ReplicationCluster(configuration: configuration)
            defer { cluster.shutdown() }
            #expect(await Self.waitForLeader(cluster))
            for _ in 0..<10 {
                id += 1
                if case .committed? = await Self.propose(cluster, id: id, bytes: 100) { committed.insert(id) }
            }
            #expect(committed.count == 10)

            // Fill the disk, then write until a log write fails (past the preallocated zeros).
            let filler = point + "/filler"
            let fd = open(filler, O_WRONLY | O_CREAT, 0o644)
            let chunk = [UInt8](repeating: 1, count: 64 << 10)
            while chunk.withUnsafeBytes({ write(fd, $0.baseAddress, $0.count) }) > 0 {}
            close(fd)
            var faulted: [NodeID] = []
            for _ in 0..<200 where faulted.isEmpty {
                id += 1
                if case .committed? = await Self.propose(cluster, id: id, bytes: 60 << 10) { committed.insert(id) }
                faulted = NodeID.allCases.filter { cluster.storageFault(of: $0) != nil }
            }
            #expect(!faulted.isEmpty, "no log write failed on a full disk")
            for node in faulted {
                #expect(cluster.isStopped(node))
                #expect("\(cluster.storageFault(of: node)!)".contains("errno \(ENOSPC)"))
            }

            // Free the space and restart what the fault stopped: commits resume.
            unlink(filler)
            for node in NodeID.allCases { cluster.restartAfterStorageFault(node) }
            #expect(NodeID.allCases.allSatisfy { cluster.storageFault(of: $0) == nil })
            #expect(await Self.waitForLeader(cluster))
            var resumed = 0
            for _ in 0..<40 where resumed < 5 {
                id += 1
                if case .committed? = await Self.propose(cluster, id: id, bytes: 100) {
                    committed.insert(id)
                    resumed += 1
                } else {
                    try await Task.sleep(for: .milliseconds(100))
                }
            }
            #expect(resumed == 5, "commits did not resume after space was freed")
        }

        // Reopened from disk: every acknowledged entry is in the log.
        let cluster = try ReplicationCluster(configuration: configuration)
        defer { cluster.shutdown() }
        #expect(await Self.waitForLeader(cluster))
        _ = await Self.propose(cluster, id: id + 1, bytes: 1)  // commits the new term's entries
        let entries = cluster.committedEntries(for: .primary, from: 1, to: cluster.commitIndex(of: .primary))
        let found = Set(entries.map(\.transactionID))
        #expect(committed.isSubset(of: found), "lost \(committed.subtracting(found).sorted())")
    }
}
