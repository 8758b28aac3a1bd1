import Foundation
import Testing
@testable import Replication

/// `LogSync`: `full` ends every persisted batch with an fdatasync, `normal` leaves the bytes to the
/// kernel; both recover the same log after the storage is reopened (what a process crash leaves).
struct LogSyncTests {
    let files = FileLogStorageTests()

    func tempDir() -> String { files.tempDir() }

    func entry(_ i: UInt64) -> LogEntry { files.entry(i) }

    /// Persists entries 1...6 in three batches and returns the fdatasync count.
    func write(_ dir: String, sync: LogSync) throws -> Int {
        let s = try FileLogStorage(directory: dir, sync: sync)
        _ = try s.load()
        s.append(.persistHardState(HardState(term: 1, votedFor: .primary, commitIndex: 0)))
        for batch in 0..<3 {
            let first = UInt64(batch * 2 + 1)
            s.append(.persistEntries(truncateFrom: nil, entries: [entry(first), entry(first + 1)]))
            try s.sync()
        }
        return s.dataSyncs
    }

    @Test(arguments: LogSync.allCases) func everyBatchSurvivesReopening(sync: LogSync) throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let syncs = try write(dir, sync: sync)
        #expect(syncs == (sync == .full ? 3 : 0))
        let (hs, log) = try FileLogStorage(directory: dir, sync: sync).load()
        #expect(hs.term == 1 && hs.votedFor == .primary)
        #expect(log.lastIndex == 6)
        #expect(log.entry(at: 5) == entry(5))
    }

    @Test func parsesSQLiteSpellings() {
        #expect(LogSync(parsing: "FULL") == .full)
        #expect(LogSync(parsing: "normal") == .normal)
        #expect(LogSync(parsing: "off") == nil)
        #expect(LogSync.normal.description == "NORMAL")
    }

    @Test func clusterUsesTheConfiguredSetting() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var configuration = ClusterConfiguration(storage: .directory(dir), seed: 5)
        configuration.logSync = .normal
        let cluster = try ReplicationCluster(configuration: configuration)
        defer { cluster.shutdown() }
        let storage = try cluster.makeStorage(.witness) as? FileLogStorage
        #expect(storage?.sync == .normal)
    }
}
