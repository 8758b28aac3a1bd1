import DSQLClient
import DSQLDialect
import Foundation
import RegionStorage
import Replication

/// Running one statement at the transaction's snapshot, and COMMIT.
extension DSQLSession {
    /// Prepares `stmt` against the catalog of the snapshot, checks DSQL's transaction rules and
    /// runs it in the region store, accumulating the transaction's changes into `t`.
    func run(_ stmt: Statement, sql: String, params: [SQLValue], in t: inout SessionTransaction) async throws(DSQLError)
        -> QueryResult
    {
        // The first statement runs at the region's applied index once it reached the read
        // barrier (no undo needed) and that index becomes the transaction's snapshot. A constant
        // SELECT needs no snapshot, only a region that reaches a quorum (a health check must
        // fail without one): a quorum confirmed within the lease window will do, else a barrier.
        try Self.checkParameters(params, for: stmt)
        let constantRow = stmt.constantRow
        if t.snapshot == nil {
            if constantRow != nil, cluster.barrier(runtime.node).confirmed(within: cluster.leaseWindow) {
                try checkAvailable()
            } else {
                try await barrier(&t)
            }
            if constantRow != nil { try checkWritable() }
        }
        // A schema entry may land between preparing and running the first statement: then
        // prepare again against the newer catalog (bounded; the last attempt takes its chance).
        var attempt = 0
        while true {
            attempt += 1
            let version = runtime.catalogVersion(at: t.snapshot ?? runtime.db.appliedIndex)
            do {
                return try await run(stmt, sql: sql, params: params, in: &t, catalog: version.catalog,
                                     catalogIndex: t.snapshot == nil && attempt < 4 ? version.index : nil,
                                     constantRow: constantRow)
            } catch let error where error == Self.staleCatalog {
                continue
            }
        }
    }

    /// PostgreSQL's Bind checks, before anything is prepared or allocated: exactly as many
    /// parameters as the highest `$n` the statement uses (`08P01`), and no text with NUL (`22021`).
    static func checkParameters(_ params: [SQLValue], for stmt: Statement) throws(DSQLError) {
        let required = stmt.maxParam
        if params.count != required { throw .bindCountMismatch(supplied: params.count, required: required) }
        for case .text(let s) in params where DSQLError.containsNUL(s) { throw .nulInText }
    }

    /// Marks a first statement that found a schema entry newer than the catalog it was prepared with.
    static let staleCatalog = DSQLError(sqlstate: .internalError, message: "internal: stale catalog, prepare again")

    private func run(
        _ stmt: Statement, sql: String, params: [SQLValue], in t: inout SessionTransaction, catalog: Catalog,
        catalogIndex: UInt64?, constantRow: [SQLValue]?
    ) async throws(DSQLError) -> QueryResult {
        let context = stmt.isDDL
            ? DDLContext(jobID: JobID.generate(using: &rng), timestamp: SessionTransaction.now())
            : DDLContext(jobID: "", timestamp: 0)
        let p = stmt.isDDL
            ? try Dialect.prepare(stmt, catalog: catalog, ddlContext: context)
            : try runtime.prepare(stmt, sql: sql, catalog: catalog)
        try t.rules.admit(p, now: SessionTransaction.now())
        if p.kind == .ddl, let app = p.ddl {
            let result = QueryResult(commandTag: app.commandTag, resultColumns: app.resultColumns,
                                     values: app.resultRows, notice: app.notice)
            if app.catalog == catalog { return result }  // IF [NOT] EXISTS no-op
            // Validate against the snapshot's data first: a schema entry that fails to apply
            // would stop every region (for example a unique index over duplicates).
            // (An index build is checked when it applies: a failure fails its job, as in DSQL.)
            let isIndexBuild = if case .createIndex = stmt { true } else { false }
            if t.snapshot == nil, let catalogIndex, runtime.catalogVersion(at: runtime.db.appliedIndex).index != catalogIndex {
                throw Self.staleCatalog
            }
            let snapshot = t.snapshot ?? retain(runtime.db.acquireSnapshot(), in: &t)
            for statement in app.sqlite where !isIndexBuild && !statement.hasPrefix("INSERT INTO") {
                _ = try await runStore(statement, [], at: snapshot, own: [], startedAt: t.startedAt, catalog: catalog)
            }
            t.ddl = ClusterLogPayload.SchemaChange(sql: sql, context: context)
            t.ddlTables = app.touchedTables.isEmpty ? ["__catalog"] : app.touchedTables
            return result
        }
        if let row = constantRow {
            // Answered here, after the barrier: no store hop (SQLite would return these values),
            // and no snapshot is fixed by it.
            return QueryResult(commandTag: p.commandTag(rowCount: 1), resultColumns: p.columns, values: [row])
        }
        let tables = p.tablesRead.union(p.tablesWritten).subtracting([Catalog.jobsTable])
        if p.sql.isEmpty { return QueryResult(commandTag: p.commandTag(rowCount: 0)) }
        let r = try await runStore(p.sql, params, at: t.snapshot, own: t.changeset, startedAt: t.startedAt, catalog: catalog,
                                   catalogIndex: catalogIndex)
        cluster.metrics(runtime.node).read(r.rows)
        let snapshot = t.snapshot ?? retain(r.snapshot, in: &t, alreadyRegistered: false)
        if let keys = r.writeKeys {
            t.changeset = r.changeset
            t.dataKeys = keys.map(\.description)
        }
        t.tables.formUnion(tables)
        if p.lock != nil {
            for target in p.lockTargets {
                let locked = try await runStore(target.sql, params, at: snapshot, own: t.changeset,
                                                startedAt: t.startedAt, catalog: catalog)
                for row in locked.rows { t.lockKeys.insert(WriteKey(table: target.table, values: row).description) }
            }
        }
        let count = p.kind == .select || p.kind == .call || p.returnsRows ? r.rows.count : r.changesCount
        // A SELECT with an empty target list returns its rows with no columns (SQLite needs one).
        let rows = p.kind == .select && p.columns.isEmpty ? r.rows.map { _ in [SQLValue]() } : r.rows
        return QueryResult(commandTag: p.commandTag(rowCount: count), resultColumns: p.columns, values: rows)
    }

