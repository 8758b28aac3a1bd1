import ArgumentParser
import DSQL
import DSQLClient
import DSQLDialect
import Foundation
import Replication
import Synchronization

/// `regionstack bench dsql`: single-row INSERT transactions per second through the whole DSQL
/// path (session, dialect, region store, replicated file-backed log, apply in both regions), beside
/// raw SQLite doing the same inserts on one connection, for each log sync setting against raw
/// SQLite at the same `synchronous` setting (the log's `full` is SQLite's FULL: durable once
/// fsynced; its `normal` is SQLite WAL's NORMAL: durable across a process crash).
///
/// It exists to show what the two-region store costs against the raw-SQLite ceiling; register it
/// in `Bench.subcommands`.
struct BenchDSQL: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dsql", abstract: "Insert transactions/s through the two-region DSQL store vs raw SQLite.")

    @Option(help: "Seconds per case.") var seconds: Double = 3
    @Option(help: "Upper bound on transactions per case.") var maxTransactions: Int = 200_000
    @Option(help: "Concurrent clients (comma separated).") var clients: String = "1,32"
    @Option(help: "Directory for the temporary data directories.") var directory: String = NSTemporaryDirectory()
    @Flag(help: "Skip the raw SQLite baseline.") var noRaw = false
    @Option(help: ArgumentHelp("Commit-log sync settings to measure (comma separated); each is compared with raw SQLite at the same synchronous setting.",
                               valueName: "full,normal"))
    var logSync: String = "full,normal"

    func validate() throws {
        if logSyncs.isEmpty || logSync.split(separator: ",").contains(where: { LogSync(parsing: String($0)) == nil }) {
            throw ValidationError("--log-sync takes full, normal or both (comma separated)")
        }
    }

    var logSyncs: [LogSync] { logSync.split(separator: ",").compactMap { LogSync(parsing: String($0)) } }

    func run() async throws {
        let limit = Duration.milliseconds(Int(seconds * 1000))
        print("bench dsql: \(seconds)s per case, at most \(maxTransactions) transactions, file-backed log, zero link latency")
        var raw: [LogSync: Double] = [:]
        // Raw SQLite gets the very table the store keeps for the same CREATE TABLE (the dialect's
        // SQLite DDL: `INT ... PRIMARY KEY` is a rowid table plus its primary-key index).
        let table = try DSQLBench.storeTableDDL()
        print("raw sqlite table: \(table)")
        for sync in noRaw ? [] : LogSync.allCases.reversed() {
            let (rate, cpu) = try await StoreBench.raw(synchronous: sync.description, createTable: table, duration: limit,
                                                       max: maxTransactions)
            raw[sync] = rate
            let mode = sync.description.padding(toLength: 6, withPad: " ", startingAt: 0)
            print("raw sqlite WAL synchronous=\(mode)  1 client : " + String(format: "%9.0f tx/s  (cpu %.1f us/tx)", rate, cpu))
        }
        for sync in logSyncs {
            for n in clients.split(separator: ",").compactMap({ Int($0) }) {
                for placement in [DSQLBench.Placement.bothRegions, .primaryOnly] {
                    let r = try await DSQLBench.inserts(clients: n, placement: placement, logSync: sync, duration: limit,
                                                        max: maxTransactions, directory: directory)
                    let mode = sync.description.padding(toLength: 6, withPad: " ", startingAt: 0)
                    var line = "dsql log sync \(mode) \(placement.rawValue) " + String(format: "%2d clients: %9.0f tx/s  (p50 %.2f ms, p99 %.2f ms, cpu %.1f us/tx, %d errors)",
                                                                      n, r.rate, r.p50 * 1000, r.p99 * 1000, r.cpuMicros, r.errors)
                    if let base = raw[sync] { line += String(format: "  = %.2f x raw \(sync)", r.rate / base) }
                    if r.errors > 0 { line += "  [errors: \(r.errorKinds)]" }
                    print(line)
                }
            }
        }
    }
}

