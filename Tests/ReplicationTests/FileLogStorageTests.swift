import Foundation
import Testing
@testable import Replication

struct FileLogStorageTests {
    func tempDir() -> String {
        let dir = NSTemporaryDirectory() + "rs-log-\(UInt64.random(in: 0...UInt64.max))"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    func entry(_ i: UInt64, term: UInt64 = 1) -> LogEntry {
        LogEntry(
            term: term, index: i, kind: .transaction, payload: Array("payload-\(i)".utf8), writeKeys: ["t/\(i)", "u/\(i)"],
            origin: .secondary, transactionID: 1000 + i, snapshotIndex: i - 1)
    }

    /// Writes hard state and entries 1...n in two group-commit batches (no preallocation, so
    /// the file ends at the last record unless `preallocation` says otherwise).
    func populate(_ dir: String, n: UInt64, preallocation: Int = 0) throws {
        let s = try FileLogStorage(directory: dir)
        s.preallocation = preallocation
        _ = try s.load()
        s.append(.persistHardState(HardState(term: 3, votedFor: .witness, commitIndex: 2)))
        s.append(.persistEntries(truncateFrom: nil, entries: (1...n / 2).map { entry($0) }))
        try s.sync()
        s.append(.persistEntries(truncateFrom: nil, entries: (n / 2 + 1...n).map { entry($0) }))
        try s.sync()
    }

    @Test func roundTripAfterReopen() throws {
        let dir = tempDir()
        try populate(dir, n: 10)
        let (hs, log) = try FileLogStorage(directory: dir).load()
        #expect(hs == HardState(term: 3, votedFor: .witness, commitIndex: 2))
        #expect(log.lastIndex == 10)
        #expect(log.entry(at: 7) == entry(7))
    }

    @Test func truncationAndCompactionReplay() throws {
        let dir = tempDir()
        try populate(dir, n: 10)
        let s = try FileLogStorage(directory: dir)
        _ = try s.load()
        s.append(.persistEntries(truncateFrom: 8, entries: [entry(8, term: 2)]))
        s.append(.compact(through: 4))
        try s.sync()
        let (_, log) = try FileLogStorage(directory: dir).load()
        #expect(log.snapshotIndex == 4 && log.lastIndex == 8)
        #expect(log.term(at: 8) == 2)
        #expect(log.entry(at: 3) == nil)
    }

    @Test func tornTailIsTruncated() throws {
        let dir = tempDir()
        try populate(dir, n: 10)
        let path = dir + "/raft.log"
        var bytes = try Array(Data(contentsOf: URL(fileURLWithPath: path)))
        let fullSize = bytes.count
        bytes.removeLast(7)  // the last record lost its end
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let (_, log) = try FileLogStorage(directory: dir).load()
        #expect(log.lastIndex == 9)
        let after = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0
        #expect(after < fullSize - 7, "the torn record was not cut off")
        // Appending after recovery works and survives another reopen.
        let s = try FileLogStorage(directory: dir)
        _ = try s.load()
        s.append(.persistEntries(truncateFrom: nil, entries: [entry(10, term: 4)]))
        try s.sync()
        let (_, again) = try FileLogStorage(directory: dir).load()
        #expect(again.lastIndex == 10 && again.term(at: 10) == 4)
    }

    @Test func zeroFilledTailIsTorn() throws {
        let dir = tempDir()
        try populate(dir, n: 6)
        let path = dir + "/raft.log"
        var bytes = try Array(Data(contentsOf: URL(fileURLWithPath: path)))
        bytes.append(contentsOf: [UInt8](repeating: 0, count: 4096))
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let (_, log) = try FileLogStorage(directory: dir).load()
        #expect(log.lastIndex == 6)
    }

    @Test func corruptionInTheMiddleStopsRecovery() throws {
        let dir = tempDir()
        try populate(dir, n: 10)
        let path = dir + "/raft.log"
        var bytes = try Array(Data(contentsOf: URL(fileURLWithPath: path)))
        bytes[bytes.count / 2] ^= 0x40  // one bit flips in a middle record
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect {
            _ = try FileLogStorage(directory: dir).load()
        } throws: { error in
            guard case LogStorageError.corruption(_, let offset)? = error as? LogStorageError else { return false }
            return offset > 0 && offset <= bytes.count / 2
        }
        // Nothing was truncated: the evidence is kept for an operator.
        let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0
        #expect(size == bytes.count)
    }

    @Test func corruptedLengthFieldInTheMiddleIsCorruption() throws {
        let dir = tempDir()
        try populate(dir, n: 10)
        let path = dir + "/raft.log"
        var bytes = try Array(Data(contentsOf: URL(fileURLWithPath: path)))
        // The third record's length field becomes huge: it looks like it runs past EOF.
        var pos = 0
        for _ in 0..<2 {
            let len = Int(bytes[pos]) | Int(bytes[pos + 1]) << 8 | Int(bytes[pos + 2]) << 16
            pos += 8 + len
        }
        bytes[pos + 3] = 0x7F
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect(throws: LogStorageError.self) { _ = try FileLogStorage(directory: dir).load() }
    }

    @Test func rewriteKeepsLiveStateOnly() throws {
        let dir = tempDir()
        let s = try FileLogStorage(directory: dir)
        s.rewriteThreshold = 1_000
        s.preallocation = 0
        _ = try s.load()
        s.append(.persistHardState(HardState(term: 9, votedFor: .primary, commitIndex: 40)))
        s.append(.persistEntries(truncateFrom: nil, entries: (1...50).map { entry($0) }))
        try s.sync()
        s.append(.compact(through: 40))
        try s.sync()
        let size = try FileManager.default.attributesOfItem(atPath: dir + "/raft.log")[.size] as? Int ?? 0
        #expect(size < 2_000, "file not rewritten: \(size) bytes")
        let (hs, log) = try FileLogStorage(directory: dir).load()
        #expect(hs.term == 9 && log.snapshotIndex == 40 && log.lastIndex == 50 && log.entry(at: 45) == entry(45))
    }

    @Test func preallocatedFileRecoversAndAppends() throws {
        let dir = tempDir()
        let path = dir + "/raft.log"
        try populate(dir, n: 10, preallocation: 4096)
        let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0
        #expect(size == 4096, "zero-filled ahead to one chunk: \(size)")
        var (_, log) = try FileLogStorage(directory: dir).load()
        #expect(log.lastIndex == 10)
        // A record torn in the zero-filled region: the prefix of a real one, then zeros.
        try populate(dir, n: 12, preallocation: 4096)  // rewrites 1...12 after the 10 (same entries)
        var bytes = try Array(Data(contentsOf: URL(fileURLWithPath: path)))
        let end = bytes.lastIndex { $0 != 0 }! + 1
        for i in (end - 20)..<end { bytes[i] = 0 }  // the last record lost its end
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let s = try FileLogStorage(directory: dir)
        s.preallocation = 4096
        (_, log) = try s.load()
        #expect(log.lastIndex == 11, "torn tail cut off")
        s.append(.persistEntries(truncateFrom: nil, entries: [entry(12, term: 5)]))
        try s.sync()
        (_, log) = try FileLogStorage(directory: dir).load()
        #expect(log.lastIndex == 12 && log.term(at: 12) == 5)
        // A flipped bit in a middle record, zeros after the last record: still corruption.
        bytes = try Array(Data(contentsOf: URL(fileURLWithPath: path)))
        bytes[40] ^= 0x40
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect(throws: LogStorageError.self) { _ = try FileLogStorage(directory: dir).load() }
    }
}