    /// Makes `snapshot` the transaction's snapshot (registering it with the store unless the
    /// caller already did, as `acquireSnapshot` does).
    func retain(_ snapshot: UInt64, in t: inout SessionTransaction, alreadyRegistered: Bool = true) -> UInt64 {
        if !alreadyRegistered { runtime.db.retainSnapshot(snapshot) }
        t.snapshot = snapshot
        return snapshot
    }

    /// Runs SQLite SQL at `snapshot` (nil: the applied index when it runs) plus `own` changes on the store's thread, with `now()` set
    /// to the transaction's start; maps store and SQLite errors to PostgreSQL's.
    func runStore(
        _ sql: String, _ params: [SQLValue], at snapshot: UInt64?, own: [UInt8], startedAt: Int64, catalog: Catalog,
        catalogIndex: UInt64? = nil
    ) async throws(DSQLError) -> StatementResult {
        let functions = runtime.functions
        do {
            return try await runtime.db.onStore { store throws(StoreError) -> StatementResult in
                functions.transactionTimestamp = startedAt
                defer { functions.transactionTimestamp = nil }
                if snapshot == nil, let catalogIndex, store.schemaIndex > catalogIndex { throw .dsql(Self.staleCatalog) }
                return try store.execute(sql, params, at: snapshot ?? store.appliedIndex, own: own)
            }
        } catch {
            if case .sqlite(let e) = error {
                if let mapped = DialectErrors.map(sqliteMessage: e.message, catalog: catalog) { throw mapped }
                if let translated = DialectErrors.translate(sqliteCode: e.code, message: e.message) { throw translated }
            }
            throw error.dsqlError
        }
    }

    /// Proposes the transaction's changes; returns once they are durable on a majority. Read-only
    /// transactions return at once (never adjudicated, never conflict).
    func commit(_ t: SessionTransaction) async throws(DSQLError) {
        let metrics = cluster.metrics(runtime.node)
        guard t.hasWrites, let snapshot = t.snapshot else {
            metrics.readOnlyCommitted()
            return
        }
        if SessionTransaction.now() - t.startedAt > TransactionRules.maxAgeMicros { throw .transactionAgeExceeded }
        let proposal: Proposal
        let id = SessionTransaction.newID()
        if let ddl = t.ddl {
            let tables = t.ddlTables.sorted()
            proposal = Proposal(kind: .schema, payload: ClusterLogPayload.schema(ddl).encoded(), writeKeys: tables,
                                schemaDependencies: tables, snapshotIndex: snapshot, transactionID: id,
                                origin: runtime.node)
        } else {
            proposal = Proposal(kind: .transaction, payload: ClusterLogPayload.changeset(t.changeset).encoded(),
                                writeKeys: Set(t.dataKeys).union(t.lockKeys).sorted(),
                                schemaDependencies: t.tables.sorted(), snapshotIndex: snapshot,
                                transactionID: id, origin: runtime.node)
        }
        var backoff = Backoff()
        let proposing = ContinuousClock.now
        while true {
            try checkWritable()
            switch await cluster.replication.propose(from: runtime.node, proposal) {
            case .committed:
                metrics.committed(bytes: proposal.payload.count, latency: ContinuousClock.now - proposing)
                // Durable on a majority: acknowledged now. Read-your-writes needs no wait here:
                // every transaction that starts afterwards, in this region or the other (this
                // session's next one too), begins with a read barrier whose index covers this
                // commit and waits until its region has applied it.
                return
            case .conflict(.data):
                metrics.conflicted()
                throw .dataConflict
            case .conflict(.schema):
                metrics.conflicted()
                throw .schemaConflict
            case .unknown: throw .commitOutcomeUnknown
            case .unavailable:
                // No leader yet, or the witness is handing leadership over: retry briefly.
                if await !backoff.wait() { throw .serverUnavailable }
            }
        }
    }
}
