/// The leader's optimistic-concurrency adjudicator (ARCHITECTURE.md §3.2 step 3).
///
/// It runs at append time, on the leader only, and is pure: it remembers, for the log window it
/// has seen, the last index that wrote each key, the last schema change of each table and the
/// index of each transaction id. A transaction whose snapshot precedes a later write of one of
/// its keys aborts with OC000; one whose tables changed schema after its snapshot aborts with
/// OC001. A snapshot older than the remembered window aborts conservatively. It is rebuilt from
/// the new leader's log on every leadership change, so appended-but-uncommitted entries count too.
public struct ConflictAdjudicator: Sendable {
    /// The adjudicator's answer for one proposal.
    public enum Verdict: Sendable, Equatable {
        /// Append it.
        case accept
        /// Reject it; never appended.
        case conflict(ConflictKind)
        /// The same transaction id is already in the log at this index.
        case duplicate(UInt64)
        /// A retry whose first attempt may lie below the remembered window: outcome unknown.
        case indeterminate
    }

    /// Indexes <= floor are forgotten; snapshots below it cannot be judged precisely.
    public private(set) var floor: UInt64
    /// The highest index recorded.
    public private(set) var lastIndex: UInt64
    private var lastWrite: [String: UInt64] = [:]
    private var lastSchemaChange: [String: UInt64] = [:]
    private var transactions: [UInt64: UInt64] = [:]
    /// When more keys than this are remembered, the oldest half of the window is forgotten.
    public let capacity: Int

    public init(floor: UInt64 = 0, capacity: Int = 1 << 20) {
        self.floor = floor
        self.lastIndex = floor
        self.capacity = capacity
    }

    /// Rebuilds from a log whose entries below `entries.first` were compacted through `floor`.
    public init<S: Sequence>(floor: UInt64, entries: S, capacity: Int = 1 << 20) where S.Element == LogEntry {
        self.init(floor: floor, capacity: capacity)
        for entry in entries { record(entry) }
    }

    /// Judges a proposal against everything recorded.
    public func judge(_ proposal: Proposal) -> Verdict {
        if proposal.transactionID != 0, let index = transactions[proposal.transactionID] {
            return .duplicate(index)
        }
        if proposal.kind == .noop { return .accept }
        if proposal.snapshotIndex < floor { return proposal.isRetry ? .indeterminate : .conflict(.data) }
        if proposal.snapshotIndex >= lastIndex { return .accept }
        if proposal.kind == .schema {
            // A schema change conflicts with a concurrent schema change of the same table.
            for table in proposal.writeKeys {
                if let index = lastSchemaChange[table], index > proposal.snapshotIndex { return .conflict(.schema) }
            }
        }
        for key in proposal.writeKeys {
            if let index = lastWrite[key], index > proposal.snapshotIndex { return .conflict(.data) }
        }
        for table in proposal.schemaDependencies {
            if let index = lastSchemaChange[table], index > proposal.snapshotIndex { return .conflict(.schema) }
        }
        return .accept
    }

    /// Records an appended entry (entries must arrive in index order).
    public mutating func record(_ entry: LogEntry) {
        guard entry.index > lastIndex else { return }
        lastIndex = entry.index
        if entry.transactionID != 0 { transactions[entry.transactionID] = entry.index }
        switch entry.kind {
        case .transaction:
            for key in entry.writeKeys { lastWrite[key] = entry.index }
        case .schema:
            for table in entry.writeKeys {
                lastSchemaChange[table] = entry.index
                lastWrite[table] = entry.index
            }
        case .noop:
            break
        }
        if lastWrite.count + transactions.count > capacity { forget(through: floor + (lastIndex - floor) / 2) }
    }

    /// Forgets everything at or below `index` (raises the floor).
    public mutating func forget(through index: UInt64) {
        guard index > floor else { return }
        floor = min(index, lastIndex)
        lastWrite = lastWrite.filter { $0.value > floor }
        lastSchemaChange = lastSchemaChange.filter { $0.value > floor }
        transactions = transactions.filter { $0.value > floor }
    }
}
