import Foundation
import HTTP
import RegionStack
import Testing

/// Issue 10's SQL findings over real sockets: the JSON SQL endpoint (`POST /_regionstack/sql`)
/// and the users API of a stack booted on port 0 with its real DSQL cluster. Each of these
/// statements crashed the process, hung it, or answered wrongly before.
@Suite(.serialized) struct SQLRobustnessSocketTests {
    struct Stack {
        let runtime: StackRuntime
        let endpoints: StackEndpoints

        static func boot() async throws -> Stack {
            var options = StackOptions.testing()
            options.configuration = try StackConfiguration.load(path: nil)
            let runtime = StackRuntime()
            return Stack(runtime: runtime, endpoints: try await runtime.start(options))
        }

        /// Runs one statement; the first result object (`command_tag`... or `error`).
        func sql(_ text: String, params: [Any] = [], region: String = "us-east-1") async throws -> [String: Any] {
            let envelope: [String: Any] = ["region": region, "statements": [["sql": text, "params": params]]]
            let body = try JSONSerialization.data(withJSONObject: envelope)
            let r = try await HTTPClient.send(
                port: endpoints.adminPort, method: "POST", path: "/_regionstack/sql", body: Array(body), timeout: .seconds(60))
            #expect(r.status == 200, "\(r.text.prefix(300))")
            let json = try #require(JSONSerialization.jsonObject(with: Data(r.body)) as? [String: Any], "\(r.text.prefix(300))")
            let results = try #require(json["results"] as? [[String: Any]], "\(r.text.prefix(300))")
            return try #require(results.first)
        }

        func error(_ text: String, params: [Any] = []) async throws -> (sqlstate: String, message: String, hint: String?) {
            let result = try await sql(text, params: params)
            let error = try #require(result["error"] as? [String: Any], "succeeded: \(text.prefix(80)) -> \(result)")
            return (error["sqlstate"] as? String ?? "", error["message"] as? String ?? "", error["hint"] as? String)
        }

        func rows(_ text: String, params: [Any] = []) async throws -> [[String?]] {
            let result = try await sql(text, params: params)
            #expect(result["error"] == nil, "\(text.prefix(80)): \(result)")
            return (result["rows"] as? [[Any]] ?? []).map { $0.map { $0 as? String } }
        }

        func healthy() async throws -> Bool {
            for port in endpoints.regionPorts.values {
                let r = try await HTTPClient.send(port: port, path: "/prod/health", timeout: .seconds(20))
                if r.status != 200 { return false }
            }
            return true
        }
    }

    static let depthHint =
        "Increase the configuration parameter \"max_stack_depth\" (currently 2048kB), after ensuring the platform's stack depth limit is adequate."

    /// Finding 1: a 2,000-term sum and long AND / OR / || chains crashed the process (SIGSEGV in
    /// the renderer), and chains of about 100 terms failed with SQLite's parser stack overflow.
    @Test func longChainsRunAndDeepNestingAnswers54001() async throws {
        let stack = try await Stack.boot()
        defer { Task { await stack.runtime.stop() } }
        #expect(try await stack.rows("SELECT " + Array(repeating: "1", count: 2000).joined(separator: "+")) == [["2000"]])
        #expect(try await stack.rows("SELECT " + Array(repeating: "1", count: 2000).joined(separator: "-")) == [["-1998"]])
        _ = try await stack.rows("CREATE TABLE chain (id int PRIMARY KEY, v text, d bool)")
        _ = try await stack.rows("INSERT INTO chain VALUES (1, 'a', false), (5000, 'b', NULL), (20000, 'c', true)")
        // 10,000 terms within the endpoint's 64 KB body (DSQLTests runs one with distinct terms).
        let or = "SELECT count(*) FROM chain WHERE " + Array(repeating: "d", count: 10_000).joined(separator: " OR ")
        #expect(try await stack.rows(or) == [["1"]])
        let and = "SELECT count(*) FROM chain WHERE " + Array(repeating: "id > 0", count: 5000).joined(separator: " AND ")
        #expect(try await stack.rows(and) == [["3"]])
        let cat = "SELECT " + Array(repeating: "'ab'", count: 3000).joined(separator: " || ")
        #expect(try await stack.rows(cat).first?.first??.count == 6000)
        for deep in [
            "SELECT " + String(repeating: "(", count: 5000) + "1" + String(repeating: ")", count: 5000),
            "SELECT " + String(repeating: "(SELECT ", count: 150) + "1" + String(repeating: ")", count: 150),
            "SELECT " + String(repeating: "abs(", count: 150) + "1" + String(repeating: ")", count: 150),
            "SELECT 1" + String(repeating: "::int", count: 5000),
            "SELECT " + Array(repeating: "1", count: 2000).joined(separator: "/"),
        ] {
            let e = try await stack.error(deep)
            #expect(e.sqlstate == "54001" && e.message == "stack depth limit exceeded", "\(deep.prefix(40)): \(e)")
            #expect(e.hint == Self.depthHint)
        }
        #expect(try await stack.healthy())
    }

