import Foundation
import Replication
import Testing

@testable import DSQL

/// A corrupt region store rebuilds itself by a snapshot of the other region when the log no
/// longer holds every entry from index 1 (it was compacted), at start-up and while running.
@Suite(.serialized) struct ClusterRebuildTests {
    typealias S = ClusterTestSupport

    /// A log that compacts after a few dozen entries.
    static var compactingRaft: RaftConfig {
        var raft = RaftConfig()
        raft.compactionThreshold = 20
        raft.compactionRetain = 5
        raft.bootCampaigner = .primary
        return raft
    }

    static func fill(_ cluster: DSQLCluster, rows: Int) async throws {
        let a = try cluster.connect(region: .primary)
        _ = try await a.execute("CREATE TABLE IF NOT EXISTS kv (k bigint PRIMARY KEY, v text)")
        for i in 0..<rows {
            let s = try cluster.connect(region: i % 2 == 0 ? .primary : .secondary)
            _ = try await s.execute("INSERT INTO kv VALUES ($1, $2)", [.integer(Int64(i)), .text(String(repeating: "v", count: 300))])
        }
        try await cluster.waitForConvergence()
    }

    static func waitUntilServing(_ cluster: DSQLCluster, _ region: NodeID) async throws -> Bool {
        for _ in 0..<300 {
            if !cluster.isRebuilding(region) { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return false
    }

    @Test func aCorruptStoreOverACompactedLogIsRebuiltFromTheOtherRegion() async throws {
        let directory = NSTemporaryDirectory() + "regionstack-rebuild-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        do {
            let cluster = try await DSQLCluster.start(directory: directory, raft: Self.compactingRaft)
            try await Self.fill(cluster, rows: 120)
            // Compaction runs on the nodes' ticks: wait until us-east-2's log has compacted.
            for _ in 0..<100 {
                if try LogInspection.inspect(directory: directory + "/log/us-east-2").snapshotIndex > 1 { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            await cluster.shutdown()
        }
        let log = try LogInspection.inspect(directory: directory + "/log/us-east-2")
        #expect(log.snapshotIndex > 1, "the log did not compact; the test would not reach the snapshot path")
        // Damage a page in the middle of us-east-2's file.
        let file = directory + "/us-east-2/us-east-2.sqlite"
        let handle = try #require(FileHandle(forUpdatingAtPath: file))
        let size = try handle.seekToEnd()
        try handle.seek(toOffset: size / 4096 / 2 * 4096)
        try handle.write(contentsOf: Data(repeating: 0x5A, count: 4096))
        try handle.close()

        let cluster = try await DSQLCluster.start(directory: directory, raft: Self.compactingRaft)
        #expect(try await Self.waitUntilServing(cluster, .secondary), "\(cluster.storageFaults)")
        #expect(cluster.snapshotsInstalled(.secondary) == 1)
        let reader = try cluster.connect(region: .secondary)
        #expect(try await reader.execute("SELECT count(*) FROM kv").rows == [["120"]])
        try await cluster.waitForConvergence()
        #expect(try await cluster.contentHash(.primary) == cluster.contentHash(.secondary))
        // And it keeps applying new entries.
        _ = try await cluster.connect(region: .primary).execute("INSERT INTO kv VALUES (-1, 'after')")
        try await cluster.waitForConvergence()
        #expect(try await cluster.contentHash(.primary) == cluster.contentHash(.secondary))
        await cluster.shutdown()
    }

    @Test func aStoreFoundCorruptWhileRunningRefusesStatementsThenServesAgain() async throws {
        try await S.withCluster { cluster in
            try await Self.fill(cluster, rows: 40)
            DSQLCluster.rebuildHoldForTesting.withLock { $0 = .milliseconds(500) }
            cluster.startRebuild(.secondary, reason: "a damaged page (test)")
            DSQLCluster.rebuildHoldForTesting.withLock { $0 = .zero }
            let session = try cluster.connect(region: .secondary)
            let refused = await S.error { _ = try await session.execute("SELECT count(*) FROM kv") }
            #expect(refused == .serverUnavailable)
            let health = await S.error { _ = try await session.execute("SELECT 1 AS health_check") }
            #expect(health == .serverUnavailable)
            #expect(cluster.storageFaults.map(\.component) == [.rebuild])
            #expect(try await Self.waitUntilServing(cluster, .secondary))
            #expect(cluster.snapshotsInstalled(.secondary) == 1)
            #expect(try await session.execute("SELECT count(*) FROM kv").rows == [["40"]])
            #expect(try await cluster.contentHash(.primary) == cluster.contentHash(.secondary))
        }
    }
}
