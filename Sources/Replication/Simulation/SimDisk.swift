/// A simulated disk for one node: what was written versus what is durable.
///
/// Writes land in `pending` (the page cache); `fsync` makes them durable; a crash keeps only a
/// prefix of them (the kernel may have flushed some), which is exactly the state a real log
/// file can be in after power loss.
public struct SimDisk {
    /// One logical write.
    public enum Write {
        case hardState(HardState)
        case entries(truncateFrom: UInt64?, [LogEntry])
        case compact(UInt64)
        case reset(UInt64, UInt64)
    }

    public private(set) var hardState = HardState()
    public private(set) var log = RaftLog()
    public private(set) var pending: [Write] = []
    /// Appends that did not follow the durable tail (always a bug in the writer).
    public private(set) var gaps = 0

    public init() {}

    public mutating func write(_ w: Write) { pending.append(w) }

    /// Makes the first `count` pending writes durable.
    public mutating func sync(_ count: Int) {
        let n = min(count, pending.count)
        for i in 0..<n { apply(pending[i]) }
        pending.removeFirst(n)
    }

    /// Power loss: the first `keep` pending writes survive, the rest vanish.
    public mutating func crash(keeping keep: Int) {
        sync(keep)
        pending.removeAll()
    }

    private mutating func apply(_ w: Write) {
        switch w {
        case .hardState(let hs):
            hardState = hs
        case .entries(let from, let entries):
            if let from, from <= log.lastIndex { log.truncate(from: max(from, log.firstIndex)) }
            for e in entries {
                if e.index == log.lastIndex + 1 { log.append(e) } else if e.index > log.lastIndex { gaps += 1 }
            }
        case .compact(let index):
            log.compact(through: index)
        case .reset(let index, let term):
            log.reset(snapshotIndex: index, term: term)
        }
    }
}
