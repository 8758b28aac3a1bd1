/// The in-memory view of one node's log: entries after a compaction point.
///
/// Index `snapshotIndex` (term `snapshotTerm`) is the last compacted entry; `entries[0]` has
/// index `snapshotIndex + 1`. The durable copy lives in a `LogStorage`; the core only describes
/// changes to it through effects.
public struct RaftLog: Sendable {
    public private(set) var snapshotIndex: UInt64
    public private(set) var snapshotTerm: UInt64
    public private(set) var entries: [LogEntry]

    public init(snapshotIndex: UInt64 = 0, snapshotTerm: UInt64 = 0, entries: [LogEntry] = []) {
        self.snapshotIndex = snapshotIndex
        self.snapshotTerm = snapshotTerm
        self.entries = entries
    }

    public var lastIndex: UInt64 { snapshotIndex + UInt64(entries.count) }
    public var lastTerm: UInt64 { entries.last?.term ?? snapshotTerm }
    public var firstIndex: UInt64 { snapshotIndex + 1 }

    /// The term of the entry at `index`, or nil when it is compacted away or beyond the end.
    public func term(at index: UInt64) -> UInt64? {
        if index == snapshotIndex { return snapshotTerm }
        if index < snapshotIndex || index > lastIndex { return nil }
        return entries[Int(index - snapshotIndex - 1)].term
    }

    /// The entry at `index`, if present.
    public func entry(at index: UInt64) -> LogEntry? {
        if index <= snapshotIndex || index > lastIndex { return nil }
        return entries[Int(index - snapshotIndex - 1)]
    }

    /// Entries in `from...to` that are present (clipped to the stored range).
    public func slice(from: UInt64, to: UInt64) -> ArraySlice<LogEntry> {
        let lo = max(from, firstIndex), hi = min(to, lastIndex)
        if lo > hi { return [] }
        return entries[Int(lo - snapshotIndex - 1)...Int(hi - snapshotIndex - 1)]
    }

    /// True when a candidate with this last entry is at least as up to date (Raft §5.4.1).
    public func isUpToDate(lastIndex otherIndex: UInt64, lastTerm otherTerm: UInt64) -> Bool {
        otherTerm > lastTerm || (otherTerm == lastTerm && otherIndex >= lastIndex)
    }

    public mutating func append(_ entry: LogEntry) {
        precondition(entry.index == lastIndex + 1, "log append out of order")
        entries.append(entry)
    }

    /// Drops every entry with index >= `index`.
    public mutating func truncate(from index: UInt64) {
        precondition(index > snapshotIndex, "truncating compacted entries")
        if index <= lastIndex { entries.removeSubrange(Int(index - snapshotIndex - 1)...) }
    }

    /// Discards entries up to and including `index`.
    public mutating func compact(through index: UInt64) {
        guard index > snapshotIndex, let t = term(at: index) else { return }
        entries.removeSubrange(0..<Int(index - snapshotIndex))
        snapshotIndex = index
        snapshotTerm = t
    }

    /// Replaces the whole log with an installed snapshot point.
    public mutating func reset(snapshotIndex index: UInt64, term: UInt64) {
        entries.removeAll()
        snapshotIndex = index
        snapshotTerm = term
    }
}
