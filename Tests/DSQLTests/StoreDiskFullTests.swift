import DSQLClient
import Foundation
import Glibc
import Replication
import Synchronization
import Testing

@testable import DSQL

/// The disk fills under a running apply: the log (writing into its preallocated space) still
/// acknowledges a commit, but the regions' SQLite WAL cannot grow to apply it. Apply pauses
/// (not a divergence), the regions refuse commits and reads that would wait for the disk, and
/// once space is free apply resumes from where it stopped: the acknowledged commit appears and
/// writes resume, without a restart. The free-space probe is switched off (reserve 0) so the
/// write failure itself is what the cluster reacts to. Needs root to mount the tmpfs.
@Suite(.serialized) struct StoreDiskFullTests {
    typealias S = ClusterTestSupport

    @Test func applyPausedByAFullDiskResumesWithNothingSkipped() async throws {
        let point = NSTemporaryDirectory() + "regionstack-walfull-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: point, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: point) }
        guard mount("tmpfs", point, "tmpfs", 0, "size=24m") == 0 else {
            let reason = String(cString: strerror(errno))
            print("SKIPPED StoreDiskFullTests: mount -t tmpfs failed: \(reason) (uid \(getuid()); needs root, as in CI)")
            return
        }
        defer { umount2(point, Int32(MNT_DETACH)) }
        let directory = point + "/dsql"
        var raft = RaftConfig()
        raft.bootCampaigner = .primary
        var acknowledged = 0
        do {
            let cluster = try await DSQLCluster.start(directory: directory, raft: raft)
            cluster.setDiskReserve(0)
            let lines = LineCollector()
            cluster.setFaultLog { lines.append($0) }
            let a = try cluster.connect(region: .primary)
            _ = try await a.execute("CREATE TABLE kv (k bigint PRIMARY KEY, v text)")
            let value = String(repeating: "v", count: 3000)
            for i in 0..<10 {
                _ = try await a.execute("INSERT INTO kv VALUES ($1, $2)", [.integer(Int64(i)), .text(value)])
                acknowledged += 1
            }
            try await cluster.waitForConvergence()

            let filler = point + "/filler"
            let fd = open(filler, O_WRONLY | O_CREAT, 0o644)
            for size in [1 << 20, 4096, 512] {
                let chunk = [UInt8](repeating: 1, count: size)
                while chunk.withUnsafeBytes({ write(fd, $0.baseAddress, $0.count) }) == size {}
            }
            close(fd)
            // Commit until a region's apply meets the full disk.
            var refused: DSQLError?
            for i in 10..<200 where !cluster.storageFaults.contains(where: { $0.component == .store }) {
                let error = await S.error { _ = try await a.execute("INSERT INTO kv VALUES ($1, $2)", [.integer(Int64(i)), .text(value)]) }
                if let error {
                    refused = error
                } else {
                    acknowledged += 1
                }
                try await Task.sleep(for: .milliseconds(20))
            }
            let faults = cluster.storageFaults
            #expect(faults.contains { $0.component == .store }, "no apply met the full disk: \(faults)")
            #expect(refused == nil || refused == .serverUnavailable || refused == .commitOutcomeUnknown, "\(String(describing: refused))")
            #expect(cluster.applyFailure(.primary) == nil && cluster.applyFailure(.secondary) == nil, "a full disk is not a divergence")
            // Writes are refused with DSQL's unavailability, and so is the health check.
            let refusedWrite = await S.error { _ = try await a.execute("INSERT INTO kv VALUES (-1, 'refused')") }
            #expect(refusedWrite == .serverUnavailable)
            let health = await S.error { _ = try await a.execute("SELECT 1 AS health_check") }
            #expect(health == .serverUnavailable)
            let storeLines = lines.all.filter { $0.contains("store") && $0.contains("cannot write") }
            #expect(storeLines.count <= 2 && !storeLines.isEmpty, "\(lines.all)")
            #expect(storeLines.allSatisfy { $0.contains(directory) }, "\(storeLines)")

            // Free the space: apply resumes, nothing skipped, writes resume.
            unlink(filler)
            var cleared = false
            for _ in 0..<200 where !cleared {
                cleared = cluster.storageFaults.isEmpty
                if !cleared { try await Task.sleep(for: .milliseconds(50)) }
            }
            #expect(cleared, "\(cluster.storageFaults)")
            _ = try await a.execute("INSERT INTO kv VALUES (1000, 'after')")
            acknowledged += 1
            try await cluster.waitForConvergence()
            for region in NodeID.dataRegions {
                let count = try await cluster.connect(region: region).execute("SELECT count(*) FROM kv").rows
                #expect(count == [["\(acknowledged)"]], "\(region)")
            }
            #expect(try await cluster.contentHash(.primary) == cluster.contentHash(.secondary))
            await cluster.shutdown()
        }
        // And after a restart.
        let cluster = try await DSQLCluster.start(directory: directory, raft: raft)
        let count = try await cluster.connect(region: .secondary).execute("SELECT count(*) FROM kv").rows
        #expect(count == [["\(acknowledged)"]])
        await cluster.shutdown()
    }
}

/// Lines a cluster reported (collected instead of printed).
final class LineCollector: Sendable {
    private let lines = Mutex<[String]>([])
    func append(_ line: String) { lines.withLock { $0.append(line) } }
    var all: [String] { lines.withLock { $0 } }
}
