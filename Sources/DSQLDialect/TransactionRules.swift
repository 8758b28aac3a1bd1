import DSQLClient

/// Aurora DSQL's per-transaction rules (dsql.md §5.2, §5.3) as a pure state machine the store drives.
///
/// One instance per transaction (explicit or implicit). The store calls `admit` before running each
/// statement and `recordWrite` after each write with the rows it changed and their size. Rules:
/// one DDL per transaction; no DDL together with writes (INSERT/UPDATE/DELETE/locking SELECT; plain
/// SELECTs are allowed alongside DDL, an assumption: the recording only shows DDL then INSERT);
/// at most 3,000 mutated rows and 10 MiB written; at most 300 s old.
public struct TransactionRules: Sendable, Hashable {
    public static let rowLimit = 3000
    public static let sizeLimitBytes = 10 * 1024 * 1024
    public static let maxAgeMicros: Int64 = 300_000_000

    /// Start time in microseconds (same clock as `now` passed to `admit`).
    public let startedAt: Int64
    public private(set) var ddlCount = 0
    public private(set) var writeCount = 0
    public private(set) var rowsMutated = 0
    public private(set) var bytesWritten = 0

    public init(startedAt: Int64) { self.startedAt = startedAt }

    /// Checks whether `statement` may run now in this transaction, and counts it.
    public mutating func admit(_ statement: PreparedStatement, now: Int64) throws(DSQLError) {
        if now - startedAt > Self.maxAgeMicros { throw .transactionAgeExceeded }
        if statement.kind == .ddl {
            if ddlCount > 0 { throw .multipleDDL }
            if writeCount > 0 { throw .ddlAndDML }
            ddlCount += 1
        } else if statement.isWrite {
            if ddlCount > 0 { throw .ddlAndDML }
            writeCount += 1
        }
    }

    /// Adds a write's effect; throws when the transaction exceeds its row or size limit.
    public mutating func recordWrite(rows: Int, bytes: Int) throws(DSQLError) {
        rowsMutated += rows
        bytesWritten += bytes
        if rowsMutated > Self.rowLimit { throw .rowLimitExceeded }
        if bytesWritten > Self.sizeLimitBytes {
            throw .sizeLimitExceeded(megabytes: (bytesWritten + 1024 * 1024 - 1) / (1024 * 1024))
        }
    }
}
