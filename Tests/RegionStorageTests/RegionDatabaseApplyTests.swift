import Foundation
import Testing
@testable import RegionStorage

@Suite struct RegionDatabaseApplyTests {
    /// Builds entries 1...n on an origin database: schema, then one insert per entry.
    func makeEntries(count: Int) async throws -> [StoreEntry] {
        let origin = try await RegionDatabase.ephemeral()
        defer { Task { await origin.close() } }
        var entries: [StoreEntry] = [.schema(1, [usersSchema])]
        try await origin.apply(entries: entries)
        for i in 2...count {
            let result = try await origin.execute(
                "INSERT INTO users (id, email, name) VALUES (?, ?, ?)",
                [.integer(Int64(i)), .text("u\(i)@x"), .text("user \(i)")], at: origin.appliedIndex)
            let entry = StoreEntry.changeset(UInt64(i), result.changeset)
            try await origin.apply(entries: [entry])
            entries.append(entry)
        }
        return entries
    }

    @Test func appliesInOrderAndRecordsAppliedIndex() async throws {
        let entries = try await makeEntries(count: 6)
        let db = try await RegionDatabase.ephemeral()
        #expect(db.appliedIndex == 0)
        #expect(try await db.apply(entries: Array(entries[0..<3])) == 3)
        #expect(try await db.apply(entries: Array(entries[3...]) + [StoreEntry(index: 7, payload: .noop)]) == 7)
        #expect(try await rows(db, "SELECT value FROM _regionstack_meta WHERE key = 'applied_index'") == [[.integer(7)]])
        #expect(try await rows(db, "SELECT count(*) FROM users") == [[.integer(5)]])
        await #expect(throws: StoreError.outOfOrder(expected: 8, got: 9)) {
            try await db.apply(entries: [StoreEntry(index: 9, payload: .noop)])
        }
        await db.close()
    }

    @Test func reopenReplaysIdempotentlyFromAppliedIndex() async throws {
        let entries = try await makeEntries(count: 8)
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var db = try await RegionDatabase.open(directory: directory)
        try await db.apply(entries: Array(entries[0..<5]))
        let midHash = try await db.contentHash()
        await db.close()

        // "Crash": reopen; the log replays everything it has from its own start.
        db = try await RegionDatabase.open(directory: directory)
        #expect(db.appliedIndex == 5)
        #expect(try await db.contentHash() == midHash)
        #expect(try await db.apply(entries: entries) == 8)
        #expect(try await rows(db, "SELECT count(*) FROM users") == [[.integer(7)]])
        // Replaying again changes nothing.
        let hash = try await db.contentHash()
        #expect(try await db.apply(entries: entries) == 8)
        #expect(try await db.contentHash() == hash)
        #expect(try await db.integrityCheck() == ["ok"])
        await db.close()

        let fresh = try await RegionDatabase.ephemeral()
        try await fresh.apply(entries: entries)
        #expect(try await fresh.contentHash() == hash)
        await fresh.close()
    }

    @Test func copyOfLiveFilesRecoversLikeAKilledProcess() async throws {
        let entries = try await makeEntries(count: 9)
        let directory = temporaryDirectory()
        let crashed = temporaryDirectory()
        defer {
            try? FileManager.default.removeItem(atPath: directory)
            try? FileManager.default.removeItem(atPath: crashed)
        }
        let live = try await RegionDatabase.open(directory: directory)
        try await live.apply(entries: Array(entries[0..<4]))
        try await live.apply(entries: Array(entries[4..<6]))
        // The files as a kill -9 would leave them: database plus un-checkpointed WAL, no close.
        try FileManager.default.createDirectory(atPath: crashed, withIntermediateDirectories: true)
        #expect(FileManager.default.fileExists(atPath: live.path + "-wal"), "the committed entries are still in the WAL")
        for suffix in ["", "-wal"] where FileManager.default.fileExists(atPath: live.path + suffix) {
            try FileManager.default.copyItem(atPath: live.path + suffix, toPath: crashed + "/region.sqlite" + suffix)
        }
        let expected = try await live.contentHash()
        await live.close()

        let recovered = try await RegionDatabase.open(directory: crashed)
        #expect(recovered.appliedIndex == 6)
        #expect(try await recovered.contentHash() == expected)
        #expect(try await recovered.integrityCheck() == ["ok"])
        // The log replays from its start; entries up to 6 are skipped, 7...9 applied once.
        #expect(try await recovered.apply(entries: entries) == 9)
        #expect(try await rows(recovered, "SELECT count(*) FROM users") == [[.integer(8)]])
        await recovered.close()
    }

    @Test func conflictStopsApplyAndRaisesAlarm() async throws {
        let entries = try await makeEntries(count: 3)
        let origin = try await RegionDatabase.ephemeral()
        try await origin.apply(entries: entries)
        let update = try await origin.execute("UPDATE users SET name = 'renamed' WHERE id = 2", at: 3)
        let entry4 = StoreEntry.changeset(4, update.changeset)

        // The replica diverged: its entry 2 wrote a different name for user 2.
        let replica = try await RegionDatabase.ephemeral()
        try await replica.apply(entries: [entries[0]])
        let divergent = try await replica.execute(
            "INSERT INTO users (id, email, name) VALUES (2, 'u2@x', 'someone else')", at: 1)
        try await replica.apply(entries: [.changeset(2, divergent.changeset), entries[2]])
        let before = try await replica.contentHash()

        do {
            try await replica.apply(entries: [entry4])
            Issue.record("a conflicting entry was applied")
        } catch {
            guard case .diverged(let alarm) = error else { Issue.record("\(error)"); return }
            #expect(alarm.index == 4)
            #expect(alarm.conflict?.kind == .data)
            #expect(alarm.conflict?.change?.primaryKey == [.integer(2)])
        }
        #expect(replica.appliedIndex == 3)
        #expect(replica.alarm?.index == 4)
        #expect(try await replica.contentHash() == before, "nothing of the failed entry may be applied")
        // Apply stays stopped, even for entries that would not conflict, and so do statements.
        do {
            try await replica.apply(entries: [StoreEntry(index: 4, payload: .noop)])
            Issue.record("apply continued after divergence")
        } catch {
            guard case .diverged = error else { Issue.record("\(error)"); return }
        }
        await #expect(throws: StoreError.self) { try await replica.execute("SELECT 1", at: 3) }
        // The origin applies it fine.
        #expect(try await origin.apply(entries: [entry4]) == 4)
        await origin.close()
        await replica.close()
    }

    @Test func entriesBeforeTheConflictInABatchAreKept() async throws {
        let entries = try await makeEntries(count: 5)
        let db = try await RegionDatabase.ephemeral()
        try await db.apply(entries: Array(entries[0..<2]))
        // Entry 4's insert (id 4) is pre-empted by a divergent local row written as entry 3.
        let replacement = try await db.execute("INSERT INTO users (id, email) VALUES (4, 'other@x')", at: 2)
        try await db.apply(entries: [.changeset(3, replacement.changeset)])
        // Feed the real 4 and 5: 4 conflicts.
        await #expect(throws: StoreError.self) { try await db.apply(entries: Array(entries[3...])) }
        #expect(db.appliedIndex == 3)
        #expect(db.alarm?.index == 4)
        #expect(db.alarm?.conflict?.kind == .conflict)

        // A batch whose second entry conflicts keeps the first.
        let db2 = try await RegionDatabase.ephemeral()
        try await db2.apply(entries: Array(entries[0..<2]))
        try await db2.apply(entries: [.changeset(3, entries[2].payload.changesetBytes)])
        let dup = StoreEntry.changeset(5, entries[2].payload.changesetBytes)  // inserts id 3 again
        await #expect(throws: StoreError.self) {
            try await db2.apply(entries: [StoreEntry(index: 4, payload: .noop), dup])
        }
        #expect(db2.appliedIndex == 4)
        #expect(db2.alarm?.index == 5)
        await db.close()
        await db2.close()
    }

    @Test func tablesWithoutPrimaryKeyAreRefused() async throws {
        let db = try await RegionDatabase.ephemeral()
        await #expect(throws: StoreError.primaryKeyRequired(table: "log", reason: "the table has no PRIMARY KEY")) {
            try await db.execute("CREATE TABLE log (line TEXT)", at: 0)
        }
        await #expect(throws: StoreError.self) { try await db.execute("CREATE TABLE n (id TEXT PRIMARY KEY)", at: 0) }
        _ = try await db.execute("CREATE TABLE ok (id TEXT PRIMARY KEY NOT NULL)", at: 0)
        _ = try await db.execute("CREATE TABLE ok2 (id INTEGER PRIMARY KEY)", at: 0)
        // A schema entry that creates one stops apply instead of replicating nothing.
        await #expect(throws: StoreError.self) { try await applySchema(db, "CREATE TABLE log (line TEXT)") }
        #expect(db.appliedIndex == 0)
        #expect(db.alarm?.index == 1)
        await db.close()
    }
}

extension StoreEntry.Payload {
    var changesetBytes: [UInt8] {
        if case .changeset(let bytes) = self { return bytes }
        return []
    }
}