/// The measurement loop behind `bench dsql`.
enum DSQLBench {
    enum Placement: String {
        case bothRegions = "both regions "
        case primaryOnly = "primary only "
    }

    struct Report {
        var rate: Double
        var p50: Double
        var p99: Double
        var cpuMicros: Double
        var errors: Int
        /// Errors by SQLSTATE, e.g. `08007 x3`.
        var errorKinds: String
    }

    final class Tally: Sendable {
        let latencies = Mutex<[Double]>([])
        let errors = Mutex(0)
        let kinds = Mutex<[String: Int]>([:])
    }

    /// The benchmark's table, in the PostgreSQL dialect.
    static let createTable = "CREATE TABLE bench (id bigint PRIMARY KEY, v text NOT NULL)"

    /// The SQLite DDL the region stores run for `createTable` (what raw SQLite is given).
    static func storeTableDDL() throws -> String {
        let prepared = try Dialect.prepare(createTable, catalog: Catalog(), ddlContext: DDLContext(jobID: "", timestamp: 0))
        let statements = (prepared.ddl?.sqlite ?? []).filter { $0.hasPrefix("CREATE") }
        guard !statements.isEmpty else { throw ValidationError("the dialect rendered no DDL for \(createTable)") }
        return statements.joined(separator: "; ")
    }

    /// `clients` sessions insert distinct rows in autocommit until `duration` or `max` inserts.
    static func inserts(
        clients: Int, placement: Placement, logSync: LogSync, duration: Duration, max: Int, directory: String
    ) async throws -> Report {
        let dir = directory + "/bench-dsql-\(UInt64.random(in: 0...UInt64.max))"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let cluster = try await DSQLCluster.start(directory: dir, logSync: logSync)
        let setup = try cluster.connect(region: .primary)
        _ = try await setup.execute(createTable)
        let tally = Tally()
        let perClient = Swift.max(1, max / clients)
        let clock = ContinuousClock()
        let start = clock.now
        let cpuStart = processCPUSeconds()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for c in 0..<clients {
                let region: NodeID = placement == .primaryOnly || c % 2 == 0 ? .primary : .secondary
                let session = try cluster.connect(region: region)
                group.addTask {
                    var local: [Double] = []
                    var failures = 0
                    var kinds: [String: Int] = [:]
                    for i in 0..<perClient {
                        let t0 = clock.now
                        do {
                            _ = try await session.execute("INSERT INTO bench (id, v) VALUES ($1, $2)",
                                                          [.integer(Int64(c) * 1_000_000_000 + Int64(i)), .text("value-\(i)")])
                        } catch {
                            failures += 1
                            kinds[(error as? DSQLError)?.sqlstate ?? "other", default: 0] += 1
                        }
                        let now = clock.now
                        local.append((now - t0).seconds)
                        if now - start > duration { break }
                    }
                    tally.latencies.withLock { $0 += local }
                    tally.errors.withLock { $0 += failures }
                    tally.kinds.withLock { $0.merge(kinds, uniquingKeysWith: +) }
                }
            }
            try await group.waitForAll()
        }
        let elapsed = (clock.now - start).seconds
        let cpu = processCPUSeconds() - cpuStart
        try await cluster.waitForConvergence()
        await cluster.shutdown()
        let latencies = tally.latencies.withLock { $0 }.sorted()
        let count = latencies.count
        func pct(_ p: Double) -> Double { count == 0 ? 0 : latencies[Swift.min(count - 1, Int(Double(count) * p))] }
        return Report(rate: Double(count) / elapsed, p50: pct(0.5), p99: pct(0.99),
                      cpuMicros: count == 0 ? 0 : cpu * 1e6 / Double(count), errors: tally.errors.withLock { $0 },
                      errorKinds: tally.kinds.withLock { $0 }.sorted { $0.key < $1.key }.map { "\($0.key) x\($0.value)" }.joined(separator: ", "))
    }
}
