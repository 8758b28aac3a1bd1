import DSQL
import Determinism
import Foundation
import Glibc
import Replication
import RegionStack
import Testing

/// Issue 10, finding 7: a corrupt page in one region's SQLite file halted that region silently
/// on first use. The region must say so (log and health), rebuild itself, and serve again only
/// once it is current, with the same content as the other region.
@Suite(.serialized) struct CorruptRegionTests {
    /// Overwrites one whole page in the middle of the file with seeded garbage.
    static func corruptMiddlePage(of path: String, seed: UInt64) throws -> Int {
        let handle = try #require(FileHandle(forUpdatingAtPath: path), "cannot open \(path)")
        defer { try? handle.close() }
        let size = Int(try handle.seekToEnd())
        let pages = size / 4096
        #expect(pages >= 6, "the region file has only \(pages) pages")
        let offset = pages / 2 * 4096
        var rng = SeededGenerator(seed: seed)
        let garbage = (0..<4096).map { _ in UInt8.random(in: 0...255, using: &rng) }
        try handle.seek(toOffset: UInt64(offset))
        try handle.write(contentsOf: Data(garbage))
        return offset
    }

    @Test func aCorruptRegionFileIsReportedRebuiltAndServesTheSameContent() async throws {
        let directory = storageTestDirectory("corrupt")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var emails: Set<String> = []
        do {
            let stack = try await DataDirectoryStack.boot(directory)
            for i in 0..<150 {
                let email = "corrupt-\(i)-\(String(repeating: "x", count: 40))@example.com"
                let r = try await stack.createUser(i % 2 == 0 ? .primary : .secondary, email: email)
                #expect(r.status == 201, "\(r.text)")
                if r.status == 201 { emails.insert(email) }
            }
            try await stack.converge()
            await stack.stop()
        }
        let file = "\(directory)/dsql/us-east-2/us-east-2.sqlite"
        #expect(!FileManager.default.fileExists(atPath: file + "-wal"), "the WAL was not checkpointed at shutdown")
        let seed: UInt64 = 20_261_202
        let offset = try Self.corruptMiddlePage(of: file, seed: seed)

        // Hold the rebuild so that health can be seen reporting it.
        DSQLCluster.rebuildHoldForTesting.withLock { $0 = .seconds(3) }
        let stack: DataDirectoryStack
        do {
            defer { DSQLCluster.rebuildHoldForTesting.withLock { $0 = .zero } }
            stack = try await DataDirectoryStack.boot(directory)
        }
        defer { Task { await stack.stop() } }

        let health = try await stack.send(.secondary, "GET", "/health")
        #expect(health.status == 503, "seed \(seed), page at \(offset): us-east-2 health during the rebuild: \(health.text)")
        let admin = try await stack.adminHealth()
        #expect(admin.status == 503, "\(admin.text)")
        #expect(admin.text.contains("us-east-2") && admin.text.contains("rebuild") && admin.text.contains("corrupt"), "\(admin.text)")
        let primary = try await stack.send(.primary, "GET", "/health")
        #expect(primary.status == 200, "the other region keeps serving: \(primary.text)")
        let asideFiles = try FileManager.default.contentsOfDirectory(atPath: "\(directory)/dsql/us-east-2")
        #expect(asideFiles.contains { $0.hasPrefix("us-east-2.sqlite.corrupt-") }, "\(asideFiles)")

        // Rebuilt: healthy again, the same rows, the same content hash as us-east-1.
        let healthy = try await DataDirectoryStack.eventually(.seconds(30)) {
            try await stack.send(.secondary, "GET", "/health").status == 200
        }
        let after = try await stack.adminHealth().text
        #expect(healthy, "seed \(seed): us-east-2 never served again: \(after)")
        #expect(try await stack.adminHealth().status == 200)
        let held = try await stack.storedEmails("us-east-2")
        #expect(held.map { emails.isSubset(of: $0) } == true, "us-east-2 lacks \(emails.subtracting(held ?? []).count) users")
        let dsql = try #require(stack.dsql)
        try await dsql.waitForConvergence()
        let a = try await dsql.contentHash(.primary)
        let b = try await dsql.contentHash(.secondary)
        #expect(a == b, "content hashes differ after the rebuild")
        let check = try await dsql.database(.secondary)?.integrityCheck()
        #expect(check == ["ok"])
    }
}
