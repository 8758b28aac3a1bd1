import ArgumentParser
import DSQL
import Foundation
import RegionStorage
import SQLiteBindings

/// `regionstack bench store`: single-row insert transactions per second, raw SQLite versus the
/// region store's full local write path (execute at a snapshot, then apply the changeset as the
/// next entry, without the replicated log).
///
/// It exists to show where the store's time goes against the raw-SQLite ceiling; register it in
/// `Bench.subcommands`.
struct BenchStore: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store", abstract: "Insert transactions per second: raw SQLite vs RegionDatabase.")

    @Option(help: "Seconds per case.")
    var seconds: Double = 3
    @Option(help: "Upper bound on transactions per case.")
    var maxTransactions: Int = 500_000
    @Option(help: "Concurrent clients for the RegionDatabase cases (comma separated).")
    var clients: String = "1,32"
    @Flag(help: "Also take the snapshot before the statement (BEGIN-time snapshot), forcing undo when others commit.")
    var beginSnapshot = false
    @Flag(help: "Only the RegionDatabase client cases (no raw baseline, no phase profile).")
    var regionOnly = false
    @Flag(help: "Also run with a second region database that applies every batch (two regions, no log).")
    var twoRegions = false

    func run() async throws {
        let limit = Duration.milliseconds(Int(seconds * 1000))
        print("bench store: \(seconds)s per case, at most \(maxTransactions) transactions")
        for synchronous in regionOnly ? [] : ["NORMAL", "FULL"] {
            let (rate, cpu) = try await StoreBench.raw(synchronous: synchronous, duration: limit, max: maxTransactions)
            let mode = synchronous + String(repeating: " ", count: max(0, 6 - synchronous.count))
            print("raw sqlite  WAL synchronous=\(mode) 1 client : " + String(format: "%9.0f tx/s  (cpu %.1f us/tx)", rate, cpu))
        }
        if !regionOnly {
        let profile = try await StoreBench.profile(transactions: 5_000)
        print(String(format: "region db   phases on the store thread (us/tx): begin+rollback %.1f, session %.1f, execute %.1f (write keys %.1f), apply 1 entry %.1f, apply batched x32 %.1f",
                     profile.beginRollback, profile.session, profile.execute, profile.writeKeys,
                     profile.applyOne, profile.applyBatched))
        }
        for n in clients.split(separator: ",").compactMap({ Int($0) }) {
            var modes = [(false, 1)]
            if beginSnapshot { modes.append((true, 1)) }
            if twoRegions { modes.append((false, 2)) }
            for (snapshotAtBegin, regions) in modes {
                let report = try await StoreBench.region(
                    clients: n, snapshotAtBegin: snapshotAtBegin, regions: regions, duration: limit, max: maxTransactions)
                let label = regions == 2 ? "2 regions     " : snapshotAtBegin ? "begin-snapshot" : "latest        "
                print("region db   \(label) " + String(format: "%2d clients: %9.0f tx/s  (cpu %.1f us/tx, execute %.1f us, apply batch %.1f us x %.0f, %.1f entries/batch)",
                             n, report.rate, report.cpuMicros,
                             report.executeMicros, report.applyMicros, Double(report.batches), report.meanBatch))
            }
        }
    }
}

/// The measurement loops behind `bench store`.
enum StoreBench {
    /// The rowid table `bench store` has always measured raw SQLite against.
    static let rowidTable = "CREATE TABLE bench (id INTEGER PRIMARY KEY, v TEXT NOT NULL)"

