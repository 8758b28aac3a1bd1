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
/// The real-time driver calls `append` for every write effect of a batch, then `sync` once
/// (group commit), and only then carries out the batch's sends and replies.
public protocol LogStorage: AnyObject {
    /// Recovers the durable state (truncating a torn tail, throwing on mid-log corruption).
    func load() throws -> (HardState, RaftLog)
    /// Buffers the records of one write effect.
    func append(_ effect: RaftEffect)
    /// Makes everything appended so far durable.
    func sync() throws
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

    public func sync() throws {}
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
