import DSQLClient

/// What one statement returned when run at a snapshot.
///
/// `changeset` is the transaction's cumulative changeset (its own earlier writes plus this
/// statement's), to pass as `ownChangeset` to the next statement and to commit.
public struct StatementResult: Sendable, Hashable {
    /// Result column names.
    public var columns: [String]
    /// Declared SQLite types of the result columns (nil for expressions).
    public var declaredTypes: [String?]
    public var rows: [[SQLValue]]
    /// The transaction's cumulative changeset after this statement.
    public var changeset: [UInt8]
    /// Rows the statement inserted, updated or deleted (`sqlite3_changes`).
    public var changesCount: Int
    /// Write keys of `changeset`; nil when the statement did not change the changeset
    /// (read-only), in which case the previous keys still hold.
    public var writeKeys: [WriteKey]?
    /// Rows in `changeset` (counted against the 3,000-row limit).
    public var transactionRows: Int
    /// The snapshot (log index) the statement ran at.
    public var snapshot: UInt64 = 0
}
