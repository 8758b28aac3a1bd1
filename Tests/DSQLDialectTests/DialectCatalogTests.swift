import DSQLClient
import Foundation
import Testing
@testable import DSQLDialect

/// Catalog application: pure DDL -> (catalog, SQLite DDL), names, hidden keys, limits, Codable.
@Suite struct DialectCatalogTests {
    let ctx = DDLContext(jobID: "qfzv5uemkrg2lbczil2fim3o2q", timestamp: 0)

    func apply(_ sql: String, to c: Catalog = Catalog()) throws -> DDLApplication {
        try c.applying(try Parser.parse(sql), context: ctx)
    }

    @Test func createTableNamesConstraintsAndRendersSQLite() throws {
        let app = try apply("""
            CREATE TABLE accounts (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), owner text NOT NULL,
              balance numeric CHECK (balance >= 0), code char(3) UNIQUE, n int DEFAULT 7,
              UNIQUE (owner, code))
            """)
        let t = try #require(app.catalog.tables["accounts"])
        #expect(t.primaryKey == ["id"] && t.primaryKeyName == "accounts_pkey")
        #expect(t.uniques.map(\.name) == ["accounts_code_key", "accounts_owner_code_key"])
        #expect(t.checks == [CheckDef(name: "accounts_balance_check", exprSQL: "balance >= 0")])
        #expect(t.column("balance")?.type == PGType(.numeric, length: 18, scale: 6))
        #expect(t.column("id")?.notNull == true)
        #expect(t.column("n")?.defaultSQLite == "7")
        #expect(app.sqlite == [
            "CREATE TABLE \"accounts\" (\"id\" TEXT NOT NULL DEFAULT (rs_gen_random_uuid()), "
                + "\"owner\" TEXT NOT NULL, \"balance\" NUMERIC, \"code\" TEXT, \"n\" INT DEFAULT (7), "
                + "CONSTRAINT \"accounts_pkey\" PRIMARY KEY (\"id\"), CONSTRAINT \"accounts_code_key\" UNIQUE (\"code\"), "
                + "CONSTRAINT \"accounts_owner_code_key\" UNIQUE (\"owner\", \"code\"), "
                + "CONSTRAINT \"accounts_balance_check\" CHECK ((\"balance\" >= 0)))",
        ])
        #expect(app.commandTag == "CREATE TABLE" && app.catalog.version == 1)
    }

    @Test func tableWithoutPrimaryKeyGetsHiddenKey() throws {
        let c = try apply("CREATE TABLE logs (msg text)").catalog
        let t = try #require(c.tables["logs"])
        #expect(t.primaryKey == [TableDef.hiddenKeyColumn])
        #expect(t.visibleColumns.map(\.name) == ["msg"])
        let db = DialectTestDB()
        try db.run("CREATE TABLE logs (msg text)")
        try db.run("INSERT INTO logs VALUES ('a'), ('b')")
        let r = try db.run("SELECT * FROM logs ORDER BY msg")
        #expect(r.columns.map(\.name) == ["msg"] && r.text == [["a"], ["b"]])
        let keys = try db.raw("SELECT \"__rs_rowid\" FROM logs", []).0
        #expect(keys.count == 2 && keys[0] != keys[1])
        #expect(throws: DSQLError.undefinedColumn("__rs_rowid")) { try db.run("SELECT __rs_rowid FROM logs") }
        let lock = try Dialect.prepare("SELECT msg FROM logs WHERE msg = 'a' FOR UPDATE", catalog: db.catalog)
        #expect(try db.raw(lock.lockTargets[0].sql, []).0 == [keys[0]] || db.raw(lock.lockTargets[0].sql, []).0 == [keys[1]])
    }

    @Test func ddlErrorsAndLimits() throws {
        let base = try apply("CREATE TABLE t (id int PRIMARY KEY, a text)").catalog
        #expect(throws: DSQLError.duplicateTable("t")) { try apply("CREATE TABLE t (x int)", to: base) }
        #expect(try apply("CREATE TABLE IF NOT EXISTS t (x int)", to: base).notice == "relation \"t\" already exists, skipping")
        #expect(throws: DSQLError.undefinedTable("nope")) { try apply("DROP TABLE nope", to: base) }
        #expect(try apply("DROP TABLE IF EXISTS nope", to: base).sqlite.isEmpty)
        #expect(throws: DSQLError(sqlstate: "42P16", message: "multiple primary keys for table \"u\" are not allowed")) {
            try apply("CREATE TABLE u (a int PRIMARY KEY, b int, PRIMARY KEY (b))")
        }
        let cols = (0..<256).map { "c\($0) int" }.joined(separator: ", ")
        #expect(throws: DSQLError.tooManyColumns) { try apply("CREATE TABLE wide (\(cols))") }
        let nine = (0..<9).map { "c\($0)" }
        #expect(throws: DSQLError.tooManyKeyColumns) {
            try apply("CREATE TABLE k (\(nine.map { "\($0) int" }.joined(separator: ", ")), PRIMARY KEY (\(nine.joined(separator: ", "))))")
        }
        var c = try apply("CREATE TABLE ix (id int PRIMARY KEY, \((0..<30).map { "c\($0) int" }.joined(separator: ", ")))").catalog
        for i in 0..<23 { c = try apply("CREATE INDEX ASYNC i\(i) ON ix (c\(i))", to: c).catalog }
        #expect(throws: DSQLError.tooManyIndexes) { try apply("CREATE INDEX ASYNC i23 ON ix (c23)", to: c) }
        #expect(throws: DSQLError(sqlstate: "42703", message: "column \"zz\" does not exist")) {
            try apply("CREATE INDEX ASYNC bad ON t (zz)", to: base)
        }
        #expect(try apply("CREATE TABLE ip (id bigint PRIMARY KEY)").sqlite == ["CREATE TABLE \"ip\" (\"id\" INT NOT NULL, CONSTRAINT \"ip_pkey\" PRIMARY KEY (\"id\"))"])
        #expect(throws: DSQLError(sqlstate: "42701", message: "column \"a\" of relation \"t\" already exists")) {
            try apply("ALTER TABLE t ADD COLUMN a int", to: base)
        }
    }

    @Test func indexesAlterAndDrop() throws {
        var c = try apply("CREATE TABLE t (id int PRIMARY KEY, a text, b int)").catalog
        let ix = try apply("CREATE UNIQUE INDEX ASYNC ON t (a, b)", to: c)
        #expect(ix.resultRows == [[.text(ctx.jobID)]])
        #expect(ix.sqlite[0] == "CREATE UNIQUE INDEX \"t_a_b_idx\" ON \"t\" (\"a\", \"b\")")
        c = ix.catalog
        #expect(c.tables["t"]?.hasUniqueKey(["b", "a"]) == true)
        let add = try apply("ALTER TABLE t ADD COLUMN note varchar(10) DEFAULT 'x'", to: c)
        #expect(add.sqlite == ["ALTER TABLE \"t\" ADD COLUMN \"note\" TEXT DEFAULT ('x')"])
        c = add.catalog
        #expect(c.tables["t"]?.columns.map(\.name) == ["id", "a", "b", "note"])
        let drop = try apply("ALTER TABLE t DROP COLUMN note", to: c)
        #expect(drop.sqlite == ["ALTER TABLE \"t\" DROP COLUMN \"note\""])
        #expect(throws: DSQLError(sqlstate: "2BP01", message: "cannot drop index t_pkey because constraint t_pkey on table t requires it")) {
            try apply("DROP INDEX t_pkey", to: c)
        }
        let di = try apply("DROP INDEX t_a_b_idx", to: c)
        #expect(di.catalog.indexes.isEmpty && di.catalog.tables["t"]?.uniques.isEmpty == true)
    }

    @Test func catalogIsCodable() throws {
        var c = try apply("CREATE TABLE t (id bigint GENERATED BY DEFAULT AS IDENTITY (CACHE 65536) PRIMARY KEY, a jsonb)").catalog
        c = try apply("CREATE INDEX ASYNC ON t (id)", to: c).catalog
        c = try apply("CREATE SEQUENCE s CACHE 65536", to: c).catalog
        let data = try JSONEncoder().encode(c)
        #expect(try JSONDecoder().decode(Catalog.self, from: data) == c)
    }

    @Test func jobIDsLookLikeDSQL() {
        var rng = SystemRandomNumberGenerator()
        let id = JobID.generate(using: &rng)
        #expect(id.count == 26 && id.allSatisfy { "abcdefghijklmnopqrstuvwxyz234567".contains($0) })
    }
}
