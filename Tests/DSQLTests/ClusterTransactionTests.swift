import DSQL
import Replication
import Testing

/// OCC semantics across the two data regions (ARCHITECTURE.md §3.2, dsql.md §1).
@Suite struct ClusterTransactionTests {
    typealias S = ClusterTestSupport

    static func setup(_ cluster: DSQLCluster) async throws -> (DSQLSession, DSQLSession) {
        let a = try cluster.connect(region: .primary)
        let b = try cluster.connect(region: .secondary)
        _ = try await a.execute("CREATE TABLE accounts (id int PRIMARY KEY, balance int NOT NULL)")
        _ = try await a.execute("INSERT INTO accounts VALUES (1, 100), (2, 100)")
        return (a, b)
    }

    @Test func concurrentUpdatesOfOneRowExactlyOneCommits() async throws {
        try await S.withCluster { cluster in
            let (a, b) = try await Self.setup(cluster)
            _ = try await a.execute("BEGIN")
            _ = try await b.execute("BEGIN")
            _ = try await a.execute("UPDATE accounts SET balance = balance + 1 WHERE id = 1")
            _ = try await b.execute("UPDATE accounts SET balance = balance + 2 WHERE id = 1")
            #expect(try await a.execute("COMMIT").commandTag == "COMMIT")
            let err = await S.error { _ = try await b.execute("COMMIT") }
            #expect(err?.sqlstate.code == "40001")
            #expect(err?.message == "change conflicts with another transaction (OC000)")
            let r = try await b.execute("SELECT balance FROM accounts WHERE id = 1")
            #expect(r.rows == [["101"]])
        }
    }

    @Test func selectForUpdateConflictsWithWrite() async throws {
        try await S.withCluster { cluster in
            let (a, b) = try await Self.setup(cluster)
            _ = try await a.execute("BEGIN")
            #expect(try await a.execute("SELECT balance FROM accounts WHERE id = 1 FOR UPDATE").rows == [["100"]])
            _ = try await b.execute("UPDATE accounts SET balance = 0 WHERE id = 1")
            let err = await S.error { _ = try await a.execute("COMMIT") }
            #expect(err == .dataConflict)
        }
    }

    @Test func disjointRowsBothCommit() async throws {
        try await S.withCluster { cluster in
            let (a, b) = try await Self.setup(cluster)
            _ = try await a.execute("BEGIN")
            _ = try await b.execute("BEGIN")
            _ = try await a.execute("UPDATE accounts SET balance = 1 WHERE id = 1")
            _ = try await b.execute("UPDATE accounts SET balance = 2 WHERE id = 2")
            #expect(try await a.execute("COMMIT").commandTag == "COMMIT")
            #expect(try await b.execute("COMMIT").commandTag == "COMMIT")
            #expect(try await a.execute("SELECT balance FROM accounts ORDER BY id").rows == [["1"], ["2"]])
        }
    }

    @Test func writeSkewIsAllowed() async throws {
        try await S.withCluster { cluster in
            let (a, b) = try await Self.setup(cluster)
            _ = try await a.execute("BEGIN")
            _ = try await b.execute("BEGIN")
            _ = try await a.execute("SELECT sum(balance) FROM accounts")
            _ = try await b.execute("SELECT sum(balance) FROM accounts")
            _ = try await a.execute("UPDATE accounts SET balance = balance - 150 WHERE id = 1")
            _ = try await b.execute("UPDATE accounts SET balance = balance - 150 WHERE id = 2")
            #expect(try await a.execute("COMMIT").commandTag == "COMMIT")
            #expect(try await b.execute("COMMIT").commandTag == "COMMIT")
            #expect(try await b.execute("SELECT sum(balance) FROM accounts").rows == [["-100"]])
        }
    }

    @Test func readOnlyTransactionsNeverConflict() async throws {
        try await S.withCluster { cluster in
            let (a, b) = try await Self.setup(cluster)
            _ = try await b.execute("BEGIN")
            #expect(try await b.execute("SELECT balance FROM accounts WHERE id = 1").rows == [["100"]])
            _ = try await a.execute("UPDATE accounts SET balance = 5 WHERE id = 1")
            // Repeatable read: still the snapshot's value.
            #expect(try await b.execute("SELECT balance FROM accounts WHERE id = 1").rows == [["100"]])
            #expect(try await b.execute("COMMIT").commandTag == "COMMIT")
            #expect(try await b.execute("SELECT balance FROM accounts WHERE id = 1").rows == [["5"]])
        }
    }

    @Test func uniqueValueRaceAcrossRegions() async throws {
        try await S.withCluster { cluster in
            let a = try cluster.connect(region: .primary)
            let b = try cluster.connect(region: .secondary)
            _ = try await a.execute("CREATE TABLE people (id int PRIMARY KEY, email varchar(100) UNIQUE)")
            _ = try await a.execute("BEGIN")
            _ = try await b.execute("BEGIN")
            _ = try await a.execute("INSERT INTO people VALUES (1, 'x@example.com')")
            _ = try await b.execute("INSERT INTO people VALUES (2, 'x@example.com')")
            #expect(try await b.execute("COMMIT").commandTag == "COMMIT")
            let err = await S.error { _ = try await a.execute("COMMIT") }
            #expect(err == .dataConflict)
            #expect(try await a.execute("SELECT id FROM people").rows == [["2"]])
        }
    }

    @Test func ddlUnderRunningTransactionGivesOC001() async throws {
        try await S.withCluster { cluster in
            let (a, b) = try await Self.setup(cluster)
            _ = try await a.execute("BEGIN")
            _ = try await a.execute("UPDATE accounts SET balance = 7 WHERE id = 1")
            _ = try await b.execute("ALTER TABLE accounts ADD COLUMN note text")
            let err = await S.error { _ = try await a.execute("COMMIT") }
            #expect(err == .schemaConflict)
            let cols = try await a.execute("SELECT * FROM accounts WHERE id = 1")
            #expect(cols.columns.map(\.name) == ["id", "balance", "note"])
        }
    }

    @Test func failedStatementPoisonsExplicitTransactionOnly() async throws {
        try await S.withCluster { cluster in
            let (a, _) = try await Self.setup(cluster)
            // Outside a transaction a refused statement does not poison the session.
            #expect(await S.error { _ = try await a.execute("SELECT nope FROM accounts") }?.sqlstate.code == "42703")
            #expect(try await a.execute("SELECT count(*) FROM accounts").rows == [["2"]])
            _ = try await a.execute("BEGIN")
            _ = try await a.execute("UPDATE accounts SET balance = 0 WHERE id = 1")
            #expect(await S.error { _ = try await a.execute("INSERT INTO accounts VALUES (1, 1)") }?.sqlstate.code == "23505")
            #expect(await S.error { _ = try await a.execute("SELECT 1") } == .transactionAborted)
            #expect(try await a.execute("COMMIT").commandTag == "ROLLBACK")
            #expect(try await a.execute("SELECT balance FROM accounts WHERE id = 1").rows == [["100"]])
        }
    }

    @Test func ddlRules() async throws {
        try await S.withCluster { cluster in
            let (a, _) = try await Self.setup(cluster)
            _ = try await a.execute("BEGIN")
            _ = try await a.execute("CREATE TABLE t1 (id int PRIMARY KEY)")
            #expect(await S.error { _ = try await a.execute("INSERT INTO accounts VALUES (9, 9)") } == .ddlAndDML)
            #expect(try await a.execute("COMMIT").commandTag == "ROLLBACK")
            #expect(await S.error { _ = try await a.execute("SELECT * FROM t1") }?.sqlstate.code == "42P01")
        }
    }
}
