#if canImport(Glibc)
import Glibc
#endif

/// Durable, checksummed log storage in one append-only file per node (`<dir>/raft.log`).
///
/// Every write effect becomes framed records (see `LogRecord`); `persist` issues one `write` and
/// (with `LogSync.full`, the default) one `fdatasync` for the whole batch (several batches when the persistence thread is behind). Recovery replays the file: a bad record at the end (or
/// followed only by zeros) is a torn tail and is truncated; a bad record followed by valid data
/// is corruption and stops recovery with `LogStorageError.corruption`. When compaction has
/// left the file mostly garbage it is rewritten to a temporary file, fsynced and renamed.
/// The file is kept zero-filled ahead of the last record (`preallocation` bytes at a time), so
/// an append overwrites blocks that already exist and `fdatasync` has no file size or extent
/// change to journal (about 40% cheaper here); recovery treats the zeros as a torn tail.
/// `load`, `append` and `seal` belong to the driver thread; `persist` (the only user of the
/// file descriptor after `load`) runs on the node's persistence thread, one call at a time.
public final class FileLogStorage: LogStorage, @unchecked Sendable {
    public let directory: String
    public var path: String { directory + "/raft.log" }
    var fd: Int32 = -1
    var buffer: [UInt8] = []
    /// Bytes the file will hold once every sealed write is persisted (driver's view).
    var sealedSize = 0
    var mirrorHard = HardState()
    var mirrorLog = RaftLog()
    var compactedSinceRewrite = false
    /// Rewrite when the file exceeds this many bytes after a compaction.
    public var rewriteThreshold = 16 << 20
    /// Zero-filled bytes added at a time ahead of the records (0: the file ends at the last record).
    public var preallocation = 2 << 20
    /// Whether `persist` ends with `fdatasync` (`full`) or once the kernel has the bytes (`normal`).
    public let sync: LogSync
    /// `fdatasync` calls made by `persist` so far (persistence thread; tests and benchmarks).
    public private(set) var dataSyncs = 0
    /// Persistence thread: where the next record goes, and how far the file is zero-filled.
    var writeOffset = 0
    var zeroedEnd = 0

    /// With `LogSync.normal` a batch is one `pwrite`: the driver writes it itself.
    public var persistsInline: Bool { sync == .normal }

    public init(directory: String, sync: LogSync = .full) throws {
        self.directory = directory
        self.sync = sync
        mkdir(directory, 0o755)
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        if fd < 0 { throw LogStorageError.io(path: path, operation: "open", errno: errno) }
    }

    deinit { if fd >= 0 { close(fd) } }

    public func load() throws -> (HardState, RaftLog) {
        let bytes = try readAll()
        let (hs, log, pos) = try Self.replay(bytes, path: path)
        if pos < bytes.count {
            if ftruncate(fd, off_t(pos)) != 0 { throw LogStorageError.io(path: path, operation: "ftruncate", errno: errno) }
            if fdatasync(fd) != 0 { throw LogStorageError.io(path: path, operation: "fdatasync", errno: errno) }
        }
        sealedSize = pos
        writeOffset = pos
        zeroedEnd = pos
        mirrorHard = hs
        mirrorLog = log
        return (hs, log)
    }

    /// Replays a log file's bytes: the durable state and the offset where the intact records
    /// end (a torn tail or preallocated zeros follow). Throws on mid-log corruption.
    static func replay(_ bytes: [UInt8], path: String, recordEnds: ((Int, LogRecord) -> Void)? = nil) throws
        -> (HardState, RaftLog, Int)
    {
        var hs = HardState(), log = RaftLog()
        var pos = 0
        while pos < bytes.count {
            let remaining = bytes.count - pos
            guard remaining >= LogRecord.headerSize else { break }  // torn header
            var r = Reader(bytes: bytes[pos..<(pos + 8)])
            let length = Int(r.u32()!), crc = r.u32()!
            let end = pos + LogRecord.headerSize + length
            if length == 0 || end > bytes.count || CRC32C.checksum(bytes[(pos + 8)..<end]) != crc {
                // Torn tail unless an intact record follows the bad one (zeros: preallocation).
                if bytes[pos...].allSatisfy({ $0 == 0 }) || !Self.intactRecordFollows(bytes, after: pos) { break }
                throw LogStorageError.corruption(path: path, offset: pos)
            }
            guard let record = LogRecord.decode(bytes[(pos + 8)..<end]),
                LogReplay.apply(record, hardState: &hs, log: &log)
            else { throw LogStorageError.corruption(path: path, offset: pos) }
            recordEnds?(end, record)
            pos = end
        }
        return (hs, log, pos)
    }

