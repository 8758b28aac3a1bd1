/// Errors of durable log storage; each carries the file and position it concerns.
public enum LogStorageError: Error, Equatable, CustomStringConvertible {
    /// A record failed its checksum with valid data after it: not a torn tail. Recovery stops;
    /// truncating here could drop committed entries (Protocol-Aware Recovery, FAST'18).
    case corruption(path: String, offset: Int)
    /// A system call failed (`errno`); after a failed fsync the process must not carry on.
    case io(path: String, operation: String, errno: Int32)

    public var description: String {
        switch self {
        case .corruption(let path, let offset): "log corruption in \(path) at byte \(offset)"
        case .io(let path, let op, let errno): "\(op) failed on \(path): errno \(errno)"
        }
    }
}

/// Where a node's hard state and log live.
///
/// The real-time driver calls `append` for every write effect of a batch, then `seal` once and
/// hands the sealed write to the node's persistence thread (`persist`); only when that is
/// durable does it carry out the batch's sends and replies (group commit, without the driver
/// waiting for the disk).
public protocol LogStorage: AnyObject {
    /// Recovers the durable state (truncating a torn tail, throwing on mid-log corruption).
    func load() throws -> (HardState, RaftLog)
    /// Buffers the records of one write effect (driver thread).
    func append(_ effect: RaftEffect)
    /// Takes everything appended since the last call as one write (driver thread); nil when
    /// nothing needs to reach the disk.
    func seal() -> SealedWrite?
    /// Makes sealed writes durable, in order (one thread at a time, not necessarily the driver).
    func persist(_ writes: [SealedWrite]) throws
    /// True when `persist` is cheap enough for the driver to call itself (no fsync to wait for):
    /// the persistence thread's hand-offs would cost more than the write.
    var persistsInline: Bool { get }
}

extension LogStorage {
    public var persistsInline: Bool { false }
}

extension LogStorage {
    /// Makes everything appended so far durable (seal and persist on the calling thread).
    public func sync() throws {
        if let w = seal() { try persist([w]) }
    }
}

/// Bytes sealed by the driver for the persistence thread: framed records to append, or a
/// compact image of the whole log that replaces the file.
public struct SealedWrite: Sendable {
    public var records: [UInt8]
    public var image: [UInt8]?
}

/// Volatile storage for `--ephemeral` stacks and tests: "durable" means "in this object".
public final class MemoryLogStorage: LogStorage {
    var hardState = HardState()
    var log = RaftLog()

    public init() {}

    public func load() throws -> (HardState, RaftLog) { (hardState, log) }

    public func append(_ effect: RaftEffect) {
        for r in LogRecord.records(for: effect) { LogReplay.apply(r, hardState: &hardState, log: &log) }
    }

    public func seal() -> SealedWrite? { nil }

    public func persist(_ writes: [SealedWrite]) throws {}
}

/// Applies records to an in-memory image (recovery and mirrors share this).
enum LogReplay {
    /// Returns false when the record cannot follow the image (a gap: corruption).
    @discardableResult
    static func apply(_ r: LogRecord, hardState: inout HardState, log: inout RaftLog) -> Bool {
        switch r {
        case .hardState(let hs):
            hardState = hs
        case .entry(let e):
            if e.index <= log.snapshotIndex { return true }
            if e.index <= log.lastIndex { log.truncate(from: e.index) }
            guard e.index == log.lastIndex + 1 else { return false }
            log.append(e)
        case .truncate(let from):
            if from <= log.lastIndex { log.truncate(from: max(from, log.firstIndex)) }
        case .compact(let through):
            log.compact(through: through)
        case .reset(let index, let term):
            log.reset(snapshotIndex: index, term: term)
        }
        return true
    }
}
