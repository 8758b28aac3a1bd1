import DSQLClient

/// The per-transaction limits enforced by the store, from the transaction's changeset.
///
/// DSQL caps rows mutated (3,000) and data modified (10 MiB) per transaction; the store counts the
/// rows of the cumulative changeset and its size in bytes after each statement.
public struct TransactionLimits: Sendable, Hashable {
    public var maxRows: Int
    public var maxBytes: Int

    public init(maxRows: Int = 3_000, maxBytes: Int = 10 << 20) {
        self.maxRows = maxRows
        self.maxBytes = maxBytes
    }

    public static let dsql = TransactionLimits()

    /// Checks a changeset's row count and size.
    public func check(rows: Int, bytes: Int) throws(StoreError) {
        if rows > maxRows {
            throw .dsql(DSQLError(sqlstate: "54000", message: "transaction row limit exceeded"))
        }
        if bytes > maxBytes {
            let mb = (bytes + (1 << 19)) >> 20  // nearest MiB
            throw .dsql(DSQLError(sqlstate: "54000", message: "transaction size limit 10mb exceeded",
                                  detail: "Current transaction size \(mb)mb 10mb"))
        }
    }
}
