import Determinism
import DSQLClient
import SQLiteBindings
import Testing
@testable import RegionStorage

/// Seeded random transactions at older snapshots with optimistic commit, replicated to a second
/// region: checks snapshot reads, write keys against actual conflicts, and convergence.
@Suite struct RegionDatabaseRandomizedTests {
    static let dump = "SELECT id, owner, balance, note FROM acct ORDER BY id"

    static func run(_ db: RegionDatabase, _ sql: String, _ params: [SQLValue], at s: UInt64, own: [UInt8]) async -> Result<StatementResult, StoreError> {
        do {
            return .success(try await db.execute(sql, params, at: s, ownChangeset: own))
        } catch {
            return .failure(error)
        }
    }

    @Test(arguments: [UInt64(1), 2, 3, 0xC0FFEE])
    func randomTransactionsConverge(seed: UInt64) async throws {
        var rng = SeededGenerator(seed: seed)
        let a = try await RegionDatabase.ephemeral(undoRetention: 16)
        let b = try await RegionDatabase.ephemeral()
        defer { Task { await a.close(); await b.close() } }
        let schema = StoreEntry.schema(1, [
            "CREATE TABLE acct (id INTEGER PRIMARY KEY, owner TEXT NOT NULL UNIQUE, balance INTEGER NOT NULL, note TEXT)"])
        try await a.apply(entries: [schema])
        try await b.apply(entries: [schema])
        var rowsAt: [UInt64: [[SQLValue]]] = [1: []]
        var keysAt: [UInt64: Set<WriteKey>] = [:]
        var pendingForB: [StoreEntry] = []
        var committed = 0, conflicts = 0, failed = 0

        for step in 0..<160 {
            let applied = a.appliedIndex
            let s = applied - UInt64.random(in: 0...min(applied - 1, 8), using: &rng)
            a.retainSnapshot(s)
            defer { a.releaseSnapshot(s) }
            // The snapshot read equals what the table held when s was applied.
            let read = try await a.execute(Self.dump, at: s)
            #expect(read.rows == rowsAt[s], "seed \(seed) step \(step): read at \(s) of \(applied)")

            var own: [UInt8] = []
            var keys: Set<WriteKey> = []
            var ok = true
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                let id = Int64.random(in: 1...40, using: &rng)
                let sql: String
                var params: [SQLValue]
                switch Int.random(in: 0..<5, using: &rng) {
                case 0, 1:
                    sql = "INSERT INTO acct VALUES (?, ?, ?, ?)"
                    let owner = Int.random(in: 0..<120, using: &rng)
                    let note: SQLValue = rng.chance(0.3) ? .null : .text("n\(step)")
                    params = [.integer(id), .text("o\(owner)"), .integer(100), note]
                case 2:
                    sql = "UPDATE acct SET balance = balance + ? WHERE id = ?"
                    params = [.integer(Int64.random(in: -5...5, using: &rng)), .integer(id)]
                case 3:
                    sql = "UPDATE acct SET owner = ?, note = NULL WHERE id = ?"
                    params = [.text("o\(Int.random(in: 0..<120, using: &rng))"), .integer(id)]
                default:
                    sql = "DELETE FROM acct WHERE id = ?"
                    params = [.integer(id)]
                }
                let outcome = await Self.run(a, sql, params, at: s, own: own)
                switch outcome {
                case .success(let result):
                    own = result.changeset
                    if let k = result.writeKeys { keys = Set(k) }
                case .failure(let error):
                    guard case .sqlite(let sqlite) = error, sqlite.isConstraint else {
                        Issue.record("seed \(seed) step \(step): \(sql): \(error)")
                        return
                    }
                    ok = false  // the statement failed: the transaction aborts
                    failed += 1
                }
                if !ok { break }
            }
            guard ok, !own.isEmpty else { continue }
            // Every changed row's primary key is among the write keys.
            for change in try SQLiteChangeset.changes(own) {
                #expect(keys.contains(WriteKey(table: change.table, values: change.primaryKey)), "seed \(seed) step \(step)")
            }
            // Optimistic commit: conflict if an entry after s wrote one of our keys.
            if (s + 1 ... max(s + 1, applied)).contains(where: { !(keysAt[$0] ?? []).isDisjoint(with: keys) }) && applied > s {
                conflicts += 1
                continue
            }
            let entry = StoreEntry.changeset(applied + 1, own)
            do {
                try await a.apply(entries: [entry])
            } catch {
                Issue.record("seed \(seed) step \(step): non-conflicting commit failed to apply: \(error)")
                return
            }
            keysAt[applied + 1] = keys
            rowsAt[applied + 1] = try await a.query(Self.dump).rows
            committed += 1
            pendingForB.append(entry)
            if pendingForB.count >= Int.random(in: 1...6, using: &rng) {
                try await b.apply(entries: pendingForB)
                pendingForB = []
            }
        }
        try await b.apply(entries: pendingForB)
        #expect(committed > 50, "seed \(seed): only \(committed) commits (\(conflicts) conflicts, \(failed) failed)")
        #expect(a.alarm == nil && b.alarm == nil, "seed \(seed)")
        #expect(a.appliedIndex == b.appliedIndex, "seed \(seed)")
        #expect(try await a.contentHash() == b.contentHash(), "seed \(seed): regions diverged")
        #expect(try await b.query(Self.dump).rows == rowsAt[a.appliedIndex], "seed \(seed)")
        #expect(try await b.integrityCheck() == ["ok"], "seed \(seed)")
    }
}
