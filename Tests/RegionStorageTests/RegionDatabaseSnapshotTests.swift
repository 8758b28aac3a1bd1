import DSQLClient
import SQLiteBindings
import Testing
@testable import RegionStorage

@Suite struct RegionDatabaseSnapshotTests {
    func usersDatabase(captureWithSession: Bool = false) async throws -> RegionDatabase {
        let db = try await RegionDatabase.ephemeral()
        try await db.onStore { store throws(StoreError) in store.captureWithSession = captureWithSession }
        try await applySchema(db, usersSchema)
        try await commitLocally(db, "INSERT INTO users (id, email, name) VALUES (1, 'a@x', 'Ann'), (2, 'b@x', 'Bob')")
        return db
    }

    @Test(arguments: [false, true])
    func statementAtOlderSnapshotSeesSnapshotPlusOwnWrites(captureWithSession: Bool) async throws {
        let db = try await usersDatabase(captureWithSession: captureWithSession)
        let snapshot = db.acquireSnapshot()
        #expect(snapshot == 2)
        // Later commits by others: a new row, an update and a delete.
        try await commitLocally(db, "INSERT INTO users (id, email, name) VALUES (3, 'c@x', 'Cy')")
        try await commitLocally(db, "UPDATE users SET name = 'Annie' WHERE id = 1")
        try await commitLocally(db, "DELETE FROM users WHERE id = 2")
        #expect(db.appliedIndex == 5)

        let read = try await db.execute("SELECT id, name FROM users ORDER BY id", at: snapshot)
        #expect(read.rows == [[.integer(1), .text("Ann")], [.integer(2), .text("Bob")]])
        #expect(read.columns == ["id", "name"])
        #expect(read.changeset.isEmpty)

        // Own write at the snapshot, then a read that must see it and still not the later rows.
        let write = try await db.execute("INSERT INTO users (id, email, name) VALUES (10, 'z@x', 'Zed')", at: snapshot)
        #expect(write.changesCount == 1)
        let update = try await db.execute("UPDATE users SET balance = balance + 5 WHERE id IN (1, 10)",
                                          at: snapshot, ownChangeset: write.changeset)
        #expect(update.changesCount == 2)
        let mine = try await db.execute("SELECT id, name, balance FROM users ORDER BY id", at: snapshot,
                                        ownChangeset: update.changeset)
        #expect(mine.rows == [[.integer(1), .text("Ann"), .integer(5)], [.integer(2), .text("Bob"), .integer(0)],
                              [.integer(10), .text("Zed"), .integer(5)]])
        #expect(mine.changeset == update.changeset)

        // Nothing of the transaction reached the committed state, which is intact.
        #expect(try await rows(db, "SELECT id, name, balance FROM users ORDER BY id") ==
                [[.integer(1), .text("Annie"), .integer(0)], [.integer(3), .text("Cy"), .integer(0)]])
        // At the latest snapshot the fast path sees the latest state.
        #expect(try await db.execute("SELECT count(*) FROM users", at: 5).rows == [[.integer(2)]])
        db.releaseSnapshot(snapshot)
        await #expect(throws: StoreError.self) { try await db.execute("SELECT 1", at: 6) }
        await db.close()
    }

    @Test(arguments: [false, true])
    func changesetsAndWriteKeysOfTwoTransactions(captureWithSession: Bool) async throws {
        let db = try await usersDatabase(captureWithSession: captureWithSession)
        let s = db.appliedIndex
        // T1: insert one row and change Bob's email (a unique key) and Ann's name (not a key).
        let t1a = try await db.execute("INSERT INTO users (id, email, name) VALUES (7, 'g@x', 'Gus')", at: s)
        let t1b = try await db.execute("UPDATE users SET email = 'bob@x' WHERE id = 2", at: s, ownChangeset: t1a.changeset)
        let t1 = try await db.execute("UPDATE users SET name = 'Anna' WHERE id = 1", at: s, ownChangeset: t1b.changeset)
        let t1Changes = try SQLiteChangeset.changes(t1.changeset)
        #expect(Set(t1Changes.map { "\($0.operation.rawValue) \($0.primaryKey)" }) == ["INSERT [7]", "UPDATE [2]", "UPDATE [1]"])
        #expect(t1.transactionRows == 3)
        let keys1 = try #require(t1.writeKeys).map(\.description)
        #expect(Set(keys1) == [
            "users(1)", "users(2)", "users(7)",
            "users.sqlite_autoindex_users_1('b@x')", "users.sqlite_autoindex_users_1('bob@x')",
            "users.sqlite_autoindex_users_1('g@x')",
        ])
        // T2 (concurrent, same snapshot): delete Ann; its key set shares users(1) with T1.
        let t2 = try await db.execute("DELETE FROM users WHERE id = 1", at: s)
        let keys2 = Set(try #require(t2.writeKeys))
        #expect(keys2.map(\.description).sorted() == ["users(1)", "users.sqlite_autoindex_users_1('a@x')"])
        #expect(!keys2.isDisjoint(with: try #require(t1.writeKeys)))
        // The same keys come back when derived from the committed changeset.
        try await db.apply(entries: [.changeset(s + 1, t1.changeset)])
        #expect(try await db.writeKeys(of: t1.changeset) == t1.writeKeys)
        #expect(try await rows(db, "SELECT id, email, name FROM users ORDER BY id") == [
            [.integer(1), .text("a@x"), .text("Anna")], [.integer(2), .text("bob@x"), .text("Bob")],
            [.integer(7), .text("g@x"), .text("Gus")],
        ])
        await db.close()
    }

    @Test func schemaEntryAfterSnapshotGivesOC001() async throws {
        let db = try await usersDatabase()
        let snapshot = db.appliedIndex
        try await applySchema(db, "ALTER TABLE users ADD COLUMN age INTEGER")
        do {
            _ = try await db.execute("SELECT * FROM users", at: snapshot)
            Issue.record("statement ran across a schema change")
        } catch {
            #expect(error == .dsql(.schemaConflict))
            #expect(error.dsqlError.message == "schema has been updated by another transaction (OC001)")
            #expect(error.dsqlError.sqlstate == "40001")
        }
        #expect(try await db.execute("SELECT count(*) FROM users", at: db.appliedIndex).rows == [[.integer(2)]])
        await db.close()
    }

    @Test func rowLimitAcceptsThreeThousandAndRejectsTheNext() async throws {
        let db = try await RegionDatabase.ephemeral()
        try await applySchema(db, "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)")
        let insert = "WITH RECURSIVE n(i) AS (SELECT ? UNION ALL SELECT i + 1 FROM n WHERE i < ?) INSERT INTO t SELECT i, 'x' FROM n"
        let ok = try await db.execute(insert, [.integer(1), .integer(3000)], at: 1)
        #expect(ok.transactionRows == 3000)
        #expect(ok.changesCount == 3000)
        do {
            _ = try await db.execute(insert, [.integer(3001), .integer(3001)], at: 1, ownChangeset: ok.changeset)
            Issue.record("3,001st row accepted")
        } catch {
            #expect(error == .dsql(DSQLError(sqlstate: "54000", message: "transaction row limit exceeded")))
        }
        await #expect(throws: StoreError.dsql(DSQLError(sqlstate: "54000", message: "transaction row limit exceeded"))) {
            try await db.execute(insert, [.integer(1), .integer(3001)], at: 1)
        }
        #expect(try await rows(db, "SELECT count(*) FROM t") == [[.integer(0)]])
        await db.close()
    }

    @Test func sizeLimitRejectsMoreThanTenMebibytes() async throws {
        let db = try await RegionDatabase.ephemeral()
        try await applySchema(db, "CREATE TABLE b (id INTEGER PRIMARY KEY, data BLOB)")
        let insert = "INSERT INTO b VALUES (?, zeroblob(?))"
        let first = try await db.execute(insert, [.integer(1), .integer(6 << 20)], at: 1)
        do {
            _ = try await db.execute(insert, [.integer(2), .integer(5 << 20)], at: 1, ownChangeset: first.changeset)
            Issue.record("11 MiB transaction accepted")
        } catch {
            #expect(error == .dsql(DSQLError(sqlstate: "54000", message: "transaction size limit 10mb exceeded",
                                             detail: "Current transaction size 11mb 10mb")))
        }
        await db.close()
    }

    @Test func undoInformationIsKeptForActiveSnapshotsAndPrunedOtherwise() async throws {
        let db = try await RegionDatabase.ephemeral(undoRetention: 2)
        try await applySchema(db, "CREATE TABLE t (id INTEGER PRIMARY KEY)")
        let held = db.acquireSnapshot()
        let loose = held
        for i in 1...100 { try await commitLocally(db, "INSERT INTO t VALUES (?)", [.integer(Int64(i))]) }
        // The held snapshot still works: 100 entries are undone.
        #expect(try await db.execute("SELECT count(*) FROM t", at: held).rows == [[.integer(0)]])
        #expect(try await db.execute("SELECT count(*) FROM t", at: held + 37).rows == [[.integer(37)]])
        db.releaseSnapshot(held)
        for i in 101...200 { try await commitLocally(db, "INSERT INTO t VALUES (?)", [.integer(Int64(i))]) }
        do {
            _ = try await db.execute("SELECT count(*) FROM t", at: loose)
            Issue.record("a pruned snapshot was served")
        } catch {
            guard case .snapshotUnavailable(let snapshot, let applied, _) = error else { Issue.record("\(error)"); return }
            #expect(snapshot == loose)
            #expect(applied == 201)
            #expect(error.dsqlError == .dataConflict)
        }
        #expect(try await db.execute("SELECT count(*) FROM t", at: 199).rows == [[.integer(198)]])
        await db.close()
    }

    @Test func transactionControlIsRefusedAndWaitForAppliedWakes() async throws {
        let db = try await usersDatabase()
        for sql in ["COMMIT", "  begin immediate", "ROLLBACK", "savepoint x", "ATTACH 'x' AS y", "VACUUM"] {
            await #expect(throws: StoreError.self, "\(sql)") { try await db.execute(sql, at: db.appliedIndex) }
        }
        #expect(try await rows(db, "SELECT count(*) FROM users") == [[.integer(2)]])
        let target = db.appliedIndex + 2
        let waiter = Task { try await db.waitForApplied(target) }
        try await commitLocally(db, "INSERT INTO users (id, email) VALUES (3, 'c@x')")
        try await commitLocally(db, "INSERT INTO users (id, email) VALUES (4, 'd@x')")
        try await waiter.value
        #expect(db.appliedIndex == target)
        try await db.waitForApplied(1)
        let never = Task { try await db.waitForApplied(target + 10) }
        await db.close()
        await #expect(throws: StoreError.closed) { try await never.value }
    }

    @Test func sqliteErrorsMapToPostgresSQLStates() async throws {
        let db = try await usersDatabase()
        let s = db.appliedIndex
        let cases: [(String, String)] = [
            ("INSERT INTO users (id, email) VALUES (1, 'dup@x')", "23505"),
            ("INSERT INTO users (id, email) VALUES (9, 'a@x')", "23505"),
            ("INSERT INTO users (id, email) VALUES (9, NULL)", "23502"),
            ("SELEC 1", "42601"),
        ]
        for (sql, sqlstate) in cases {
            do {
                _ = try await db.execute(sql, at: s)
                Issue.record("\(sql) succeeded")
            } catch {
                #expect(error.dsqlError.sqlstate == sqlstate, "\(sql): \(error)")
            }
        }
        await db.close()
    }
}
