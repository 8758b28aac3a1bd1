#if canImport(Glibc)
import Glibc
#endif

/// A read-only look at a node's durable log file, without opening it for the cluster.
///
/// It exists for the start-up cross-check: before the log serves, each data region's applied
/// index is compared with what a majority of the three logs still holds (a multi-entry torn
/// tail can leave the logs behind the region stores). It never writes: a torn tail is reported,
/// not truncated (the cluster truncates it when it opens the file).
public struct LogInspection: Sendable, Equatable {
    /// The log file.
    public var path: String
    /// False when there is no file (a node that never wrote, or a wiped log).
    public var exists: Bool
    /// The last compacted index (entries at or below it were folded into the stores).
    public var snapshotIndex: UInt64
    /// The highest index the file holds (`snapshotIndex` when it holds no entries).
    public var lastIndex: UInt64
    /// The commit index recorded in the hard state.
    public var commitIndex: UInt64
    /// Byte offsets just past each entry record that ends an intact prefix, with the entry's
    /// index (tests cut the file at these to simulate a torn tail).
    public var entryEnds: [(offset: Int, index: UInt64)]

    public static func == (a: LogInspection, b: LogInspection) -> Bool {
        a.path == b.path && a.exists == b.exists && a.snapshotIndex == b.snapshotIndex && a.lastIndex == b.lastIndex
            && a.commitIndex == b.commitIndex && a.entryEnds.elementsEqual(b.entryEnds, by: { $0 == $1 })
    }

    /// Inspects `<directory>/raft.log` (the layout of `FileLogStorage`).
    public static func inspect(directory: String) throws -> LogInspection {
        let path = directory + "/raft.log"
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT {
                return LogInspection(path: path, exists: false, snapshotIndex: 0, lastIndex: 0, commitIndex: 0, entryEnds: [])
            }
            throw LogStorageError.io(path: path, operation: "open", errno: errno)
        }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw LogStorageError.io(path: path, operation: "read", errno: errno)
            }
            if n == 0 { break }
            bytes += chunk[0..<n]
        }
        var ends: [(offset: Int, index: UInt64)] = []
        let (hs, log, _) = try FileLogStorage.replay(bytes, path: path) { end, record in
            if case .entry(let e) = record { ends.append((end, e.index)) }
        }
        return LogInspection(
            path: path, exists: true, snapshotIndex: log.snapshotIndex, lastIndex: log.lastIndex,
            commitIndex: hs.commitIndex, entryEnds: ends)
    }

    /// The highest index that at least two of three logs hold: what a majority still has, and
    /// so the most that any future leader is guaranteed to keep.
    public static func majorityIndex(_ logs: [LogInspection]) -> UInt64 {
        let sorted = logs.map(\.lastIndex).sorted(by: >)
        return sorted.count >= 2 ? sorted[1] : 0
    }
}
