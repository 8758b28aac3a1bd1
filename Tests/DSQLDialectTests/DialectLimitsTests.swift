import DSQLClient
import Testing
@testable import DSQLDialect

/// Issue 10 at the dialect level: bounded nesting, operator chains of any length, `$n` checks,
/// NUL in text and escapes, aggregates per clause, and SQLite's errors in PostgreSQL's terms.
@Suite struct DialectLimitsTests {
    static func prepare(_ sql: String, _ db: DialectTestDB) throws(DSQLError) -> PreparedStatement {
        try Dialect.prepare(sql, catalog: db.catalog)
    }

    @Test func longChainsRenderForSQLite() throws {
        let db = DialectTestDB()
        try db.run("CREATE TABLE t (id int PRIMARY KEY, a int, b text)")
        try db.run("INSERT INTO t VALUES (1, 1, 'x'), (7000, 2, 'y'), (20000, 3, 'z')")
        let or = "SELECT count(*) FROM t WHERE " + (1...10_000).map { "id = \($0)" }.joined(separator: " OR ")
        #expect(try db.run(or).text == [["2"]])
        let and = "SELECT count(*) FROM t WHERE " + (1...10_000).map { "id <> \($0 + 30_000)" }.joined(separator: " AND ")
        #expect(try db.run(and).text == [["3"]])
        #expect(try db.run("SELECT " + Array(repeating: "1", count: 2000).joined(separator: "+")).text == [["2000"]])
        #expect(try db.run("SELECT " + Array(repeating: "a", count: 5000).joined(separator: " + ") + " FROM t WHERE id = 1").text == [["5000"]])
        #expect(try db.run("SELECT " + Array(repeating: "2", count: 40).joined(separator: " * ")).text == [["1099511627776"]])
        let cat = try db.run("SELECT " + Array(repeating: "b", count: 3000).joined(separator: " || ") + " FROM t WHERE id = 1")
        #expect(cat.text.first?.first??.count == 3000)
        // Mixed precedence: an OR of ANDs, each run rendered in a loop.
        let mixed = "SELECT count(*) FROM t WHERE " + (1...3000).map { "(id = \($0) AND a = 1)" }.joined(separator: " OR ")
        #expect(try db.run(mixed).text == [["1"]])
        // Short chains keep PostgreSQL's left-to-right order (integer division).
        #expect(try db.run("SELECT 100 / 10 / 5, 10 - 4 - 3").text == [["2", "3"]])
    }

