/// What a log entry carries: a transaction's changeset, a schema change, or a leader's no-op.
public enum EntryKind: UInt8, Sendable {
    case transaction = 0
    case schema = 1
    case noop = 2
}

/// One record of the replicated commit log.
///
/// Entries are what the three voters agree on. They carry everything the stores need to apply
/// them (payload = changeset or DDL text) and everything the leader's conflict adjudicator needs
/// to rebuild itself after a leadership change (write keys, snapshot index, transaction id).
public struct LogEntry: Sendable, Equatable {
    public var term: UInt64
    public var index: UInt64
    public var kind: EntryKind
    /// Changeset bytes (transaction) or DDL text (schema); empty for a no-op.
    public var payload: [UInt8]
    /// Keys written (transaction) or table names changed (schema).
    public var writeKeys: [String]
    /// The region whose client proposed the entry.
    public var origin: NodeID
    /// De-duplication id; 0 for no-ops.
    public var transactionID: UInt64
    /// The commit index the transaction read at (its snapshot).
    public var snapshotIndex: UInt64

    public init(
        term: UInt64, index: UInt64, kind: EntryKind, payload: [UInt8] = [], writeKeys: [String] = [],
        origin: NodeID, transactionID: UInt64 = 0, snapshotIndex: UInt64 = 0
    ) {
        self.term = term
        self.index = index
        self.kind = kind
        self.payload = payload
        self.writeKeys = writeKeys
        self.origin = origin
        self.transactionID = transactionID
        self.snapshotIndex = snapshotIndex
    }
}

/// A client's request to append an entry.
///
/// The DSQL store builds one at COMMIT. `schemaDependencies` names the tables the transaction
/// used, so a schema change committed after `snapshotIndex` aborts it (OC001).
public struct Proposal: Sendable, Equatable {
    public var kind: EntryKind
    public var payload: [UInt8]
    public var writeKeys: [String]
    public var schemaDependencies: [String]
    public var snapshotIndex: UInt64
    public var transactionID: UInt64
    public var origin: NodeID
    /// Set when the client resubmits after an `unknown` outcome: if the adjudicator can no longer
    /// tell whether the first attempt committed, the answer is `unknown` rather than a conflict.
    public var isRetry: Bool

    public init(
        kind: EntryKind, payload: [UInt8], writeKeys: [String], schemaDependencies: [String] = [],
        snapshotIndex: UInt64, transactionID: UInt64, origin: NodeID, isRetry: Bool = false
    ) {
        self.isRetry = isRetry
        self.kind = kind
        self.payload = payload
        self.writeKeys = writeKeys
        self.schemaDependencies = schemaDependencies
        self.snapshotIndex = snapshotIndex
        self.transactionID = transactionID
        self.origin = origin
    }
}

/// Which optimistic-concurrency rule rejected a transaction.
public enum ConflictKind: Sendable, Equatable {
    /// A later entry wrote one of the keys (DSQL OC000).
    case data
    /// A later schema entry changed a table the transaction used (DSQL OC001).
    case schema
}

/// The result of a proposal, as the client must report it.
public enum ProposalOutcome: Sendable, Equatable {
    /// Durable on a majority at this index.
    case committed(UInt64)
    /// Rejected by the adjudicator; definitely not in the log.
    case conflict(ConflictKind)
    /// Definitely not committed (no leader, no quorum, leader busy handing over).
    case unavailable
    /// The leader was lost mid-commit: the entry may or may not commit.
    case unknown
}

/// The result of a ReadIndex barrier.
public enum ReadOutcome: Sendable, Equatable {
    /// Every entry committed before the read began has an index <= this one.
    case index(UInt64)
    case unavailable
}
