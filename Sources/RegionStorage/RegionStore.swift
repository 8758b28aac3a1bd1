import CSQLite
import SQLiteBindings

/// The synchronous core of a region database: one SQLite connection and the store's state.
///
/// It exists so that every decision (apply order, divergence, snapshot undo, limits) is plain
/// synchronous code that tests and the executor thread can drive directly. It is thread-confined:
/// `RegionDatabase` owns one on its `SQLiteExecutor` thread and never touches it elsewhere.
public final class RegionStore {
    /// The metadata table holding `applied_index` and `schema_index`.
    static let metaTable = "_regionstack_meta"

    public let connection: SQLiteConnection
    let path: String
    let limits: TransactionLimits
    /// The last log index applied (0 when none).
    public internal(set) var appliedIndex: UInt64 = 0
    /// The last applied schema entry; statements at an older snapshot get OC001.
    public internal(set) var schemaIndex: UInt64 = 0
    /// Set when apply met a conflict; apply and execute stop until a snapshot is installed.
    var alarm: DivergenceAlarm?
    /// Forward changesets of applied entries `undoBase...appliedIndex`, for undo to a snapshot.
    var undoLog: [[UInt8]] = []
    /// Index of `undoLog[0]`.
    var undoBase: UInt64 = 1
    /// Per-table metadata for write keys, cleared on schema change.
    var tableInfo: [String: TableInfo] = [:]
    /// Applies changesets with cached statements (replication, undo, own writes).
    let applier: ChangesetApplier
    /// Captures a statement's changes (instead of a session object, which is slower to set up).
    let tracker: ChangeTracker
    /// Capture changes with a session object instead of the tracker (equivalence tests).
    var captureWithSession = false
    /// WAL frames between automatic checkpoints: SQLite's default, stated so it is a decision.
    /// 10,000 was measured too: `bench dsql --log-sync normal` (hot pages rewritten by every apply
    /// batch, copied once per checkpoint) gained 10-15 % and halved its p99, but the seed's
    /// `POST /prod/users` (random keys, nearly every page distinct) then stalls the region's
    /// thread ten times longer at each checkpoint: p99 about 25 -> 39 ms. Tail latency of the real
    /// workload wins.
    static let walCheckpointPages = 1_000

    /// Opens (creating if needed) the database file at `path` in WAL mode with
    /// `synchronous=NORMAL`, and loads the applied index.
    init(path: String, limits: TransactionLimits = .dsql, exclusiveLocking: Bool = true) throws(StoreError) {
        self.path = path
        self.limits = limits
        do {
            connection = try SQLiteConnection(path: path)
            applier = ChangesetApplier(connection: connection)
            tracker = ChangeTracker(connection: connection)
            try connection.exec("PRAGMA busy_timeout = 5000")
            // A damaged page would otherwise surface on first use, as a halted apply.
            let check = try connection.query("PRAGMA quick_check").rows.map { $0.first?.description ?? "" }
            guard check == ["ok"] else {
                throw StoreError.corrupt(path: path, reason: "quick_check: " + check.prefix(3).joined(separator: "; "))
            }
            if exclusiveLocking {
                // One connection owns the file: no shared-memory wal-index and no file-lock
                // syscalls per transaction (BEGIN/COMMIT/ROLLBACK are several times cheaper).
                _ = try connection.query("PRAGMA locking_mode = EXCLUSIVE")
            }
            let mode = try connection.query("PRAGMA journal_mode = WAL").rows.first?.first
            guard mode == .text("wal") else {
                throw StoreError.internalFailure("journal_mode is \(mode?.description ?? "unknown"), expected wal")
            }
            try connection.exec("PRAGMA synchronous = NORMAL")
            try connection.exec("PRAGMA wal_autocheckpoint = \(Self.walCheckpointPages)")
            let sync = try connection.query("PRAGMA synchronous").rows.first?.first
            guard sync == .integer(1) else {
                throw StoreError.internalFailure("synchronous is \(sync?.description ?? "unknown"), expected 1 (NORMAL)")
            }
            try connection.exec("""
                CREATE TABLE IF NOT EXISTS \(Self.metaTable) (key TEXT PRIMARY KEY NOT NULL, value INTEGER NOT NULL) WITHOUT ROWID;
                INSERT OR IGNORE INTO \(Self.metaTable) VALUES ('applied_index', 0), ('schema_index', 0);
                """)
            try loadMeta()
        } catch let error as StoreError {
            throw error
        } catch let error as SQLiteError {
            if let fault = StoreError.fault(code: error.extendedCode, path: path, reason: error.description),
               case .corrupt = fault { throw fault }
            throw .sqlite(error)
        } catch {
            throw .internalFailure("\(error)")
        }
    }

    /// Reads `applied_index` and `schema_index` and resets the in-memory undo state.
    func loadMeta() throws(SQLiteError) {
        let rows = try connection.query("SELECT key, value FROM \(Self.metaTable)").rows
        for row in rows {
            guard case .text(let key) = row[0], case .integer(let value) = row[1] else { continue }
            if key == "applied_index" { appliedIndex = UInt64(value) }
            if key == "schema_index" { schemaIndex = UInt64(value) }
        }
        undoLog = []
        undoBase = appliedIndex + 1
        schemaChanged()
    }

    /// Drops caches that depend on the schema.
    func schemaChanged() {
        tableInfo = [:]
        applier.invalidate()
        tracker.invalidate()
    }

    /// The oldest snapshot that statements can still run at.
    var oldestUndoableSnapshot: UInt64 { max(undoBase - 1, schemaIndex) }

    /// Forgets undo information for entries at or below `floor`.
    func pruneUndo(through floor: UInt64) {
        guard floor >= undoBase else { return }
        let count = min(Int(floor - undoBase + 1), undoLog.count)
        if count < 64 && count < undoLog.count { return }  // amortise the shift
        undoLog.removeFirst(count)
        undoBase += UInt64(count)
    }

    func close() {
        tracker.end()
        applier.invalidate()
        connection.close()
    }

    /// `"name"` with embedded quotes doubled.
    static func quote(_ identifier: String) -> String {
        "\"" + String(identifier.flatMap { $0 == "\"" ? ["\"", "\""] : [$0] }) + "\""
    }

    /// Runs a transaction-control statement, mapping errors.
    func control(_ sql: String) throws(StoreError) {
        do { try connection.run(sql) } catch { throw .sqlite(error) }
    }
}