    /// True when some offset after `pos` holds a record whose checksum matches: the damage at
    /// `pos` is then in the middle of the log, not a write torn by a crash.
    static func intactRecordFollows(_ bytes: [UInt8], after pos: Int) -> Bool {
        var p = pos + 1
        while p + LogRecord.headerSize < bytes.count {
            var r = Reader(bytes: bytes[p..<(p + 8)])
            let length = Int(r.u32()!), crc = r.u32()!
            let end = p + LogRecord.headerSize + length
            if length > 0, end <= bytes.count, CRC32C.checksum(bytes[(p + 8)..<end]) == crc,
                LogRecord.decode(bytes[(p + 8)..<end]) != nil
            {
                return true
            }
            p += 1
        }
        return false
    }

    public func append(_ effect: RaftEffect) {
        for r in LogRecord.records(for: effect) {
            r.encode(into: &buffer)
            LogReplay.apply(r, hardState: &mirrorHard, log: &mirrorLog)
            if case .compact = r { compactedSinceRewrite = true }
        }
    }

    public func seal() -> SealedWrite? {
        guard !buffer.isEmpty else { return nil }
        let records = buffer
        buffer.removeAll(keepingCapacity: true)
        sealedSize += records.count
        guard compactedSinceRewrite && sealedSize > rewriteThreshold else { return SealedWrite(records: records, image: nil) }
        let image = compactImage()
        sealedSize = image.count
        compactedSinceRewrite = false
        return SealedWrite(records: records, image: image)
    }

    public func persist(_ writes: [SealedWrite]) throws {
        if let last = writes.lastIndex(where: { $0.image != nil }) {
            // The image already holds everything before it: write it, then what follows.
            try rewrite(image: writes[last].image!)
            let rest = writes[(last + 1)...].flatMap(\.records)
            if !rest.isEmpty { try appendDurably(rest) }
            return
        }
        if writes.count == 1 {
            try appendDurably(writes[0].records)
        } else {
            try appendDurably(writes.flatMap(\.records))
        }
    }

    func appendDurably(_ bytes: [UInt8]) throws {
        if preallocation > 0 && writeOffset + bytes.count > zeroedEnd {
            // Zero-fill ahead (the one fdatasync below also covers the new size).
            let target = (writeOffset + bytes.count + preallocation) / preallocation * preallocation
            let zeros = [UInt8](repeating: 0, count: min(target - zeroedEnd, 1 << 20))
            while zeroedEnd < target {
                let n = min(zeros.count, target - zeroedEnd)
                try writeAll(Array(zeros[0..<n]), at: zeroedEnd)
                zeroedEnd += n
            }
        }
        try writeAll(bytes, at: writeOffset)
        writeOffset += bytes.count
        zeroedEnd = max(zeroedEnd, writeOffset)
        guard sync == .full else { return }
        if fdatasync(fd) != 0 { throw LogStorageError.io(path: path, operation: "fdatasync", errno: errno) }
        dataSyncs += 1
    }

    /// The hard state, compaction point and live entries as one record stream.
    func compactImage() -> [UInt8] {
        var image: [UInt8] = []
        LogRecord.hardState(mirrorHard).encode(into: &image)
        LogRecord.reset(snapshotIndex: mirrorLog.snapshotIndex, term: mirrorLog.snapshotTerm).encode(into: &image)
        for e in mirrorLog.entries { LogRecord.entry(e).encode(into: &image) }
        return image
    }

    /// Replaces the file with `image` (temporary file, fsync, rename, directory fsync).
    func rewrite(image: [UInt8]) throws {
        let tmp = path + ".tmp"
        let tfd = open(tmp, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        if tfd < 0 { throw LogStorageError.io(path: tmp, operation: "open", errno: errno) }
        let saved = fd
        fd = tfd
        do {
            try writeAll(image, at: 0)
        } catch {
            fd = saved
            close(tfd)
            throw error
        }
        fd = saved
        if fsync(tfd) != 0 { close(tfd); throw LogStorageError.io(path: tmp, operation: "fsync", errno: errno) }
        if rename(tmp, path) != 0 { close(tfd); throw LogStorageError.io(path: path, operation: "rename", errno: errno) }
        let dfd = open(directory, O_RDONLY | O_CLOEXEC)
        if dfd >= 0 { fsync(dfd); close(dfd) }
        close(fd)
        fd = tfd
        writeOffset = image.count
        zeroedEnd = image.count
    }

    func writeAll(_ bytes: [UInt8], at offset: Int) throws {
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress! + done, bytes.count - done, off_t(offset + done)) }
            if n < 0 {
                if errno == EINTR { continue }
                throw LogStorageError.io(path: path, operation: "write", errno: errno)
            }
            done += n
        }
    }

    func readAll() throws -> [UInt8] {
        let size = Int(lseek(fd, 0, SEEK_END))
        lseek(fd, 0, SEEK_SET)
        var bytes = [UInt8](repeating: 0, count: max(size, 0))
        var done = 0
        while done < size {
            let n = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + done, size - done) }
            if n < 0 {
                if errno == EINTR { continue }
                throw LogStorageError.io(path: path, operation: "read", errno: errno)
            }
            if n == 0 { break }
            done += n
        }
        return Array(bytes[0..<done])
    }
}
