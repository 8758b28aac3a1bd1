import DSQL
import Replication
import Testing

/// Snapshot shipping through the cluster: a region whose log was wiped is rebuilt from the
/// leader region's store snapshot.
@Suite struct ClusterSnapshotTests {
    typealias S = ClusterTestSupport

    @Test func wipedRegionIsRebuiltFromASnapshot() async throws {
        try await S.withCluster { cluster in
            let a = try cluster.connect(region: .primary)
            _ = try await a.execute("CREATE TABLE kv (k bigint PRIMARY KEY, v text)")
            // Enough entries for the log to compact (threshold 4096 + retain 1024).
            try await withThrowingTaskGroup(of: Void.self) { group in
                for c in 0..<8 {
                    let session = try cluster.connect(region: c % 2 == 0 ? .primary : .secondary)
                    group.addTask {
                        for i in 0..<700 {
                            _ = try await session.execute("INSERT INTO kv VALUES ($1, 'v')", [.integer(Int64(c * 1000 + i))])
                        }
                    }
                }
                try await group.waitForAll()
            }
            try await cluster.waitForConvergence()
            let leader = cluster.replication.leader ?? .primary
            let other: NodeID = leader == .primary ? .secondary : .primary
            cluster.stopRegion(other)
            let writer = try cluster.connect(region: leader)
            _ = try await writer.execute("INSERT INTO kv VALUES (-1, 'while wiped')")
            cluster.restartRegion(other, wipingLog: true)
            let reader = try cluster.connect(region: other)
            var rows: [[String?]] = []
            for _ in 0..<100 where rows != [["5601"]] {
                rows = (try? await reader.execute("SELECT count(*) FROM kv").rows) ?? []
                if rows != [["5601"]] { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(rows == [["5601"]])
            #expect(cluster.applyFailure(other) == nil)
            #expect(cluster.snapshotsInstalled(other) >= 1)
            try await cluster.waitForConvergence()
            #expect(try await cluster.contentHash(.primary) == cluster.contentHash(.secondary))
        }
    }
}
