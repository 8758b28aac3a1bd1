import DSQLClient
import DSQLDialect
import Foundation
import Replication

/// A client connection to one data region's DSQL endpoint.
///
/// It exists to give callers (the Lambda runtime, tests, benchmarks) DSQL's session semantics on
/// top of the cluster: autocommit and BEGIN/COMMIT/ROLLBACK, snapshot isolation with a
/// strongly consistent start (read barrier, then wait for the region to apply it), OCC at
/// COMMIT (40001 OC000/OC001), one DDL per transaction, 25P02 after a failed statement inside a
/// transaction, and XX000 when the region cannot reach a quorum. An actor: one session's
/// statements run one after another, like one PostgreSQL connection.
public actor DSQLSession {
    let cluster: DSQLCluster
    let runtime: RegionRuntime
    var txn: SessionTransaction?
    var rng = SystemRandomNumberGenerator()

    /// The data region this session is connected to.
    public nonisolated var region: NodeID { runtime.node }

    init(cluster: DSQLCluster, runtime: RegionRuntime) {
        self.cluster = cluster
        self.runtime = runtime
    }

    /// True while an explicit transaction (BEGIN ... COMMIT/ROLLBACK) is open.
    public var inTransaction: Bool { txn?.explicit == true }

    /// Runs one PostgreSQL-dialect statement; `params` bind `$1`, `$2`, ...
    public func execute(_ sql: String, _ params: [SQLValue] = []) async throws(DSQLError) -> QueryResult {
        let stmt: Statement
        do { stmt = try runtime.parse(sql) } catch {
            if txn?.explicit == true { txn?.failed = true }
            throw error
        }
        if let t = txn, t.failed {
            switch stmt {
            case .commit, .rollback:
                end(t)
                return QueryResult(commandTag: "ROLLBACK")
            default:
                throw .transactionAborted
            }
        }
        switch stmt {
        case .begin:
            if txn == nil { txn = SessionTransaction(explicit: true, now: SessionTransaction.now()) }
            return QueryResult(commandTag: "BEGIN")
        case .commit:
            guard let t = txn else { return QueryResult(commandTag: "COMMIT") }
            defer { end(t) }
            try await commit(t)
            return QueryResult(commandTag: "COMMIT")
        case .rollback:
            if let t = txn { end(t) }
            return QueryResult(commandTag: "ROLLBACK")
        default:
            break
        }
        if var t = txn {
            do {
                try await ensureLeader()
                let result = try await run(stmt, sql: sql, params: params, in: &t)
                txn = t
                return result
            } catch {
                t.failed = true
                txn = t
                throw error
            }
        }
        var t = SessionTransaction(explicit: false, now: SessionTransaction.now())
        defer { release(t) }
        try checkAvailable()
        let result = try await run(stmt, sql: sql, params: params, in: &t)
        try await commit(t)
        return result
    }

    /// Runs `body` inside BEGIN ... COMMIT, retrying the whole transaction on 40001 (OC000,
    /// OC001) with exponential backoff and jitter, as AWS recommends: `maxAttempts` attempts,
    /// delays `baseDelay * 2^n` capped at `maxDelay`, each scaled by a random factor in 0.5...1.
    public nonisolated func transaction<T: Sendable>(
        maxAttempts: Int = 5, baseDelay: Duration = .milliseconds(10), maxDelay: Duration = .milliseconds(500),
        _ body: (DSQLSession) async throws(DSQLError) -> T
    ) async throws(DSQLError) -> T {
        var attempt = 0
        while true {
            do throws(DSQLError) {
                _ = try await execute("BEGIN")
                let value = try await body(self)
                let tag = try await execute("COMMIT").commandTag
                if tag == "ROLLBACK" { throw DSQLError.transactionAborted }
                return value
            } catch {
                _ = try? await execute("ROLLBACK")
                attempt += 1
                guard error.sqlstate == "40001", attempt < maxAttempts else { throw error }
                let exponential = baseDelay * (1 << min(attempt - 1, 20))
                let delay = min(maxDelay, exponential) * Double.random(in: 0.5...1.0)
                try? await Task.sleep(for: delay)
            }
        }
    }

    // MARK: internals

    /// Ends a transaction: releases its snapshot and clears the session's state.
    private func end(_ t: SessionTransaction) {
        release(t)
        txn = nil
    }

    private func release(_ t: SessionTransaction) {
        if let s = t.snapshot { runtime.db.releaseSnapshot(s) }
    }

    /// Retries while the log has no leader (an election or the witness's hand-over takes up to
    /// about a second): 10, 20, 40, 80, 100, 100 ... ms, for at most `budget`.
    struct Backoff {
        let deadline = ContinuousClock.now + .milliseconds(1500)
        var delay = Duration.milliseconds(10)

        /// Sleeps and returns true, or returns false when the budget is spent.
        mutating func wait() async -> Bool {
            guard ContinuousClock.now + delay < deadline else { return false }
            try? await Task.sleep(for: delay)
            delay = min(delay * 2, .milliseconds(100))
            return true
        }
    }

    /// A region that knows no leader (it cannot reach a quorum, or an election is running)
    /// waits briefly for one, then answers XX000, even for reads inside an open transaction.
    func ensureLeader() async throws(DSQLError) {
        try checkAvailable()
        var backoff = Backoff()
        while cluster.replication.leader(seenFrom: runtime.node) == nil {
            if await !backoff.wait() { throw .serverUnavailable }
            try checkAvailable()
        }
    }

    func checkAvailable() throws(DSQLError) {
        if cluster.replication.isStopped(runtime.node) || cluster.isRebuilding(runtime.node) { throw .serverUnavailable }
    }

    /// As `checkAvailable`, and the region's store and log can take writes (commits, and the
    /// constant-row fast path that health checks use).
    func checkWritable() throws(DSQLError) {
        try checkAvailable()
        if cluster.refusesWrites(runtime.node) { throw .serverUnavailable }
    }

    /// The transaction's read barrier: a quorum-confirmed commit index, and the wait until this
    /// region applied it. The snapshot is then the applied index when the first statement runs.
    func barrier(_ t: inout SessionTransaction) async throws(DSQLError) {
        var target: UInt64?
        var backoff = Backoff()
        while target == nil {
            try checkAvailable()
            if let i = await cluster.barrier(runtime.node).index() {
                target = i
            } else if await !backoff.wait() {
                throw .serverUnavailable
            }
        }
        guard let target else { throw .serverUnavailable }
        if runtime.db.appliedIndex < target {
            // A store whose apply is paused on a full disk would make this wait for the disk.
            if cluster.faults.fault(runtime.node, .store) != nil { throw .serverUnavailable }
            do { try await runtime.db.waitForApplied(target) } catch { throw error.dsqlError }
        }
    }
}
