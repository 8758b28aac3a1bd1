import CSQLite
import DSQLClient
import Foundation
import Testing
@testable import SQLiteBindings

/// A fresh database file in a temporary directory.
func temporaryDatabasePath() -> String {
    let dir = NSTemporaryDirectory() + "/sqlite-test-\(UInt64.random(in: 0...UInt64.max))"
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir + "/test.sqlite"
}

@Suite struct SQLiteConnectionTests {
    @Test func valuesRoundTripWithColumnNamesAndDeclaredTypes() throws {
        let db = try SQLiteConnection(path: temporaryDatabasePath())
        defer { db.close() }
        try db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, r REAL, s TEXT, b BLOB, n TEXT)")
        let values: [SQLValue] = [.integer(7), .real(1.5), .text("héllo\u{0}x"), .blob([0, 1, 255]), .null]
        #expect(try db.run("INSERT INTO t VALUES (?, ?, ?, ?, ?)", values) == 1)
        try db.run("INSERT INTO t VALUES (8, 0, '', ?, NULL)", [.blob([])])
        let result = try db.query("SELECT id, r, s, b, n, 1 + 1 AS two FROM t ORDER BY id")
        #expect(result.columns == ["id", "r", "s", "b", "n", "two"])
        #expect(result.declaredTypes == ["INTEGER", "REAL", "TEXT", "BLOB", "TEXT", nil])
        #expect(result.rows[0] == values + [.integer(2)])
        #expect(result.rows[1][3] == .blob([]))
        #expect(db.lastInsertRowID == 8)
    }

    @Test func errorsCarryCodesMessageAndSQL() throws {
        let db = try SQLiteConnection(path: temporaryDatabasePath())
        defer { db.close() }
        try db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY)")
        try db.run("INSERT INTO t VALUES (1)")
        do {
            try db.run("INSERT INTO t VALUES (1)")
            Issue.record("duplicate key accepted")
        } catch {
            #expect(error.code == SQLITE_CONSTRAINT)
            #expect(error.extendedCode == SQLITE_CONSTRAINT | (6 << 8))  // SQLITE_CONSTRAINT_PRIMARYKEY
            #expect(error.message.contains("UNIQUE constraint failed"))
            #expect(error.sql == "INSERT INTO t VALUES (1)")
        }
        #expect(throws: SQLiteError.self) { try db.prepare("SELEKT 1") }
        #expect(throws: SQLiteError.self) { try db.prepare("SELECT 1; SELECT 2") }
        #expect(try db.prepare("SELECT 1;  ").isReadOnly)
    }

    @Test func cachedStatementsAreReused() throws {
        let db = try SQLiteConnection(path: temporaryDatabasePath())
        defer { db.close() }
        let a = try db.prepare("SELECT ?")
        let b = try db.prepare("SELECT ?")
        #expect(a === b)
        #expect(try db.query("SELECT ?", [.text("x")]).rows == [[.text("x")]])
        #expect(try db.query("SELECT ?", [.integer(3)]).rows == [[.integer(3)]])
    }

    @Test func executorRunsJobsInOrderOnItsOwnThread() async throws {
        final class Box { var log: [Int] = []; let owner = pthread_self() }
        let executor = SQLiteExecutor<Box>(name: "test-executor") { Box() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<50 { group.addTask { try await executor.run { box in box.log.append(i) } } }
            try await group.waitForAll()
        }
        let (count, log, sameThread, jobThread) = try await executor.run { box in
            (box.log.count, box.log, pthread_equal(box.owner, pthread_self()) != 0, UInt(pthread_self()))
        }
        #expect(count == 50)
        #expect(Set(log).count == 50)
        #expect(sameThread, "jobs must run on the thread that created the context")
        #expect(jobThread != UInt(pthread_self()), "jobs must not run on the caller's (cooperative) thread")
        await executor.shutdown { _ in }
        await #expect(throws: SQLiteExecutor<Box>.ExecutorError.self) { try await executor.run { _ in 1 } }
    }
}
