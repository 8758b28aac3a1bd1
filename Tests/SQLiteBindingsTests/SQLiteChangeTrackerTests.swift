import Testing
@testable import SQLiteBindings

/// The pre-update-hook tracker must produce what a session object produces.
@Suite struct SQLiteChangeTrackerTests {
    static let schema = """
        CREATE TABLE k (a INTEGER NOT NULL, b TEXT NOT NULL, v REAL, w BLOB, PRIMARY KEY (a, b)) WITHOUT ROWID;
        CREATE TABLE u (id TEXT PRIMARY KEY NOT NULL, email TEXT UNIQUE, n INTEGER);
        CREATE TABLE r (id INTEGER PRIMARY KEY, note TEXT);
        INSERT INTO k VALUES (1, 'x', 1.5, x'00'), (2, 'y', NULL, NULL);
        INSERT INTO u VALUES ('u1', 'a@x', 1), ('u2', 'b@x', NULL);
        INSERT INTO r VALUES (1, 'one'), (2, 'two');
        """

    static let scripts = [
        "INSERT INTO k VALUES (3, 'z', 2.25, x'ff00')",
        "UPDATE u SET n = 7 WHERE id = 'u2'",
        "DELETE FROM r WHERE id = 1",
        "INSERT INTO r VALUES (5, 'five'); UPDATE r SET note = 'FIVE' WHERE id = 5",
        "INSERT INTO r VALUES (6, 'six'); DELETE FROM r WHERE id = 6",
        "UPDATE k SET b = 'q' WHERE a = 1",
        "UPDATE r SET note = note WHERE id = 2",
        "UPDATE u SET n = 9 WHERE id = 'u1'; UPDATE u SET n = 1 WHERE id = 'u1'",
        "DELETE FROM u WHERE id = 'u1'; INSERT INTO u VALUES ('u1', 'new@x', 1)",
        "UPDATE r SET id = id + 10",
        "INSERT INTO u VALUES ('é\u{1F600}', NULL, -9223372036854775808); UPDATE k SET v = -0.5, w = zeroblob(200) WHERE a = 2; DELETE FROM r",
        "UPDATE u SET email = 'c@x', n = n WHERE id = 'u2'",
        "INSERT INTO r VALUES (2, 'x') ON CONFLICT (id) DO UPDATE SET note = excluded.note || '!'",
        "INSERT INTO u VALUES ('u3', 'a@x', 3) ON CONFLICT (email) DO NOTHING",
        "INSERT OR REPLACE INTO u VALUES ('u9', 'a@x', 9)",
        "REPLACE INTO k VALUES (2, 'y', 7.0, x'01')",
        "INSERT INTO r SELECT id + 100, note FROM r RETURNING id",
    ]

    func database() throws -> SQLiteConnection {
        let db = try SQLiteConnection(path: temporaryDatabasePath())
        try db.exec(Self.schema)
        return db
    }

    @Test(arguments: scripts) func trackerMatchesSession(script: String) throws {
        let viaSession = try database()
        let viaTracker = try database()
        let replica = try database()
        defer { viaSession.close(); viaTracker.close(); replica.close() }

        let session = try SQLiteSession(viaSession)
        try session.attach()
        try viaSession.exec(script)
        let expected = try session.changeset()
        session.delete()

        let tracker = ChangeTracker(connection: viaTracker)
        tracker.begin()
        try viaTracker.exec("BEGIN; \(script)")
        let actual = try tracker.changeset()
        tracker.end()
        try viaTracker.exec("COMMIT")

        func summary(_ changeset: [UInt8]) throws -> [String] {
            try SQLiteChangeset.changes(changeset).map { "\($0.table) \($0.operation.rawValue) old=\($0.old) new=\($0.new)" }.sorted()
        }
        #expect(try summary(actual) == summary(expected), "\(script)")
        if try SQLiteChangeset.rowCount(expected) == 1 {
            #expect(actual == expected, "byte-identical for a single change: \(script)")
        }
        // sqlite's own apply accepts it and reproduces the state; the inverse undoes it.
        try replica.exec("BEGIN")
        try SQLiteChangeset.apply(actual, to: replica)
        for table in ["k", "u", "r"] {
            let dump = "SELECT * FROM \(table) ORDER BY 1, 2"
            #expect(try replica.query(dump).rows == viaSession.query(dump).rows, "\(script) table \(table)")
        }
        try SQLiteChangeset.apply(SQLiteChangeset.invert(actual), to: replica)
        try replica.exec("COMMIT")
        let pristine = try database()
        defer { pristine.close() }
        for table in ["k", "u", "r"] {
            let dump = "SELECT * FROM \(table) ORDER BY 1, 2"
            #expect(try replica.query(dump).rows == pristine.query(dump).rows, "inverse of \(script)")
        }
    }
}