    /// Raw SQLite: one connection on its own thread, `INSERT` in autocommit, WAL, into the table
    /// `createTable` makes.
    static func raw(synchronous: String, createTable: String = rowidTable, duration: Duration, max: Int) async throws
        -> (rate: Double, cpuMicros: Double)
    {
        let directory = NSTemporaryDirectory() + "/bench-raw-\(UInt64.random(in: 0...UInt64.max))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let executor = SQLiteExecutor<SQLiteConnection>(name: "bench-raw") {
            try SQLiteConnection(path: directory + "/raw.sqlite")
        }
        defer { executor.shutdownDetached { $0.close() } }
        return try await executor.run { db in
            _ = try db.query("PRAGMA journal_mode = WAL")
            try db.exec("PRAGMA synchronous = \(synchronous); \(createTable)")
            let clock = ContinuousClock()
            let start = clock.now
            let cpuStart = processCPUSeconds()
            var count = 0
            while count < max {
                try db.run("INSERT INTO bench (id, v) VALUES (?, ?)", [.integer(Int64(count)), .text("value-\(count)")])
                count += 1
                if count % 64 == 0, clock.now - start > duration { break }
            }
            let cpu = (processCPUSeconds() - cpuStart) * 1e6 / Double(count)
            return (Double(count) / (clock.now - start).seconds, cpu)
        }
    }

    static func profile(transactions: Int) async throws -> RegionDatabase.LocalPathProfile {
        let db = try await RegionDatabase.ephemeral()
        try await db.apply(entries: [.schema(1, ["CREATE TABLE bench (id INTEGER PRIMARY KEY, v TEXT NOT NULL)"])])
        let profile = try await db.profileLocalPath(table: "bench", transactions: transactions, firstID: 0)
        await db.close()
        return profile
    }

    struct RegionReport {
        var rate: Double
        /// Process CPU time (all threads, user + system) per transaction.
        var cpuMicros: Double
        var executeMicros: Double
        var applyMicros: Double
        var batches: Int
        var meanBatch: Double
    }

    /// The full local path at `clients` concurrent async clients.
    static func region(clients: Int, snapshotAtBegin: Bool, regions: Int, duration: Duration, max: Int) async throws -> RegionReport {
        var databases: [RegionDatabase] = []
        for _ in 0..<regions {
            let db = try await RegionDatabase.ephemeral()
            try await db.apply(entries: [.schema(1, ["CREATE TABLE bench (id INTEGER PRIMARY KEY, v TEXT NOT NULL)"])])
            databases.append(db)
        }
        let db = databases[0]
        let committer = LocalCommitter(databases: databases)
        let clock = ContinuousClock()
        let start = clock.now
        let cpuStart = processCPUSeconds()
        let perClient = max / clients
        let executeTime = try await withThrowingTaskGroup(of: (Int, Duration).self) { group in
            for c in 0..<clients {
                group.addTask {
                    var done = 0
                    var executing = Duration.zero
                    while done < perClient, clock.now - start < duration {
                        let id = Int64(c) * 100_000_000 + Int64(done)
                        let t0 = clock.now
                        let result: StatementResult
                        if snapshotAtBegin {
                            let snapshot = db.acquireSnapshot()
                            defer { db.releaseSnapshot(snapshot) }
                            result = try await db.execute("INSERT INTO bench (id, v) VALUES (?, ?)",
                                                          [.integer(id), .text("value-\(id)")], at: snapshot)
                        } else {
                            result = try await db.executeAtLatest("INSERT INTO bench (id, v) VALUES (?, ?)",
                                                                  [.integer(id), .text("value-\(id)")])
                        }
                        executing += clock.now - t0
                        try await committer.commit(result.changeset)
                        done += 1
                    }
                    return (done, executing)
                }
            }
            var total = 0
            var executing = Duration.zero
            for try await (n, t) in group {
                total += n
                executing += t
            }
            return (total, executing)
        }
        let elapsed = (clock.now - start).seconds
        let cpu = processCPUSeconds() - cpuStart
        let stats = await committer.stats
        let hash = try await db.contentHash()
        for region in databases {
            let rows = try await region.query("SELECT count(*) FROM bench").rows
            let regionHash = try await region.contentHash()
            await region.close()
            guard rows == [[.integer(Int64(executeTime.0))]], regionHash == hash else {
                throw ValidationError("bench store: \(executeTime.0) commits but rows = \(rows), hashes \(hash) \(regionHash)")
            }
        }
        return RegionReport(
            rate: Double(executeTime.0) / elapsed,
            cpuMicros: cpu * 1e6 / Double(Swift.max(executeTime.0, 1)),
            executeMicros: executeTime.1.seconds * 1e6 / Double(Swift.max(executeTime.0, 1)),
            applyMicros: stats.applyTime.seconds * 1e6 / Double(Swift.max(stats.batches, 1)),
            batches: stats.batches,
            meanBatch: Double(stats.entries) / Double(Swift.max(stats.batches, 1)))
    }
}

/// Stands in for the replicated log: numbers changesets in arrival order and applies them in
/// batches (group commit) to every region, resuming each committer once its entry is applied
/// everywhere.
actor LocalCommitter {
    let databases: [RegionDatabase]
    private var pending: [([UInt8], CheckedContinuation<Void, any Error>)] = []
    private var flushing = false
    private(set) var stats = (batches: 0, entries: 0, applyTime: Duration.zero)

    init(databases: [RegionDatabase]) { self.databases = databases }

    func commit(_ changeset: [UInt8]) async throws {
        try await withCheckedThrowingContinuation { continuation in
            pending.append((changeset, continuation))
            if !flushing {
                flushing = true
                Task { await self.flush() }
            }
        }
    }

    private func flush() async {
        let clock = ContinuousClock()
        while !pending.isEmpty {
            let batch = pending
            pending = []
            var next = databases[0].appliedIndex + 1
            var entries: [StoreEntry] = []
            entries.reserveCapacity(batch.count)
            for (changeset, _) in batch {
                entries.append(.changeset(next, changeset))
                next += 1
            }
            let t0 = clock.now
            do {
                let batchEntries = entries
                let targets = databases
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for db in targets { group.addTask { try await db.apply(entries: batchEntries) } }
                    try await group.waitForAll()
                }
                stats.applyTime += clock.now - t0
                stats.batches += 1
                stats.entries += entries.count
                for (_, continuation) in batch { continuation.resume() }
            } catch {
                for (_, continuation) in batch { continuation.resume(throwing: error) }
            }
        }
        flushing = false
    }
}

/// User + system CPU seconds of the whole process.
func processCPUSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
        + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

extension Duration {
    var seconds: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) / 1e18
    }
}
