import CSQLite
import Testing
@testable import SQLiteBindings

@Test func sessionExtensionIsAvailable() {
    var db: OpaquePointer?
    #expect(sqlite3_open(":memory:", &db) == SQLITE_OK)
    defer { sqlite3_close(db) }
    var session: OpaquePointer?
    #expect(sqlite3session_create(db, "main", &session) == SQLITE_OK)
    sqlite3session_delete(session)
}
