import DSQLClient
import Testing
@testable import DSQLDialect

/// Value conversion, output formatting, LIKE, rendering goldens and transaction rules.
@Suite struct DialectValueTests {
    @Test func timestampsParseAndFormat() {
        #expect(PGDateTime.parseTimestamp("1970-01-01", applyZone: true) == 0)
        #expect(PGDateTime.parseTimestamp("2024-02-29T12:30:00.25Z", applyZone: true) == 1_709_209_800_250_000)
        #expect(PGDateTime.parseTimestamp("2024-02-29 14:30:00.25+02:00", applyZone: true) == 1_709_209_800_250_000)
        #expect(PGDateTime.parseTimestamp("2024-02-29 14:30:00.25+02", applyZone: false) == 1_709_217_000_250_000)
        #expect(PGDateTime.parseTimestamp("2023-02-29", applyZone: false) == nil)
        #expect(PGDateTime.parseTimestamp("2024-01-01 25:00", applyZone: false) == nil)
        #expect(PGDateTime.format(-1, zone: false) == "1969-12-31 23:59:59.999999")
        #expect(PGDateTime.format(1_709_209_800_250_000, zone: true) == "2024-02-29 12:30:00.250000+00")
        #expect(PGDateTime.outputForm("2024-02-29 12:30:00.250000+00") == "2024-02-29 12:30:00.25+00")
        #expect(PGDateTime.outputForm("2024-02-29 12:30:00.000000") == "2024-02-29 12:30:00")
    }

