import Determinism
import DSQLClient
import Testing
@testable import DSQLDialect

/// Hostile or random input never crashes the parser or renderer: it parses, or fails with a DSQLError.
@Suite struct DialectRobustnessTests {
    static let vocabulary = [
        "SELECT", "INSERT", "INTO", "UPDATE", "DELETE", "FROM", "WHERE", "AND", "OR", "NOT", "NULL", "IS", "IN",
        "(", ")", ",", "*", "=", "<>", "<", "+", "-", "/", "::", "||", "->>", "$1", "$2", "1", "2.5", "'x'",
        "E'\\n'", "$$q$$", "users", "u", "id", "name", "email", "created_at", "uuid", "int", "text", "AS", "ON",
        "JOIN", "LEFT", "GROUP", "BY", "ORDER", "DESC", "LIMIT", "OFFSET", "VALUES", "SET", "RETURNING", "CASE",
        "WHEN", "THEN", "ELSE", "END", "EXISTS", "BETWEEN", "LIKE", "ILIKE", "count", "now", "coalesce", "DISTINCT",
        "UNION", "ALL", "FOR", "CREATE", "TABLE", "INDEX", "ASYNC", "PRIMARY", "KEY", "DEFAULT", "CHECK", ";",
        "--c\n", "/*c*/", "\"Q\"", ".", "HAVING", "CAST", "varchar", "(", ")", "CONFLICT", "DO", "NOTHING",
    ]

    @Test func randomTokenSoupNeverCrashes() throws {
        let seed: UInt64 = 20261124
        var rng = SeededGenerator(seed: seed)
        let catalog = try Catalog().applying(
            sql: "CREATE TABLE users (id uuid PRIMARY KEY, name varchar(100) NOT NULL, email text UNIQUE, created_at timestamp)",
            context: DDLContext(jobID: "j", timestamp: 0)).catalog
        var parsed = 0
        for _ in 0..<3000 {
            let n = Int(rng.next() % 24) + 1
            var words = ["SELECT"]
            for _ in 0..<n { words.append(Self.vocabulary[Int(rng.next() % UInt64(Self.vocabulary.count))]) }
            let sql = words.joined(separator: " ")
            do {
                _ = try Dialect.prepare(sql, catalog: catalog, ddlContext: DDLContext(jobID: "j", timestamp: 0))
                parsed += 1
            } catch {
                #expect(error.sqlstate.count == 5, "seed \(seed): \(sql)")
            }
        }
        #expect(parsed > 0, "seed \(seed)")
    }

    @Test func deepNestingIsRefused() {
        let sql = "SELECT " + String(repeating: "(", count: 5000) + "1" + String(repeating: ")", count: 5000)
        #expect(throws: DSQLError.stackDepthExceeded) { try Parser.parse(sql) }
        let nots = "SELECT " + String(repeating: "NOT ", count: 5000) + "true"
        #expect(throws: DSQLError.stackDepthExceeded) { try Parser.parse(nots) }
        #expect(PGText.format(.real(1e300), as: .integer) == "1e+300")
    }
}
