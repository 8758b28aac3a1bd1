import Determinism
import DSQL
import DSQLClient
import Foundation
import Replication
import Synchronization
import Testing

/// Cross-region strong consistency, the bank invariant, availability and restart.
@Suite struct ClusterConsistencyTests {
    typealias S = ClusterTestSupport

    @Test func crossRegionReadAfterWriteHasNoStaleReads() async throws {
        try await S.withCluster { cluster in
            let sessions = [try cluster.connect(region: .primary), try cluster.connect(region: .secondary)]
            _ = try await sessions[0].execute("CREATE TABLE counter (id int PRIMARY KEY, n bigint NOT NULL)")
            _ = try await sessions[0].execute("INSERT INTO counter VALUES (1, 0)")
            let rounds = ProcessInfo.processInfo.environment["RS_RAW_ALTERNATIONS"].flatMap(Int.init) ?? 10_000
            var stale = 0
            for i in 1...rounds {
                let writer = sessions[i % 2], reader = sessions[(i + 1) % 2]
                _ = try await writer.execute("UPDATE counter SET n = $1 WHERE id = 1", [.integer(Int64(i))])
                _ = try await reader.execute("BEGIN")
                let seen = try await reader.execute("SELECT n FROM counter WHERE id = 1").rows
                _ = try await reader.execute("COMMIT")
                if seen != [[String(i)]] { stale += 1 }
            }
            #expect(stale == 0, "stale reads in \(rounds) alternations")
        }
    }