    @Test func coercionsFollowPostgres() throws {
        #expect(try PGCoercion.coerce(.text(" 42 "), to: .integer, explicit: false) == .integer(42))
        #expect(try PGCoercion.coerce(.real(2.5), to: .integer, explicit: false) == .integer(3))
        #expect(try PGCoercion.coerce(.text("A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11"), to: .uuid, explicit: false)
                == .text("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"))
        #expect(try PGCoercion.coerce(.text("yes"), to: .boolean, explicit: false) == .integer(1))
        #expect(try PGCoercion.coerce(.text("abcdef"), to: PGType(.varchar, length: 3), explicit: true) == .text("abc"))
        #expect(try PGCoercion.coerce(.text("ab   "), to: PGType(.varchar, length: 3), explicit: false) == .text("ab "))
        #expect(try PGCoercion.coerce(.text("ab  "), to: PGType(.char, length: 4), explicit: false) == .text("ab"))
        #expect(PGText.format(.text("ab"), as: PGType(.char, length: 4)) == "ab  ")
        #expect(PGJSON.jsonb(#"{"b":[1,2.50,{"z":null,"a":true}],"aa":"x\\ny","b":false}"#) == #"{"b": false, "aa": "x\\ny"}"#)
        #expect(PGJSON.jsonb("[1,]") == nil && PGJSON.jsonb("01") == nil && PGJSON.jsonb(#""\u00e9""#) == "\"é\"")
        #expect(try PGCoercion.coerce(.text("\\x00ff"), to: PGType(.bytea), explicit: false) == .blob([0, 255]))
        #expect(try PGCoercion.coerce(.text("2.345"), to: PGType(.numeric, length: 5, scale: 2), explicit: false) == .real(2.35))
        #expect(try PGCoercion.coerce(.text("2024-05-06 07:08:09+00"), to: PGType(.date), explicit: false) == .text("2024-05-06"))
        #expect(throws: DSQLError.invalidInput("integer", "1.5")) { try PGCoercion.coerce(.text("1.5"), to: .integer, explicit: false) }
        #expect(throws: DSQLError.valueTooLong("character(2)")) {
            try PGCoercion.coerce(.text("abc"), to: PGType(.char, length: 2), explicit: false)
        }
    }

    @Test func outputText() {
        #expect(PGText.format(.integer(1), as: .boolean) == "t")
        #expect(PGText.format(.integer(5), as: PGType(.numeric, length: 10, scale: 2)) == "5.00")
        #expect(PGText.format(.real(-1.5), as: PGType(.numeric, length: 10, scale: 3)) == "-1.500")
        #expect(PGText.format(.real(3), as: .double) == "3")
        #expect(PGText.format(.real(0.1 + 0.2), as: .numeric) == "0.3")
        #expect(PGText.format(.real(0.1 + 0.2), as: .double) == "0.30000000000000004")
        #expect(PGText.format(.real(-1234.5), as: .numeric) == "-1234.5")
        #expect(PGText.format(.real(0.1), as: .double) == "0.1")
        #expect(PGText.format(.blob([1, 171]), as: PGType(.bytea)) == "\\x01ab")
        #expect(PGText.format(.null, as: .text) == nil)
        #expect(PGText.jsonValue(.integer(0), as: .boolean) == .bool(false))
    }

    @Test(arguments: [
        ("hello", "h%o", false, true), ("hello", "H%", false, false), ("hello", "H%", true, true),
        ("hello", "h_llo", false, true), ("hello", "%ll%", false, true), ("hello", "%x%", false, false),
        ("50%", "50\\%", false, true), ("500", "50\\%", false, false), ("", "%", false, true), ("abc", "a%c%", false, true),
    ])
    func likeMatching(value: String, pattern: String, ci: Bool, expected: Bool) throws {
        #expect(try PGLike.matches(value, pattern: pattern, caseInsensitive: ci) == expected)
    }

    @Test(arguments: [
        ("SELECT id FROM users WHERE email = $1",
         "SELECT \"users\".\"id\" AS \"id\" FROM \"users\" AS \"users\" WHERE (\"users\".\"email\" = rs_cast(?1, 'text'))"),
        ("SELECT name FROM users ORDER BY created_at DESC LIMIT $1",
         "SELECT \"users\".\"name\" AS \"name\" FROM \"users\" AS \"users\" ORDER BY \"users\".\"created_at\" DESC NULLS FIRST LIMIT rs_limit(?1, 'LIMIT')"),
        ("SELECT * FROM users u WHERE u.id = 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11'",
         "SELECT \"u\".\"id\" AS \"id\", \"u\".\"name\" AS \"name\", \"u\".\"email\" AS \"email\", \"u\".\"created_at\" AS \"created_at\" FROM \"users\" AS \"u\" WHERE (\"u\".\"id\" = 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11')"),
        ("DELETE FROM users WHERE name ILIKE $1 RETURNING id",
         "DELETE FROM \"users\" WHERE rs_ilike(\"users\".\"name\", ?1) RETURNING \"id\" AS \"id\""),
        ("UPDATE users SET name = $1 WHERE id = $2",
         "UPDATE \"users\" SET \"name\" = rs_coerce(?1, 'varchar:100') WHERE (\"users\".\"id\" = rs_cast(?2, 'uuid'))"),
        ("INSERT INTO users (name, email) VALUES ($1, $2) ON CONFLICT (email) DO NOTHING",
         "INSERT INTO \"users\" (\"name\", \"email\") VALUES (rs_coerce(?1, 'varchar:100'), rs_coerce(?2, 'text')) ON CONFLICT (\"email\") DO NOTHING"),
        ("SELECT count(*) FROM users WHERE created_at > now()",
         "SELECT count(*) AS \"count\" FROM \"users\" AS \"users\" WHERE (rs_cast(\"users\".\"created_at\", 'timestamptz') > rs_now())"),
    ])
    func rendersGoldenSQL(pg: String, sqlite: String) throws {
        var c = Catalog()
        c = try c.applying(try Parser.parse("CREATE TABLE users (id uuid PRIMARY KEY, name varchar(100) NOT NULL, email text UNIQUE, created_at timestamp)"),
                           context: DDLContext(jobID: "j", timestamp: 0)).catalog
        #expect(try Dialect.prepare(pg, catalog: c).sql == sqlite)
    }

    @Test func transactionRules() throws {
        let c = try Catalog().applying(try Parser.parse("CREATE TABLE t (id int PRIMARY KEY)"), context: DDLContext(jobID: "j", timestamp: 0)).catalog
        let ddl = try Dialect.prepare("CREATE TABLE u (id int PRIMARY KEY)", catalog: c)
        let ins = try Dialect.prepare("INSERT INTO t VALUES (1)", catalog: c)
        let sel = try Dialect.prepare("SELECT * FROM t", catalog: c)
        var r = TransactionRules(startedAt: 0)
        try r.admit(ddl, now: 1)
        try r.admit(sel, now: 2)
        #expect(throws: DSQLError.ddlAndDML) { try r.admit(ins, now: 3) }
        #expect(throws: DSQLError.multipleDDL) { try r.admit(ddl, now: 3) }
        var w = TransactionRules(startedAt: 0)
        try w.admit(ins, now: 1)
        #expect(throws: DSQLError.ddlAndDML) { try w.admit(ddl, now: 2) }
        try w.recordWrite(rows: 3000, bytes: 10)
        #expect(throws: DSQLError.rowLimitExceeded) { try w.recordWrite(rows: 1, bytes: 10) }
        var big = TransactionRules(startedAt: 0)
        #expect(throws: DSQLError.sizeLimitExceeded(megabytes: 11)) { try big.recordWrite(rows: 1, bytes: 10 * 1024 * 1024 + 1) }
        var old = TransactionRules(startedAt: 0)
        #expect(throws: DSQLError.transactionAgeExceeded) { try old.admit(sel, now: 300_000_001) }
    }
}

