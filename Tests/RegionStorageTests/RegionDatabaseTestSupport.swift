import DSQLClient
import Foundation
@testable import RegionStorage

/// The full local write path without the log: run `sql` at the current applied index, then
/// apply its changeset as the next entry. Returns the statement result.
@discardableResult
func commitLocally(_ db: RegionDatabase, _ sql: String, _ params: [SQLValue] = []) async throws -> StatementResult {
    let snapshot = db.appliedIndex
    let result = try await db.execute(sql, params, at: snapshot, ownChangeset: [])
    try await db.apply(entries: [.changeset(db.appliedIndex + 1, result.changeset)])
    return result
}

/// Applies a schema entry as the next entry.
func applySchema(_ db: RegionDatabase, _ statements: String...) async throws {
    try await db.apply(entries: [.schema(db.appliedIndex + 1, statements)])
}

/// Rows of a read at the current applied state.
func rows(_ db: RegionDatabase, _ sql: String) async throws -> [[SQLValue]] {
    try await db.query(sql).rows
}

func temporaryDirectory() -> String {
    NSTemporaryDirectory() + "/region-test-\(UInt64.random(in: 0...UInt64.max))"
}

let usersSchema = """
    CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE, name TEXT, balance INTEGER NOT NULL DEFAULT 0)
    """