    @Test func bankTransfersKeepTheTotal() async throws {
        let seed = UInt64(ProcessInfo.processInfo.environment["RS_BANK_SEED"].flatMap(UInt64.init) ?? 42)
        let seconds = ProcessInfo.processInfo.environment["RS_BANK_SECONDS"].flatMap(Double.init) ?? 2
        try await S.withCluster(seed: seed) { cluster in
            let setup = try cluster.connect(region: .primary)
            _ = try await setup.execute("CREATE TABLE bank (id int PRIMARY KEY, balance bigint NOT NULL)")
            for id in 0..<8 { _ = try await setup.execute("INSERT INTO bank VALUES ($1, 1000)", [.integer(Int64(id))]) }
            let total = 8000
            let tally = BankTally()
            let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
            try await withThrowingTaskGroup(of: Void.self) { group in
                for client in 0..<8 {
                    let session = try cluster.connect(region: client % 2 == 0 ? .primary : .secondary)
                    group.addTask {
                        var rng = SeededGenerator(seed: seed &+ UInt64(client))
                        var count = 0
                        while ContinuousClock.now < deadline, count < 5_000 {
                            count += 1
                            let from = Int64(rng.next() % 8), to = Int64(rng.next() % 8), amount = Int64(rng.next() % 50)
                            if rng.next() % 4 == 0 {
                                let r = try await session.execute("SELECT sum(balance) FROM bank")
                                if r.rows != [[String(total)]] { tally.badSums.withLock { $0.append("\(r.rows)") } }
                                continue
                            }
                            do {
                                try await session.transaction { tx throws(DSQLError) in
                                    _ = try await tx.execute("UPDATE bank SET balance = balance - $1 WHERE id = $2",
                                                             [.integer(amount), .integer(from)])
                                    _ = try await tx.execute("UPDATE bank SET balance = balance + $1 WHERE id = $2",
                                                             [.integer(amount), .integer(to)])
                                    let r = try await tx.execute("SELECT sum(balance) FROM bank")
                                    if r.rows != [[String(total)]] { tally.badSums.withLock { $0.append("in tx \(r.rows)") } }
                                }
                                tally.stats.withLock { $0.committed += 1 }
                            } catch let error as DSQLError where error.sqlstate == "40001" {
                                tally.stats.withLock { $0.failed += 1 }
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
            try await cluster.waitForConvergence()
            let s = tally.stats.withLock { $0 }
            print("bank: \(s.committed) transfers committed, \(s.failed) gave up after retries (seed \(seed))")
            #expect(tally.badSums.withLock { $0 }.isEmpty, "seed \(seed)")
            #expect(s.committed > 0, "seed \(seed)")
            let a = try await cluster.contentHash(.primary), b = try await cluster.contentHash(.secondary)
            #expect(a == b, "seed \(seed)")
            let final = try await setup.execute("SELECT sum(balance) FROM bank")
            #expect(final.rows == [[String(total)]], "seed \(seed)")
        }
    }

    @Test func regionWithoutQuorumAnswersServerUnavailable() async throws {
        try await S.withCluster { cluster in
            let a = try cluster.connect(region: .primary)
            let b = try cluster.connect(region: .secondary)
            _ = try await a.execute("CREATE TABLE t (id int PRIMARY KEY)")
            cluster.stopRegion(.secondary)
            #expect(await S.error { _ = try await b.execute("SELECT * FROM t") } == .serverUnavailable)
            // A constant SELECT (a health check) skips the store, never the quorum.
            #expect(await S.error { _ = try await b.execute("SELECT 1 as health_check") } == .serverUnavailable)
            // The other region, with the witness, stays available.
            _ = try await a.execute("INSERT INTO t VALUES (1)")
            // Cut the primary off too: no quorum anywhere.
            cluster.replication.partition(.primary, .witness)
            // The leader may still answer reads from its lease (linearizable: no other leader
            // can exist yet); once the lease has run out it has no quorum to ask.
            let lease = cluster.replication.configuration.raft.electionTimeoutMin
            try await Task.sleep(for: .microseconds(lease + 50_000))
            #expect(cluster.replication.leaseReadIndex(at: .primary) == nil)
            #expect(await S.error { _ = try await a.execute("SELECT * FROM t") } == .serverUnavailable)
            cluster.replication.heal(.primary, .witness)
            cluster.restartRegion(.secondary)
            var rows: [[String?]] = []
            for _ in 0..<50 where rows.isEmpty {
                rows = (try? await b.execute("SELECT id FROM t").rows) ?? []
                if rows.isEmpty { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(rows == [["1"]])
        }
    }

    /// A constant SELECT on a follower region answers from a quorum confirmed within the lease
    /// window, and refuses once the region has been cut off for longer (one-way cuts included:
    /// hearing the leader is not enough, a round must come back).
    @Test func constantSelectNeedsARecentQuorum() async throws {
        try await S.withCluster { cluster in
            let b = try cluster.connect(region: .secondary)
            _ = try await b.execute("SELECT 1 as health_check")  // a round confirms the quorum
            let window = cluster.replication.configuration.raft.electionTimeoutMin
            for oneWay in [false, true] {
                if oneWay {
                    // The secondary still hears the leader but nothing it sends arrives.
                    var cut = LinkConditions()
                    cut.partitioned = true
                    cluster.replication.setLink(from: .secondary, to: .primary, cut)
                    cluster.replication.setLink(from: .secondary, to: .witness, cut)
                } else {
                    cluster.replication.partition(.secondary, .primary)
                    cluster.replication.partition(.secondary, .witness)
                }
                try await Task.sleep(for: .microseconds(window + 50_000))
                #expect(await S.error { _ = try await b.execute("SELECT 1 as health_check") } == .serverUnavailable,
                        "oneWay \(oneWay)")
                cluster.replication.healAll()
                var answered = false
                for _ in 0..<50 where !answered {
                    answered = (try? await b.execute("SELECT 1 as health_check").rows) == [["1"]]
                    if !answered { try await Task.sleep(for: .milliseconds(100)) }
                }
                #expect(answered, "oneWay \(oneWay): available again after healing")
            }
        }
    }

    /// A leader cut off from both peers accepts a commit it can never replicate; when it steps
    /// down (CheckQuorum) the commit's fate is unknown to it, so the client hears 08007, never a
    /// failure. After healing, both regions agree on one answer.
    @Test func commitCutOffFromTheQuorumIsReportedAsUnknown() async throws {
        try await S.withCluster { cluster in
            let setup = try cluster.connect(region: .primary)
            _ = try await setup.execute("CREATE TABLE t (id int PRIMARY KEY)")
            let leader = cluster.replication.leader ?? .primary
            let session = try cluster.connect(region: leader)
            let others: [NodeID] = NodeID.allCases.filter { $0 != leader }
            for other in others { cluster.replication.partition(leader, other) }
            let error = await S.error { _ = try await session.execute("INSERT INTO t VALUES (7)") }
            // Unknown when the leader accepted the proposal before it stepped down; unavailable
            // when it had already noticed (the lease ran out first). Never a plain failure.
            #expect(error == .commitOutcomeUnknown, "got \(String(describing: error))")
            cluster.replication.healAll()
            var answers: Set<[[String?]]> = []
            for _ in 0..<50 {
                try? await cluster.waitForConvergence()
                let a = try? await cluster.connect(region: .primary).execute("SELECT count(*) FROM t").rows
                let b = try? await cluster.connect(region: .secondary).execute("SELECT count(*) FROM t").rows
                if let a, let b, a == b {
                    answers = [a]
                    break
                }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(answers.count == 1, "both regions agree on whether the unknown commit happened")
        }
    }

    @Test func partitionedRegionRefusesStatementsInsideAnOpenTransaction() async throws {
        try await S.withCluster { cluster in
            let a = try cluster.connect(region: .primary)
            _ = try await a.execute("CREATE TABLE t (id int PRIMARY KEY)")
            let isolated: NodeID = cluster.replication.leader == .primary ? .secondary : .primary
            let s = try cluster.connect(region: isolated)
            _ = try await s.execute("BEGIN")
            #expect(try await s.execute("SELECT count(*) FROM t").rows == [["0"]])
            cluster.replication.partition(isolated, .witness)
            cluster.replication.partition(isolated, isolated == .primary ? .secondary : .primary)
            try await Task.sleep(for: .milliseconds(1500))
            #expect(await S.error { _ = try await s.execute("SELECT count(*) FROM t") } == .serverUnavailable)
            cluster.replication.healAll()
        }
    }

    @Test(arguments: LogSync.allCases) func restartFromDataDirectoryKeepsCommittedRows(sync: LogSync) async throws {
        let dir = NSTemporaryDirectory() + "/dsql-cluster-\(UInt64.random(in: 0...UInt64.max))"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let first = try await DSQLCluster.start(directory: dir, logSync: sync)
        let a = try first.connect(region: .primary)
        _ = try await a.execute("CREATE TABLE kv (k text PRIMARY KEY, v text)")
        for i in 0..<20 { _ = try await a.execute("INSERT INTO kv VALUES ($1, 'x')", [.text("k\(i)")]) }
        try await first.waitForConvergence()
        await first.shutdown()

        let second = try await DSQLCluster.start(directory: dir, logSync: sync)
        let b = try second.connect(region: .secondary)
        #expect(try await b.execute("SELECT count(*) FROM kv").rows == [["20"]])
        _ = try await b.execute("INSERT INTO kv VALUES ('after', 'restart')")
        #expect(try await second.connect(region: .primary).execute("SELECT v FROM kv WHERE k = 'after'").rows == [["restart"]])
        await second.shutdown()
    }

    @Test func seedUsersSchemaFromBothRegions() async throws {
        try await S.withCluster { cluster in
            let a = try cluster.connect(endpoint: "abcdefghijklmnopqrstuvwxyz.dsql.us-east-1.on.aws")
            let b = try cluster.connect(endpoint: "zyxwvutsrqponmlkjihgfedcba.dsql.us-east-2.on.aws")
            #expect(await S.error { _ = try cluster.connect(endpoint: "x.dsql.us-west-2.on.aws") }?.sqlstate == "08001")
            _ = try await a.execute("""
                CREATE TABLE users (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), email varchar(255) NOT NULL UNIQUE,
                name varchar(100), created_at timestamptz NOT NULL DEFAULT now())
                """)
            let job = try await b.execute("CREATE INDEX ASYNC users_name_idx ON users (name)")
            #expect(job.commandTag == "CREATE INDEX")
            let id = try #require(job.rows.first?.first ?? nil)
            #expect(id.count == 26 && id.allSatisfy { "abcdefghijklmnopqrstuvwxyz234567".contains($0) })
            #expect(try await a.execute("CALL sys.wait_for_job($1)", [.text(id)]).rows == [["t"]])
            let jobs = try await a.execute("SELECT status, job_type, object_name FROM sys.jobs WHERE job_id = $1", [.text(id)])
            #expect(jobs.rows == [["completed", "INDEX_BUILD", "public.users_name_idx"]])
            let inserted = try await a.execute("INSERT INTO users (email, name) VALUES ('a@example.com', 'A') RETURNING id")
            let uid = try #require(inserted.rows.first?.first ?? nil)
            #expect(uid.count == 36)
            #expect(await S.error { _ = try await b.execute("INSERT INTO users (email) VALUES ('a@example.com')") }?.sqlstate == "23505")
            _ = try await b.execute("INSERT INTO users (email, name) VALUES ('b@example.com', 'B')")
            #expect(try await a.execute("SELECT email FROM users ORDER BY email").rows == [["a@example.com"], ["b@example.com"]])
            #expect(try await b.execute("SELECT name FROM users WHERE id = $1", [.text(uid)]).rows == [["A"]])
            try await cluster.waitForConvergence()
            #expect(try await cluster.contentHash(.primary) == cluster.contentHash(.secondary))
        }
    }
}

/// Shared counters of the bank test's clients.
final class BankTally: Sendable {
    let badSums = Mutex<[String]>([])
    let stats = Mutex((committed: 0, failed: 0))
}