extension DialectValueTests {
    @Test func oversizedValuesHitTheColumnLimit() throws {
        let big = SQLValue.text(String(repeating: "x", count: PGCoercion.maxColumnBytes + 1))
        #expect(throws: DSQLError.maximumColumnSizeExceeded) { try PGCoercion.coerce(big, to: .text, explicit: false) }
        #expect(try PGCoercion.coerce(big, to: .text, explicit: true) == big)
    }

    @Test func regionsApplyingTheSameDDLTextAgree() throws {
        let ctx = DDLContext(jobID: "abc", timestamp: 42)
        let a = try Catalog().applying(sql: "CREATE TABLE t (id uuid PRIMARY KEY, n int)", context: ctx)
        let b = try Catalog().applying(sql: "CREATE TABLE t (id uuid PRIMARY KEY, n int)", context: ctx)
        #expect(a == b)
        #expect(throws: DSQLError(sqlstate: "XX000", message: "internal error: not a DDL statement")) {
            try Catalog().applying(sql: "SELECT 1", context: ctx)
        }
    }
}

/// json/jsonb input past the depth limit, with `\u0000`, and wide enough to expose quadratic work.
struct PGJSONLimitTests {
    @Test func nestingPastTheLimitIsStackDepthExceeded() throws {
        let ok = String(repeating: "[", count: PGJSON.maxDepth) + String(repeating: "]", count: PGJSON.maxDepth)
        #expect(PGJSON.jsonb(ok) != nil)
        for text in [String(repeating: "[", count: PGJSON.maxDepth + 1) + String(repeating: "]", count: PGJSON.maxDepth + 1),
                     String(repeating: #"{"a":"#, count: 1_000_000)] {
            for jsonb in [false, true] {
                #expect(throws: DSQLError(sqlstate: "54001", message: "stack depth limit exceeded")) {
                    _ = try PGJSON.input(text, jsonb: jsonb)
                }
            }
        }
    }

    @Test func nulEscapesAreRefusedInJsonbOnly() throws {
        #expect(try PGJSON.input(#"{"a":"x\u0000y"}"#, jsonb: false) == #"{"a":"x\u0000y"}"#)
        #expect(throws: DSQLError(sqlstate: "22P05", message: "unsupported Unicode escape sequence", detail: "\\u0000 cannot be converted to text.")) {
            _ = try PGJSON.input(#"{"a":"x\u0000y"}"#, jsonb: true)
        }
        #expect(throws: DSQLError(sqlstate: "22P02", message: "invalid input syntax for type json")) {
            _ = try PGJSON.input("[1,]", jsonb: true)
        }
    }

    @Test func wideAndDeepDocumentsAreCanonicalised() throws {
        var text = "{"
        for i in (0..<100_000).reversed() { text += "\"k\(i)\":[\(i)]," }
        text += "\"k0\":\"last\"}"
        let canonical = try #require(PGJSON.jsonb(text))
        #expect(canonical.hasPrefix(#"{"k0": "last", "k1": [1], "k2": [2]"#))
        #expect(canonical.hasSuffix(#""k99999": [99999]}"#))
        let deep = String(repeating: #"{"a":["#, count: 3000) + "1" + String(repeating: "]}", count: 3000)
        #expect(PGJSON.jsonb(deep) == String(repeating: #"{"a": ["#, count: 3000) + "1" + String(repeating: "]}", count: 3000))
    }
}
