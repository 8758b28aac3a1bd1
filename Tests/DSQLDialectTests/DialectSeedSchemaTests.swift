import DSQLClient
import Testing
@testable import DSQLDialect

/// The seed's users schema, rewritten for DSQL, end to end on SQLite (seed-contract.md §3).
@Suite struct DialectSeedSchemaTests {
    static let createUsers = """
        CREATE TABLE users (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), name varchar(100) NOT NULL,
        email varchar(255) UNIQUE NOT NULL, created_at timestamp DEFAULT CURRENT_TIMESTAMP,
        updated_at timestamp DEFAULT CURRENT_TIMESTAMP)
        """

    func seeded() throws -> DialectTestDB {
        let db = DialectTestDB()
        #expect(try db.run(Self.createUsers).tag == "CREATE TABLE")
        let ix = try db.run("CREATE INDEX ASYNC idx_users_created_at ON users(created_at)")
        #expect(ix.tag == "CREATE INDEX" && ix.columns.map(\.name) == ["job_id"])
        let rows = [("John Doe", "john.doe@example.com"), ("Jane Smith", "jane.smith@example.com"),
                    ("Bob Johnson", "bob.johnson@example.com"), ("Alice Brown", "alice.brown@example.com"),
                    ("Charlie Wilson", "charlie.wilson@example.com")]
        for (i, (name, email)) in rows.enumerated() {
            db.state.transactionTimestamp = 1_700_000_000_000_000 + Int64(i) * 1_000_000
            let r = try db.run("INSERT INTO users (name, email) VALUES ($1, $2) ON CONFLICT (email) DO NOTHING",
                               [.text(name), .text(email)])
            #expect(r.tag == "INSERT 0 1")
        }
        return db
    }

    @Test func seedInsertsAndConflictsAreIgnored() throws {
        let db = try seeded()
        let again = try db.run("INSERT INTO users (name, email) VALUES ($1, $2) ON CONFLICT (email) DO NOTHING",
                               [.text("John Again"), .text("john.doe@example.com")])
        #expect(again.tag == "INSERT 0 0")
        let count = try db.run("SELECT COUNT(*) FROM users")
        #expect(count.columns == [ResultColumn(name: "count", type: .bigint)])
        #expect(count.text == [["5"]])
        #expect(count.tag == "SELECT 1")
    }

    @Test func listOrdersByCreatedAtDescWithLimit() throws {
        let db = try seeded()
        let r = try db.run("SELECT id, name, email, created_at, updated_at FROM users ORDER BY created_at DESC LIMIT $1",
                           [.text("3")])
        #expect(r.columns.map(\.name) == ["id", "name", "email", "created_at", "updated_at"])
        #expect(r.columns.map { $0.type.pgName } == ["uuid", "character varying(100)", "character varying(255)",
                                                     "timestamp without time zone", "timestamp without time zone"])
        #expect(r.text.map { $0[1] } == ["Charlie Wilson", "Alice Brown", "Bob Johnson"])
        #expect(r.text[0][3] == "2023-11-14 22:13:24")
        let id = try #require(r.text[0][0])
        #expect(PGCoercion.uuid(id) == id && id.count == 36)
    }

    @Test func insertReturningUsesTransactionTime() throws {
        let db = try seeded()
        db.state.transactionTimestamp = 1_732_406_400_123_456 // 2024-11-24 00:00:00.123456 UTC
        let r = try db.run("INSERT INTO users (name, email, created_at, updated_at) VALUES ($1, $2, NOW(), NOW()) RETURNING id, name, email, created_at",
                           [.text("Dana"), .text("dana@example.com")])
        #expect(r.tag == "INSERT 0 1")
        #expect(r.columns.map(\.name) == ["id", "name", "email", "created_at"])
        #expect(r.text[0][1...] == ["Dana", "dana@example.com", "2024-11-24 00:00:00.123456"])
        let byID = try db.run("SELECT name FROM users WHERE id = $1", [.text(r.text[0][0]!.uppercased())])
        #expect(byID.text == [["Dana"]])
    }

    @Test func constraintErrorsUsePostgresNames() throws {
        let db = try seeded()
        #expect(throws: DSQLError(sqlstate: "23505", message: "duplicate key value violates unique constraint \"users_email_key\"")) {
            try db.run("INSERT INTO users (name, email) VALUES ($1, $2)", [.text("X"), .text("john.doe@example.com")])
        }
        #expect(throws: DSQLError(sqlstate: "23502", message: "null value in column \"name\" of relation \"users\" violates not-null constraint")) {
            try db.run("INSERT INTO users (email) VALUES ('z@example.com')")
        }
        #expect(throws: DSQLError(sqlstate: "22001", message: "value too long for type character varying(100)")) {
            try db.run("INSERT INTO users (name, email) VALUES ($1, 'long@example.com')", [.text(String(repeating: "a", count: 101))])
        }
        #expect(throws: DSQLError(sqlstate: "22P02", message: "invalid input syntax for type uuid: \"abc\"")) {
            try db.run("SELECT * FROM users WHERE id = $1", [.text("abc")])
        }
        #expect(throws: DSQLError(sqlstate: "22P02", message: "invalid input syntax for type uuid: \"nope\"")) {
            try db.run("SELECT * FROM users WHERE id = 'nope'")
        }
    }

    @Test func jobsAreVisibleInSysJobs() throws {
        let db = try seeded()
        let r = try db.run("SELECT job_id, status, job_type, object_name FROM sys.jobs")
        #expect(r.text == [["job2", "completed", "INDEX_BUILD", "public.idx_users_created_at"]])
        let w = try db.run("CALL sys.wait_for_job('job2')")
        #expect(w.text == [["t"]] && w.tag == "CALL")
        #expect(db.catalog.indexes["idx_users_created_at"]?.jobID == "job2")
    }
}