    /// Finding 2: `SELECT $2147483647` allocated until the process died; `$20000000` took 818 MB.
    /// Finding 5: a missing `$n` was bound as NULL and committed; extra parameters answered XX000.
    @Test func parameterNumbersAndCountsAreCheckedFirst() async throws {
        let stack = try await Stack.boot()
        defer { Task { await stack.runtime.stop() } }
        #expect(try await stack.error("SELECT $2147483647") == ("42P02", "there is no parameter $2147483647", nil))
        #expect(try await stack.error("SELECT $0") == ("42P02", "there is no parameter $0", nil))
        #expect(try await stack.error("SELECT $99999999999").sqlstate == "42601")
        #expect(try await stack.error("SELECT $100000000") ==
            ("08P01", "bind message supplies 0 parameters, but prepared statement \"\" requires 100000000", nil))
        _ = try await stack.rows("CREATE TABLE p (id int PRIMARY KEY, v text)")
        #expect(try await stack.error("INSERT INTO p VALUES ($1, $2)", params: [1]) ==
            ("08P01", "bind message supplies 1 parameters, but prepared statement \"\" requires 2", nil))
        #expect(try await stack.error("INSERT INTO p VALUES (2, 'x')", params: [7]) ==
            ("08P01", "bind message supplies 1 parameters, but prepared statement \"\" requires 0", nil))
        #expect(try await stack.error("SELECT $1", params: [1, 2]).sqlstate == "08P01")
        #expect(try await stack.rows("SELECT count(*) FROM p") == [["0"]])
        #expect(try await stack.healthy())
    }

    /// Finding 4: a NUL was cut off silently (`"a\u0000b"` stored as `"a"`, and POST /users 201).
    @Test func textWithNULIsRefusedOnEveryPath() async throws {
        let stack = try await Stack.boot()
        defer { Task { await stack.runtime.stop() } }
        let nul = ("22021", "invalid byte sequence for encoding \"UTF8\": 0x00", nil as String?)
        _ = try await stack.rows("CREATE TABLE n (id int PRIMARY KEY, v text)")
        #expect(try await stack.error("INSERT INTO n VALUES (1, 'a\u{0}b')") == nul)
        #expect(try await stack.error("INSERT INTO n VALUES (2, $1)", params: ["a\u{0}b"]) == nul)
        #expect(try await stack.error("SELECT $1::text", params: ["\u{0}"]) == nul)
        #expect(try await stack.error(#"SELECT E'a\000b'"#) == nul)
        #expect(try await stack.error(#"SELECT E'a\x00b'"#) == nul)
        #expect(try await stack.rows("SELECT count(*) FROM n") == [["0"]])

        let post = try await HTTPClient.send(
            port: stack.endpoints.regionPorts[.primary]!, method: "POST", path: "/prod/users",
            headers: [("Content-Type", "application/json")],
            body: Array(#"{"name":"Nul","email":"nul\u0000cut@example.com"}"#.utf8), timeout: .seconds(30))
        #expect(post.status != 201, "\(post.status) \(post.text)")
        #expect(try await stack.rows("SELECT count(*) FROM users WHERE email LIKE 'nul%'") == [["0"]])
        #expect(try await stack.healthy())
    }

    /// Finding 9: SQLite's own errors leaked as XX000 with SQLite's words, and `SELECT` with an
    /// empty target list returned a NULL without a column.
    @Test func sqliteErrorsAnswerInPostgreSQLTerms() async throws {
        let stack = try await Stack.boot()
        defer { Task { await stack.runtime.stop() } }
        _ = try await stack.rows("CREATE TABLE g (id int PRIMARY KEY, a int)")
        _ = try await stack.rows("INSERT INTO g VALUES (1, 1), (2, 2)")
        #expect(try await stack.error("SELECT count(count(*)) FROM g") ==
            ("42803", "aggregate function calls cannot be nested", nil))
        #expect(try await stack.error("SELECT a FROM g WHERE sum(a) > 1") ==
            ("42803", "aggregate functions are not allowed in WHERE", nil))
        #expect(try await stack.error("UPDATE g SET a = max(a)") ==
            ("42803", "aggregate functions are not allowed in UPDATE", nil))
        #expect(try await stack.error("SELECT * FROM g ORDER BY count(*)") ==
            ("42803", "column \"g.id\" must appear in the GROUP BY clause or be used in an aggregate function", nil))
        #expect(try await stack.error("CREATE TABLE c1 (id int PRIMARY KEY, v int CHECK (v > $1))") ==
            ("42P02", "there is no parameter $1", nil))
        #expect(try await stack.error("CREATE TABLE c2 (id int PRIMARY KEY, v int DEFAULT $1)") ==
            ("42P02", "there is no parameter $1", nil))
        #expect(try await stack.error("CREATE TABLE c3 (id int PRIMARY KEY, v int DEFAULT id)") ==
            ("0A000", "cannot use column reference in DEFAULT expression", nil))
        #expect(try await stack.error("SELECT 1 FROM g WHERE a = `x`") == ("42601", "syntax error at or near \"`\"", nil))
        for text in ["SELECT", "SELECT;"] {
            let r = try await stack.sql(text)
            #expect(r["command_tag"] as? String == "SELECT 1", "\(r)")
            #expect((r["columns"] as? [Any])?.isEmpty == true && (r["rows"] as? [[Any]])?.map(\.count) == [0], "\(r)")
        }
        let empty = try await stack.sql("SELECT FROM g")
        #expect(empty["command_tag"] as? String == "SELECT 2" && (empty["rows"] as? [[Any]])?.map(\.count) == [0, 0])
        #expect(try await stack.healthy())
    }
}
