import Testing
@testable import DSQLDialect

/// `SelectStatement.constantRow`: the values answered without the store must be exactly what the
/// region's SQLite returns for the same prepared statement, and anything else must go to SQLite.
struct ConstantRowTests {
    @Test(arguments: [
        "SELECT 1 as health_check",
        "SELECT 1",
        "SELECT -5 AS n",
        "SELECT 9223372036854775807 AS big",
        "SELECT 'ok' AS status, 2 AS two, NULL AS nothing",
        "SELECT 'it''s' AS quoted",
    ])
    func matchesSQLite(sql: String) throws {
        let statement = try Parser.parse(sql)
        let constant = try #require(statement.constantRow, "\(sql) should be constant")
        let db = DialectTestDB()
        let result = try db.run(sql)
        #expect(result.rows == [constant], "\(sql)")
    }

    @Test(arguments: [
        "SELECT 1 + 1", "SELECT $1", "SELECT now()", "SELECT 1.5", "SELECT true", "SELECT 1 LIMIT 0",
        "SELECT 1 WHERE false", "SELECT DISTINCT 1", "SELECT 1 UNION SELECT 2", "SELECT 1 ORDER BY 1",
        "SELECT 1 FROM sys.jobs", "SELECT '1'::int",
    ])
    func otherSelectsGoToTheStore(sql: String) throws {
        #expect(try Parser.parse(sql).constantRow == nil, "\(sql)")
    }

    @Test func insertsAreNotConstant() throws {
        #expect(try Parser.parse("INSERT INTO t VALUES (1)").constantRow == nil)
    }
}
