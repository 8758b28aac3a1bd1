import DSQLDialect
import Foundation

/// The state of one open transaction of a `DSQLSession` (explicit or autocommit).
///
/// It exists to keep what COMMIT needs in one value: the snapshot the transaction reads at, its
/// cumulative changeset and write keys, the keys of rows it locked with FOR UPDATE, the tables
/// it used (OC001 dependencies), a pending DDL, and DSQL's per-transaction rules.
struct SessionTransaction: Sendable {
    /// Log index the transaction reads at (nil until its first statement that needs one).
    var snapshot: UInt64?
    var rules: TransactionRules
    /// Wall-clock start, microseconds since the epoch (`now()`).
    var startedAt: Int64
    var changeset: [UInt8] = []
    var dataKeys: [String] = []
    var lockKeys: Set<String> = []
    var tables: Set<String> = []
    var ddl: ClusterLogPayload.SchemaChange?
    var ddlTables: Set<String> = []
    /// A statement failed inside BEGIN: later statements get 25P02, COMMIT rolls back.
    var failed = false
    let explicit: Bool

    init(explicit: Bool, now: Int64) {
        self.explicit = explicit
        startedAt = now
        rules = TransactionRules(startedAt: now)
    }

    /// A fresh id for the log's de-duplication of a proposal (drawn at COMMIT, once for all of
    /// its retries, so read-only transactions never pay for the system random source).
    static func newID() -> UInt64 { UInt64.random(in: 1...UInt64.max) }

    /// True when COMMIT has something to propose.
    var hasWrites: Bool { ddl != nil || !changeset.isEmpty || !lockKeys.isEmpty || !dataKeys.isEmpty }

    static func now() -> Int64 { Int64((Date().timeIntervalSince1970 * 1_000_000).rounded()) }
}