    @Test func nestingPastTheLimitAnswers54001WithPostgreSQLsHint() {
        let deep = [
            "SELECT " + String(repeating: "(", count: 300) + "1" + String(repeating: ")", count: 300),
            "SELECT " + String(repeating: "NOT ", count: 300) + "true",
            "SELECT " + String(repeating: "- ", count: 300) + "1",
            "SELECT 1" + String(repeating: "::int", count: 300),
            "SELECT 1" + String(repeating: " IS NULL", count: 300),
            "SELECT " + String(repeating: "abs(", count: 300) + "1" + String(repeating: ")", count: 300),
            "SELECT " + String(repeating: "(SELECT ", count: 300) + "1" + String(repeating: ")", count: 300),
            String(repeating: "(", count: 300) + "SELECT 1" + String(repeating: ")", count: 300),
            "SELECT 1 FROM " + String(repeating: "(", count: 300) + "t" + String(repeating: ")", count: 300),
            "SELECT 1 FROM t" + String(repeating: " JOIN t ON true", count: 300),
            "SELECT " + String(repeating: "CASE WHEN true THEN ", count: 300) + "1" + String(repeating: " END", count: 300),
        ]
        for sql in deep {
            #expect(throws: DSQLError.stackDepthExceeded, "\(sql.prefix(30))") { try Parser.parse(sql) }
        }
        #expect(DSQLError.stackDepthExceeded.hint ==
            "Increase the configuration parameter \"max_stack_depth\" (currently 2048kB), after ensuring the platform's stack depth limit is adequate.")
        // Long non-associative runs exceed what SQLite evaluates: refused before SQLite sees them.
        let db = DialectTestDB()
        #expect(throws: DSQLError.stackDepthExceeded) { try db.run("SELECT " + Array(repeating: "1", count: 500).joined(separator: "/")) }
        // Nested CASE renders each condition once: 150 levels prepare at once (2^150 before).
        let cases = "SELECT " + String(repeating: "CASE WHEN true THEN ", count: 150) + "'a'" + String(repeating: " ELSE 'b' END", count: 150)
        #expect(throws: Never.self) { _ = try Dialect.prepare(cases, catalog: Catalog()) }
    }

    @Test func parameterNumbersFollowPostgreSQL() {
        #expect(throws: DSQLError.noParameter(0)) { try Parser.parse("SELECT $0") }
        #expect(throws: DSQLError.noParameter(2_147_483_647)) { try Parser.parse("SELECT $2147483647") }
        #expect(throws: DSQLError.syntax("parameter number too large at or near \"$2147483648\"")) { try Parser.parse("SELECT $2147483648") }
        #expect(throws: DSQLError.syntax("trailing junk after parameter at or near \"$1a\"")) { try Parser.parse("SELECT $1a") }
        // A huge but valid number allocates nothing at parse time; the session checks the count.
        #expect(throws: Never.self) { _ = try Parser.parse("SELECT $536870911") }
        #expect(DSQLError.bindCountMismatch(supplied: 0, required: 2).message
            == "bind message supplies 0 parameters, but prepared statement \"\" requires 2")
        #expect(throws: DSQLError.noParameter(1)) { try Parser.parse("CREATE TABLE c (id int PRIMARY KEY, v int CHECK (v > $1))") }
        #expect(throws: DSQLError.noParameter(2)) { try Parser.parse("CREATE TABLE c (id int PRIMARY KEY, v int DEFAULT $2)") }
    }

    @Test func numericLiteralsFollowPostgreSQL16() throws {
        let db = DialectTestDB()
        #expect(try db.run("SELECT 0x1F, 0o17, 0b101, 1_000_000, 1_0.2_5, 1.5e1_0").text ==
            [["31", "15", "5", "1000000", "10.25", "15000000000"]])
        #expect(throws: DSQLError.syntax("trailing junk after numeric literal at or near \"123abc\"")) { try Parser.parse("SELECT 123abc") }
        #expect(throws: DSQLError.syntax("trailing junk after numeric literal at or near \"0x\"")) { try Parser.parse("SELECT 0x") }
        #expect(throws: DSQLError.syntax("trailing junk after numeric literal at or near \"1_\"")) { try Parser.parse("SELECT 1_") }
        #expect(throws: DSQLError.outOfRange("bigint")) { try Parser.parse("SELECT 0xFFFFFFFFFFFFFFFFFF") }
        #expect(try db.run("SELECT 1 FROM (SELECT 1 AS x) s WHERE x BETWEEN 0 AND 2").text == [["1"]])
    }

    @Test func longAdditiveRunsMixingPlusAndMinus() throws {
        let db = DialectTestDB()
        let terms = (1...2000).map { $0 % 3 == 0 ? "- \($0)" : "+ \($0)" }.joined(separator: " ")
        let expected = (1...2000).reduce(0) { $1 % 3 == 0 ? $0 - $1 : $0 + $1 }
        #expect(try db.run("SELECT 0 " + terms).text == [[String(expected)]])
        #expect(try db.run("SELECT " + Array(repeating: "1", count: 2000).joined(separator: "-")).text == [["-1998"]])
    }

    @Test func nulIsRefusedInTextAndEscapes() throws {
        let nul = DSQLError.nulInText
        #expect(nul.sqlstate == "22021" && nul.message == "invalid byte sequence for encoding \"UTF8\": 0x00")
        #expect(throws: nul) { try Parser.parse("SELECT 'a\u{0}b'") }
        #expect(throws: nul) { try Parser.parse("SELECT 1 -- \u{0}") }
        #expect(throws: nul) { try Parser.parse(#"SELECT E'a\000b'"#) }
        #expect(throws: nul) { try Parser.parse(#"SELECT E'\x00'"#) }
        #expect(throws: DSQLError.syntax(#"invalid Unicode escape value at or near "\u0000""#)) { try Parser.parse(#"SELECT E'\u0000'"#) }
        #expect(throws: DSQLError(sqlstate: "22021", message: "invalid byte sequence for encoding \"UTF8\": 0xc3")) {
            try Parser.parse(#"SELECT E'\xC3'"#)
        }
        let db = DialectTestDB()
        #expect(try db.run(#"SELECT E'\x41\101\u00e9\U0001F600\uD83D\uDE00\q'"#).text == [["AAé😀😀q"]])
    }

    @Test func aggregatesAreRefusedPerClause() throws {
        let db = DialectTestDB()
        try db.run("CREATE TABLE g (id int PRIMARY KEY, a int)")
        let cases: [(String, String)] = [
            ("SELECT count(count(*)) FROM g", "aggregate function calls cannot be nested"),
            ("SELECT 1 FROM g WHERE sum(a) > 0", "aggregate functions are not allowed in WHERE"),
            ("SELECT 1 FROM g GROUP BY max(a)", "aggregate functions are not allowed in GROUP BY"),
            ("SELECT 1 FROM g g1 JOIN g g2 ON count(*) > 0", "aggregate functions are not allowed in JOIN conditions"),
            ("SELECT 1 FROM g LIMIT count(*)", "aggregate functions are not allowed in LIMIT"),
            ("INSERT INTO g VALUES (1, count(*))", "aggregate functions are not allowed in VALUES"),
            ("UPDATE g SET a = sum(a)", "aggregate functions are not allowed in UPDATE"),
            ("DELETE FROM g RETURNING max(a)", "aggregate functions are not allowed in RETURNING"),
            ("SELECT * FROM g ORDER BY count(*)", "column \"g.id\" must appear in the GROUP BY clause or be used in an aggregate function"),
        ]
        for (sql, message) in cases {
            #expect(throws: DSQLError(sqlstate: "42803", message: message), "\(sql)") { try Self.prepare(sql, db) }
        }
        #expect(try db.run("SELECT count(*) FROM g ORDER BY count(*)").text == [["0"]])
    }

    @Test func sqliteMessagesAreTranslated() {
        let t = { (code: Int32, msg: String) in DialectErrors.translate(sqliteCode: code, message: msg) }
        #expect(t(1, "parser stack overflow") == .stackDepthExceeded)
        #expect(t(1, "Expression tree is too large (maximum depth 1000)") == .stackDepthExceeded)
        #expect(t(1, "misuse of aggregate function count()")?.sqlstate == "42803")
        #expect(t(1, "misuse of aggregate: sum()")?.sqlstate == "42803")
        #expect(t(1, "unrecognized token: \"'a\"") == .syntaxNear("'a"))
        #expect(t(1, "near \"FROM\": syntax error") == .syntaxNear("FROM"))
        #expect(t(1, "malformed JSON")?.sqlstate == "22P02")
        #expect(t(1, "too many terms in compound SELECT")?.sqlstate == "54001")
        // Anything else: XX000 in this emulator's words, never SQLite's.
        let other = t(1, "some new sqlite message")
        #expect(other?.sqlstate == "XX000" && other?.message.contains("sqlite message") == false)
        // Disk full, corruption, busy and constraints stay with the store's own mapping.
        for code: Int32 in [5, 11, 13, 19] { #expect(t(code, "x") == nil) }
    }
}