extension DialectSeedSchemaTests {
    @Test func nowIsTransactionTimeAndUUIDsUseInjectedRandom() throws {
        let db = DialectTestDB()
        db.state.clock = { 86_400_000_000 }
        #expect(try db.run("SELECT now()").text == [["1970-01-02 00:00:00+00"]])
        db.state.transactionTimestamp = 1_000_000
        #expect(try db.run("SELECT now(), CURRENT_TIMESTAMP, current_date, localtimestamp").text
                == [["1970-01-01 00:00:01+00", "1970-01-01 00:00:01+00", "1970-01-01", "1970-01-01 00:00:01"]])
        #expect(try db.run("SELECT clock_timestamp()").text == [["1970-01-02 00:00:00+00"]])
        db.state.random = { 0 }
        #expect(try db.run("SELECT gen_random_uuid()").text == [["00000000-0000-4000-8000-000000000000"]])
        #expect(throws: DSQLError.notYetSupported("operator ~")) { try db.run("SELECT 'a' ~ 'b'") }
    }
}

extension DialectSeedSchemaTests {
    @Test func updateWithCoalesceChecksLengthOnAssignment() throws {
        let db = try seeded()
        let id = try #require(try db.run("SELECT id FROM users WHERE email = 'jane.smith@example.com'").text.first?.first ?? nil)
        let sql = "UPDATE users SET name = COALESCE($1, name), email = COALESCE($2, email), updated_at = NOW() WHERE id = $3 RETURNING id, name, email"
        let r = try db.run(sql, [.text("Janet"), .null, .text(id)])
        #expect(r.tag == "UPDATE 1" && r.text == [[id, "Janet", "jane.smith@example.com"]])
        #expect(throws: DSQLError.valueTooLong("character varying(100)")) {
            try db.run(sql, [.text(String(repeating: "n", count: 101)), .null, .text(id)])
        }
        #expect(try db.run("SELECT 1").columns == [ResultColumn(name: "?column?", type: .integer)])
        #expect(try db.run("DELETE FROM users WHERE id = $1 RETURNING id", [.text(id)]).tag == "DELETE 1")
    }
}

extension DialectSeedSchemaTests {
    @Test func seedVerificationQueriesReadTheCatalog() throws {
        let db = try seeded()
        let cols = try db.run("SELECT column_name, data_type, is_nullable, character_maximum_length FROM information_schema.columns WHERE table_name = 'users' ORDER BY ordinal_position")
        #expect(cols.text == [["id", "uuid", "NO", nil], ["name", "character varying", "NO", "100"],
                              ["email", "character varying", "NO", "255"], ["created_at", "timestamp without time zone", "YES", nil],
                              ["updated_at", "timestamp without time zone", "YES", nil]])
        let ix = try db.run("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'users' ORDER BY indexname")
        #expect(ix.text == [["idx_users_created_at", "CREATE INDEX idx_users_created_at ON public.users USING btree (created_at)"],
                            ["users_email_key", "CREATE UNIQUE INDEX users_email_key ON public.users USING btree (email)"],
                            ["users_pkey", "CREATE UNIQUE INDEX users_pkey ON public.users USING btree (id)"]])
        #expect(try db.run("SELECT table_name FROM information_schema.tables").text == [["users"]])
        #expect(try DialectTestDB().run("SELECT count(*) FROM pg_catalog.pg_indexes").text == [["0"]])
    }
}

extension DialectSeedSchemaTests {
    /// The seed API Lambda's three statements (seed-contract.md §2.3), `?` placeholders numbered.
    @Test func seedLambdaStatements() throws {
        let db = try seeded()
        let create = try Parser.numberQuestionMarks("INSERT INTO users (name, email, created_at, updated_at) VALUES (?, ?, NOW(), NOW()) RETURNING id, name, email, created_at")
        #expect(try db.run(create, [.text("Eve"), .text("eve@example.com")]).text.first?[1] == "Eve")
        let list = try Parser.numberQuestionMarks("SELECT id, name, email, created_at, updated_at FROM users ORDER BY created_at DESC LIMIT ?")
        #expect(try db.run(list, [.integer(100)]).rows.count == 6)
        let health = try db.run("SELECT 1 as health_check")
        #expect(health.columns == [ResultColumn(name: "health_check", type: .integer)] && health.text == [["1"]])
    }
}
