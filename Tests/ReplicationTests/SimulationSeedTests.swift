import Foundation
import Testing
@testable import Replication

/// Random-seed simulation runs. RS_SIM_SEEDS / RS_SIM_FIRST_SEED / RS_SIM_EVENTS change the
/// batch (e.g. RS_SIM_SEEDS=10000 swift test -c release --filter SimulationSeedTests).
struct SimulationSeedTests {
    static var environment: [String: String] { ProcessInfo.processInfo.environment }
    static let seedCount = Int(environment["RS_SIM_SEEDS"] ?? "") ?? 200
    static let firstSeed = UInt64(environment["RS_SIM_FIRST_SEED"] ?? "") ?? 1
    static let events = Int(environment["RS_SIM_EVENTS"] ?? "") ?? 5_000
    /// Seeds are split into shards so Swift Testing runs them on both cores.
    static let shards = 8

    /// What one shard of seeds found; computed off the cooperative pool, asserted in the test.
    struct ShardOutcome: Sendable {
        var ran = 0, witnessLed = 0, conflicts = 0, unknowns = 0, dedups = 0, crashes = 0, pauses = 0, reads = 0
        var shortSeeds: [UInt64] = []
        var failures: [(seed: UInt64, violations: String)] = []
    }

    @Test(arguments: 0..<shards)
    func randomSeeds(shard: Int) async {
        // The simulator is CPU-bound and synchronous: run it on its own thread so it never holds one of
        // the cooperative pool's two threads, which the socket tests in this process need.
        let outcome = await OffPool.run { () -> ShardOutcome in
            var o = ShardOutcome()
            var seed = Self.firstSeed + UInt64(shard)
            while seed < Self.firstSeed + UInt64(Self.seedCount) {
                let report = Simulator.runSeed(seed, events: Self.events)
                o.ran += 1
                o.witnessLed += report.witnessLeaderships
                o.conflicts += report.conflicts
                o.unknowns += report.unknowns
                o.dedups += report.duplicatesDeduplicated
                o.crashes += report.crashes
                o.pauses += report.pauses
                o.reads += report.reads
                if report.events < Self.events { o.shortSeeds.append(seed) }
                if !report.violations.isEmpty {
                    o.failures.append((seed, report.violations.joined(separator: " | ")))
                }
                seed += UInt64(Self.shards)
            }
            return o
        }
        #expect(outcome.shortSeeds.isEmpty, "seeds that ran fewer than \(Self.events) events: \(outcome.shortSeeds)")
        for failure in outcome.failures {
            Issue.record("seed \(failure.seed) failed: \(failure.violations); replay: RS_SIM_FIRST_SEED=\(failure.seed) RS_SIM_SEEDS=1")
        }
        print(
            "simulation shard \(shard): \(outcome.ran) seeds x \(Self.events) events, \(outcome.failures.count) failing; "
                + "witness led \(outcome.witnessLed)x, conflicts \(outcome.conflicts), unknown \(outcome.unknowns), "
                + "retries committed \(outcome.dedups), crashes \(outcome.crashes), pauses \(outcome.pauses), reads \(outcome.reads)")
        // "Sometimes" assertions: a batch that never exercised these paths proved little.
        if outcome.ran >= 20 {
            #expect(
                outcome.witnessLed > 0 && outcome.conflicts > 0 && outcome.unknowns > 0 && outcome.dedups > 0
                    && outcome.crashes > 0 && outcome.pauses > 0,
                "shard \(shard) did not exercise every fault path")
        }
    }

    @Test func sameSeedSameTrace() async {
        let seed = Self.firstSeed
        let (a, b, c) = await OffPool.run {
            (Simulator.runSeed(seed, events: 2_000).traceHash, Simulator.runSeed(seed, events: 2_000).traceHash,
             Simulator.runSeed(seed + 1, events: 2_000).traceHash)
        }
        #expect(a == b, "seed \(Self.firstSeed): trace hashes differ")
        #expect(a != c, "seeds \(Self.firstSeed) and +1 gave the same trace")
    }
}
