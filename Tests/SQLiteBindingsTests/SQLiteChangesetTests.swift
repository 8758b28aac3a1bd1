import Testing
@testable import SQLiteBindings

@Suite struct SQLiteChangesetTests {
    /// Runs `sql` under a fresh session and returns the changeset.
    func record(_ db: SQLiteConnection, _ sql: String) throws -> [UInt8] {
        let session = try SQLiteSession(db)
        try session.attach()
        try db.exec(sql)
        return try session.changeset()
    }

    @Test func sessionRecordsChangesAndIteratorListsThem() throws {
        let db = try SQLiteConnection(path: temporaryDatabasePath())
        defer { db.close() }
        try db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT); INSERT INTO t VALUES (1, 'a'), (2, 'b')")
        let changeset = try record(db, "INSERT INTO t VALUES (3, 'c'); UPDATE t SET v = 'B' WHERE id = 2; DELETE FROM t WHERE id = 1")
        let changes = try SQLiteChangeset.changes(changeset)
        let summary = changes.map { "\($0.operation.rawValue) \($0.table) \($0.primaryKey)" }.sorted()
        #expect(summary == ["DELETE t [1]", "INSERT t [3]", "UPDATE t [2]"])
        let update = try #require(changes.first { $0.operation == .update })
        #expect(update.old == [.integer(2), .text("b")])
        #expect(update.new == [nil, .text("B")])
        #expect(try SQLiteChangeset.rowCount(changeset) == 3)
    }

    @Test func invertUndoesAndConcatCombines() throws {
        let db = try SQLiteConnection(path: temporaryDatabasePath())
        defer { db.close() }
        try db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT); INSERT INTO t VALUES (1, 'a')")
        let first = try record(db, "INSERT INTO t VALUES (2, 'b')")
        let second = try record(db, "UPDATE t SET v = 'z' WHERE id = 1")
        try db.exec("BEGIN")
        try SQLiteChangeset.apply(SQLiteChangeset.concat(first, second), to: db, invert: true)
        #expect(try db.query("SELECT id, v FROM t").rows == [[.integer(1), .text("a")]])
        try db.exec("ROLLBACK")
        try db.exec("BEGIN")
        try SQLiteChangeset.apply(SQLiteChangeset.invert(second), to: db)
        try SQLiteChangeset.apply(SQLiteChangeset.invert(first), to: db)
        #expect(try db.query("SELECT id, v FROM t").rows == [[.integer(1), .text("a")]])
        try db.exec("ROLLBACK")
        #expect(try db.query("SELECT count(*) FROM t").rows == [[.integer(2)]])
    }

    @Test func applyAbortsOnEveryConflictKind() throws {
        let origin = try SQLiteConnection(path: temporaryDatabasePath())
        let replica = try SQLiteConnection(path: temporaryDatabasePath())
        defer { origin.close(); replica.close() }
        for db in [origin, replica] {
            try db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT); INSERT INTO t VALUES (1, 'a')")
        }
        try replica.exec("INSERT INTO t VALUES (2, 'x'); UPDATE t SET v = 'diverged' WHERE id = 1")
        let cases: [(String, ChangesetConflict.Kind)] = [
            ("INSERT INTO t VALUES (2, 'b')", .conflict),
            ("UPDATE t SET v = 'q' WHERE id = 1", .data),
            ("INSERT INTO t VALUES (5, 'e')", .notFound),
        ]
        try origin.exec("INSERT INTO t VALUES (5, 'e')")
        for (sql, kind) in cases {
            let changeset: [UInt8]
            if kind == .notFound {
                changeset = try record(origin, "DELETE FROM t WHERE id = 5")
            } else {
                try origin.exec("BEGIN")
                changeset = try record(origin, sql)
                try origin.exec("ROLLBACK")
            }
            try replica.exec("BEGIN")
            do {
                try SQLiteChangeset.apply(changeset, to: replica)
                Issue.record("\(sql): applied despite a conflict")
            } catch {
                guard case .conflict(let conflict) = error else { Issue.record("\(error)"); continue }
                #expect(conflict.kind == kind, "\(sql)")
                #expect(conflict.change?.table == "t")
            }
            try replica.exec("ROLLBACK")
        }
        #expect(try replica.query("SELECT id, v FROM t ORDER BY id").rows ==
                [[.integer(1), .text("diverged")], [.integer(2), .text("x")]])
    }

    /// The cached-statement applier must agree with sqlite3changeset_apply: same resulting rows,
    /// same inverse behaviour, and the same conflict kinds.
    @Test(arguments: [false, true]) func applierMatchesSQLiteApply(useApplier: Bool) throws {
        let schema = """
            CREATE TABLE k (a INTEGER NOT NULL, b TEXT NOT NULL, v REAL, w BLOB, PRIMARY KEY (a, b)) WITHOUT ROWID;
            CREATE TABLE u (id INTEGER PRIMARY KEY, email TEXT UNIQUE, note TEXT);
            INSERT INTO k VALUES (1, 'x', 1.5, x'00'), (2, 'y', NULL, NULL);
            INSERT INTO u VALUES (1, 'a@x', NULL), (2, 'b@x', 'n');
            """
        let origin = try SQLiteConnection(path: temporaryDatabasePath())
        let replica = try SQLiteConnection(path: temporaryDatabasePath())
        defer { origin.close(); replica.close() }
        try origin.exec(schema)
        try replica.exec(schema)
        let applier = ChangesetApplier(connection: replica)
        func apply(_ changeset: [UInt8], invert: Bool = false) throws(ChangesetApplyError) {
            if useApplier { try applier.apply(changeset, invert: invert) } else {
                try SQLiteChangeset.apply(changeset, to: replica, invert: invert)
            }
        }
        let dump = "SELECT a, b, v, w FROM k ORDER BY a, b"
        let dumpU = "SELECT id, email, note FROM u ORDER BY id"
        let before = (try replica.query(dump).rows, try replica.query(dumpU).rows)
        let changeset = try record(origin, """
            INSERT INTO k VALUES (3, 'z', 2.5, x'ff'); UPDATE k SET v = 9 WHERE a = 2; DELETE FROM k WHERE a = 1;
            UPDATE u SET email = 'c@x', note = NULL WHERE id = 2; INSERT INTO u VALUES (5, NULL, 'e'); DELETE FROM u WHERE id = 1;
            UPDATE k SET b = 'q' WHERE a = 3
            """)
        try replica.exec("BEGIN")
        try apply(changeset)
        #expect(try replica.query(dump).rows == origin.query(dump).rows)
        #expect(try replica.query(dumpU).rows == origin.query(dumpU).rows)
        try apply(changeset, invert: true)
        #expect(try replica.query(dump).rows == before.0)
        #expect(try replica.query(dumpU).rows == before.1)
        try replica.exec("ROLLBACK")

        // Conflicts: the replica's row 2 of u differs; row 9 is missing; key 1 exists.
        try replica.exec("UPDATE u SET note = 'diverged' WHERE id = 2")
        let cases: [(String, ChangesetConflict.Kind)] = [
            ("UPDATE u SET note = 'm' WHERE id = 2", .data),
            ("DELETE FROM u WHERE id = 2", .data),
            ("INSERT INTO u VALUES (9, 'z@x', NULL)", .conflict),  // replica gets 9 below
            ("UPDATE u SET note = 'm' WHERE id = 1", .unknown),  // applies cleanly
            ("INSERT INTO u VALUES (10, 'a@x', NULL)", .constraint),
        ]
        try replica.exec("INSERT INTO u VALUES (9, 'other@x', NULL)")
        for (sql, kind) in cases {
            try origin.exec("BEGIN")
            let changes = try record(origin, sql)
            try origin.exec("ROLLBACK")
            try replica.exec("BEGIN")
            defer { try? replica.exec("ROLLBACK") }
            do {
                try apply(changes)
                #expect(kind == .unknown, "\(sql) applied, expected \(kind)")
            } catch {
                guard case .conflict(let conflict) = error else { Issue.record("\(sql): \(error)"); continue }
                #expect(conflict.kind == kind, "\(sql) (applier: \(useApplier))")
            }
        }
        try origin.exec("DELETE FROM u WHERE id = 1")
        let missing = try record(origin, "UPDATE u SET note = 'gone' WHERE id = 2")
        try replica.exec("BEGIN; DELETE FROM u WHERE id = 2")
        do {
            try apply(missing)
            Issue.record("update of a missing row applied")
        } catch {
            guard case .conflict(let conflict) = error else { Issue.record("\(error)"); return }
            #expect(conflict.kind == .notFound)
        }
        try replica.exec("ROLLBACK")
    }
}
