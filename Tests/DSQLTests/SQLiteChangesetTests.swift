import Testing
@testable import DSQL

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
}
