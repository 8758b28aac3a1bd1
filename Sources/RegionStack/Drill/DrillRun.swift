import Chaos
import DSQL
import DSQLClient
import Foundation
import HTTP
import Replication
import Synchronization

/// One drill in progress: the stack, the schedule, the clients' records.
final class DrillRun: Sendable {
    let runtime: StackRuntime
    let cluster: DSQLCluster
    let names: RegionNames
    let schedule: DrillSchedule
    let mix: DrillWorkloadMix
    let ports: [NodeID: Int]
    let log: @Sendable (String) -> Void
    let records = Mutex<[DrillRecord]>([])
    let steps = Mutex<[DrillStepRun]>([])
    /// The workload's start (monotonic ns), set once the bank is ready.
    let startedAt = Atomic<UInt64>(0)

    init(runtime: StackRuntime, cluster: DSQLCluster, names: RegionNames, schedule: DrillSchedule, mix: DrillWorkloadMix,
         ports: [NodeID: Int], log: @escaping @Sendable (String) -> Void) {
        self.runtime = runtime
        self.cluster = cluster
        self.names = names
        self.schedule = schedule
        self.mix = mix
        self.ports = ports
        self.log = log
    }

    static func now() -> UInt64 { StackRuntime.monotonicNanos() }
    var start: UInt64 { startedAt.load(ordering: .acquiring) }
    func elapsedMs() -> Int { Int((Self.now() &- start) / 1_000_000) }

    /// Setup, workload and schedule, closing heal, final reads, checks.
    func execute(sabotage: [DrillSabotage]) async throws -> DrillReport {
        try await setUpBank()
        log("drill \(schedule.name) seed \(schedule.seed): \(schedule.steps.count) steps over \(DrillSchedule.offset(schedule.durationMs).dropFirst()); "
            + "regions \(names[.primary]) (primary), \(names[.secondary]) (secondary), \(names[.witness]) (witness)")
        startedAt.store(Self.now(), ordering: .releasing)
        let deadline = start + UInt64(schedule.durationMs) * 1_000_000
        let workload = DrillWorkload(seed: schedule.workloadSeed, mix: mix)
        let pools = Dictionary(uniqueKeysWithValues: NodeID.dataRegions.map { ($0, HTTPClientPool(port: ports[$0] ?? 0, maxConnections: 1)) })
        defer { for pool in pools.values { pool.shutdown() } }

        let clients = DrillClient.all.map { client in
            Task { await self.runClient(client, workload: workload, pool: pools[client.region]!, until: deadline) }
        }
        await runSchedule()
        let wait = deadline > Self.now() ? deadline - Self.now() : 0
        try? await Task.sleep(for: .nanoseconds(Int64(wait)))
        await closingHeal()
        for client in clients { await client.value }
        await settle()
        for breakage in sabotage { try await inflict(breakage) }
        let final = await readFinalState()
        let history = records.withLock { $0 }
        let invariants = DrillInvariants.check(history, final: final, mix: mix)
        let report = DrillReport(
            schedule: schedule, names: names, steps: steps.withLock { $0 }, records: history,
            switches: runtime.route53HealthChecks?.switches ?? [], start: start, final: final, invariants: invariants)
        for line in report.summaryLines { log(line) }
        return report
    }

    /// The bank's two tables and its opening balances (retried while the log elects a leader).
    func setUpBank() async throws {
        let session = try cluster.connect(region: .primary)
        let statements = [
            "CREATE TABLE IF NOT EXISTS drill_bank (id int PRIMARY KEY, balance bigint NOT NULL)",
            "CREATE TABLE IF NOT EXISTS drill_ledger (id text PRIMARY KEY, src int NOT NULL, dst int NOT NULL, amount bigint NOT NULL, region text NOT NULL)",
        ]
        for sql in statements { try await Self.retrying { _ = try await session.execute(sql) } }
        try await Self.retrying {
            try await session.transaction { tx throws(DSQLError) in
                for id in 0..<self.mix.accounts {
                    _ = try await tx.execute(
                        "INSERT INTO drill_bank VALUES ($1, $2)", [.integer(Int64(id)), .integer(Int64(self.mix.initialBalance))])
                }
            }
        }
    }

    /// Runs `body` until it succeeds, for at most 10 s.
    static func retrying(_ body: () async throws -> Void) async throws {
        let limit = ContinuousClock.now + .seconds(10)
        while true {
            do { return try await body() } catch {
                guard ContinuousClock.now < limit else { throw DrillError("the drill's setup kept failing: \(error)") }
                try? await Task.sleep(for: .milliseconds(50))
            }
        }
    }
}
