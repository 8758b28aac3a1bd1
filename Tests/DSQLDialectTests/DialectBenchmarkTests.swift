import Foundation
import Testing
@testable import DSQLDialect

/// Prints dialect throughput figures (no pass/fail threshold): prepare, and prepare + execute on SQLite.
/// Run with `REGIONSTACK_BENCH=1 swift test --skip-build --filter DialectBenchmarkTests`.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["REGIONSTACK_BENCH"] != nil))
struct DialectBenchmarkTests {
    @Test func printsPrepareAndExecuteThroughput() throws {
        let db = DialectTestDB()
        try db.run(DialectSeedSchemaTests.createUsers)
        let insert = "INSERT INTO users (name, email) VALUES ($1, $2) ON CONFLICT (email) DO NOTHING"
        let list = "SELECT id, name, email, created_at, updated_at FROM users ORDER BY created_at DESC LIMIT $1"
        let n = 2000
        var start = Date()
        for _ in 0..<n { _ = try Dialect.prepare(list, catalog: db.catalog) }
        let prepareRate = Double(n) / Date().timeIntervalSince(start)
        start = Date()
        for i in 0..<n { try db.run(insert, [.text("user \(i)"), .text("u\(i)@example.com")]) }
        let insertRate = Double(n) / Date().timeIntervalSince(start)
        start = Date()
        for _ in 0..<200 { _ = try db.run(list, [.integer(50)]) }
        let listRate = 200 / Date().timeIntervalSince(start)
        print("dialect bench: prepare(list) \(Int(prepareRate))/s, insert(prepare+exec) \(Int(insertRate))/s, list 50 rows \(Int(listRate))/s")
        #expect(try db.run("SELECT count(*) FROM users").text == [[String(n)]])
    }
}
