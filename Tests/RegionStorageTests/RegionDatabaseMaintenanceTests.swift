import Foundation
import Testing
@testable import RegionStorage

@Suite struct RegionDatabaseMaintenanceTests {
    @Test func backupAndInstallRoundTripPreservesRowsAndAppliedIndex() async throws {
        let source = try await RegionDatabase.ephemeral()
        try await applySchema(source, usersSchema)
        for i in 1...20 {
            try await commitLocally(source, "INSERT INTO users (id, email) VALUES (?, ?)", [.integer(Int64(i)), .text("\(i)@x")])
        }
        let bytes = try await source.snapshotBytes()
        let hash = try await source.contentHash()

        let lagging = try await RegionDatabase.ephemeral()
        try await applySchema(lagging, "CREATE TABLE junk (id INTEGER PRIMARY KEY)")
        try await lagging.installSnapshot(bytes: bytes)
        #expect(lagging.appliedIndex == 21)
        #expect(try await lagging.contentHash() == hash)
        #expect(try await lagging.integrityCheck() == ["ok"])
        #expect(try await rows(lagging, "SELECT count(*) FROM sqlite_schema WHERE name = 'junk'") == [[.integer(0)]])

        // Both continue from the snapshot with the same next entry.
        let next = try await source.execute("UPDATE users SET name = 'n' WHERE id = 5", at: 21)
        try await source.apply(entries: [.changeset(22, next.changeset)])
        try await lagging.apply(entries: [.changeset(22, next.changeset)])
        #expect(try await lagging.contentHash() == source.contentHash())

        // A file export installs the same way, including into a reopened directory.
        let file = temporaryDirectory() + ".sqlite"
        defer { try? FileManager.default.removeItem(atPath: file) }
        try await source.exportSnapshot(to: file)
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var third = try await RegionDatabase.open(directory: directory)
        try await third.installSnapshot(from: file)
        await third.close()
        third = try await RegionDatabase.open(directory: directory)
        #expect(third.appliedIndex == 22)
        #expect(try await third.contentHash() == source.contentHash())
        await third.close()
        await source.close()
        await lagging.close()
    }

    @Test func contentHashesAreEqualForEqualContentOnly() async throws {
        let a = try await RegionDatabase.ephemeral()
        let b = try await RegionDatabase.ephemeral()
        for db in [a, b] { try await applySchema(db, usersSchema) }
        // Same rows, inserted in different orders and batches.
        try await commitLocally(a, "INSERT INTO users (id, email) VALUES (1, 'a'), (2, 'b')")
        try await commitLocally(b, "INSERT INTO users (id, email) VALUES (2, 'b')")
        try await commitLocally(b, "INSERT INTO users (id, email) VALUES (1, 'a')")
        #expect(try await a.contentHash() == b.contentHash())
        // Different value, type, or extra row: different hash.
        try await commitLocally(b, "UPDATE users SET name = 'x' WHERE id = 1")
        let changed = try await b.contentHash()
        #expect(try await a.contentHash() != changed)
        try await commitLocally(b, "UPDATE users SET name = NULL WHERE id = 1")
        #expect(try await a.contentHash() == b.contentHash())
        try await commitLocally(b, "INSERT INTO users (id, email) VALUES (3, 'c')")
        #expect(try await a.contentHash() != b.contentHash(), "extra row")
        try await commitLocally(b, "DELETE FROM users WHERE id = 3")
        #expect(try await a.contentHash() == b.contentHash())
        try await applySchema(b, "CREATE INDEX users_name ON users (name)")
        #expect(try await a.contentHash() != b.contentHash(), "extra index")
        await a.close()
        await b.close()
    }
}
