import Chaos
import Determinism
import Foundation
import Replication
import Testing

/// The drill fixtures and the schedule builder: pure values, driven by a seeded generator.
/// `RS_DRILL_TEST_SEED=N` replays a run; every failure names the seed it drew.
@Suite struct DrillScheduleTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../fixtures/drills").standardized.path
    static let required = ["region-outage", "witness-outage", "isolate-primary", "split", "pause-primary",
                           "rolling-restarts", "flaky-links", "slow-links"]
    /// The generator that draws the seeds the tests try.
    static let baseSeed = UInt64(ProcessInfo.processInfo.environment["RS_DRILL_TEST_SEED"] ?? "") ?? 20261202

    static func fixture(_ name: String) throws -> DrillFixture {
        let data = try #require(FileManager.default.contents(atPath: "\(directory)/\(name).json"), "\(directory)/\(name).json")
        return try DrillFixture.parse(Array(data))
    }

    static func parse(_ text: String) throws(DrillFixtureError) -> DrillFixture { try DrillFixture.parse(Array(text.utf8)) }

    @Test func everyRequiredFixtureIsInTheRepositoryAndParses() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.directory).filter { $0.hasSuffix(".json") }
        #expect(Set(files.map { String($0.dropLast(5)) }) == Set(Self.required))
        for name in Self.required {
            let fixture = try Self.fixture(name)
            #expect(fixture.name == name)
            #expect(!fixture.steps.isEmpty && !fixture.description.isEmpty)
            #expect(fixture.durationMs <= 5_000, "\(name): drills stay short, so 8 fixtures x 5 seeds fit CI")
        }
    }

    @Test func sameSeedGivesTheSameScheduleAndOperations() throws {
        var seeds = SeededGenerator(seed: Self.baseSeed)
        for name in Self.required {
            let fixture = try Self.fixture(name)
            for _ in 0..<20 {
                let seed = seeds.next()
                let a = DrillSchedule(fixture, seed: seed), b = DrillSchedule(fixture, seed: seed)
                #expect(a == b, "\(name) seed \(seed) (base seed \(Self.baseSeed))")
                var wa = DrillWorkload(seed: a.workloadSeed, mix: fixture.workload)
                var wb = DrillWorkload(seed: b.workloadSeed, mix: fixture.workload)
                // Clients draw independently: interleaving them differently changes nothing.
                let first = DrillClient.all.flatMap { c in (0..<50).map { _ in wa.next(for: c) } }
                var second: [DrillClient: [DrillOperation]] = [:]
                for _ in 0..<50 { for c in DrillClient.all.reversed() { second[c, default: []].append(wb.next(for: c)) } }
                #expect(first == DrillClient.all.flatMap { second[$0]! }, "\(name) seed \(seed) (base seed \(Self.baseSeed))")
            }
        }
    }

    @Test func stepsFallInsideTheirRangesInFileOrder() throws {
        var seeds = SeededGenerator(seed: Self.baseSeed &+ 1)
        for name in Self.required {
            let fixture = try Self.fixture(name)
            for _ in 0..<200 {
                let seed = seeds.next()
                let schedule = DrillSchedule(fixture, seed: seed)
                let context = "\(name) seed \(seed) (base seed \(Self.baseSeed))"
                #expect(schedule.steps.count == fixture.steps.count, "\(context)")
                var previous = 0
                for (step, template) in zip(schedule.steps, fixture.steps) {
                    switch template.timing {
                    case .at(let r): #expect((r.low...r.high).contains(step.atMs), "\(context): \(step)")
                    case .after(let r): #expect((previous + r.low...previous + r.high).contains(step.atMs), "\(context): \(step)")
                    }
                    #expect(step.atMs >= previous && step.atMs <= schedule.durationMs, "\(context): \(step)")
                    previous = step.atMs
                }
            }
        }
    }

    @Test func seedsVaryTimesAndTheRollingOrderCoversEveryPermutation() throws {
        var seeds = SeededGenerator(seed: Self.baseSeed &+ 2)
        let outage = try Self.fixture("region-outage")
        let rolling = try Self.fixture("rolling-restarts")
        var killTimes = Set<Int>()
        var orders = Set<[NodeID]>()
        for _ in 0..<300 {
            let seed = seeds.next()
            killTimes.insert(DrillSchedule(outage, seed: seed).steps[0].atMs)
            let schedule = DrillSchedule(rolling, seed: seed)
            orders.insert(schedule.shuffled)
            // Each region is killed once and restored right after, one at a time.
            let actions = schedule.steps.map(\.action)
            let expected = schedule.shuffled.flatMap { n in [DrillAction.kill(n, .refuse), .restore(n)] }
            #expect(actions == expected, "seed \(seed) (base seed \(Self.baseSeed)): \(actions)")
        }
        #expect(killTimes.count > 100, "kill times drawn from 500...900 ms: \(killTimes.count) distinct (base seed \(Self.baseSeed))")
        #expect(orders.count == 6, "every order of three regions: \(orders) (base seed \(Self.baseSeed))")
    }

    @Test func aShorterDurationScalesEveryStep() throws {
        let fixture = try Self.fixture("pause-primary")
        let full = DrillSchedule(fixture, seed: 7)
        let half = DrillSchedule(fixture, seed: 7, durationMs: fixture.durationMs / 2)
        #expect(half.durationMs == fixture.durationMs / 2)
        for (a, b) in zip(full.steps, half.steps) {
            #expect(abs(b.atMs * 2 - a.atMs) <= 1, "\(a) vs \(b)")
            #expect(a.action == b.action)
        }
    }

    @Test func workloadOperationsFollowTheMix() {
        var seeds = SeededGenerator(seed: Self.baseSeed &+ 3)
        let seed = seeds.next()
        let mix = DrillWorkloadMix()
        var workload = DrillWorkload(seed: seed, mix: mix)
        var transfers = 0, creates = 0
        var ids = Set<String>()
        for client in DrillClient.all {
            for _ in 0..<2_000 {
                switch workload.next(for: client) {
                case .transfer(let id, let from, let to, let amount):
                    #expect(client.kind == .bank && from != to && (0..<mix.accounts).contains(from) && (0..<mix.accounts).contains(to))
                    #expect((1...50).contains(amount) && ids.insert(id).inserted, "seed \(seed): \(id)")
                    transfers += 1
                case .createUser(_, let email):
                    #expect(client.kind == .users && ids.insert(email).inserted, "seed \(seed): \(email)")
                    creates += 1
                case .readLedger: #expect(client.kind == .bank)
                case .listUsers: #expect(client.kind == .users)
                }
            }
        }
        // 4,000 draws per kind of client: within a few points of the shares.
        #expect(abs(Double(transfers) / 4_000 - mix.transferShare) < 0.04, "seed \(seed): \(transfers) transfers")
        #expect(abs(Double(creates) / 4_000 - mix.createShare) < 0.04, "seed \(seed): \(creates) creations")
    }

    @Test func refusesMalformedFixturesNamingTheProblem() {
        let base = #""name": "x", "duration_ms": 1000"#
        for (text, expected) in [
            ("[]", "JSON object"),
            (#"{"duration_ms": 1000, "steps": []}"#, "\"name\""),
            (#"{\#(base)}"#, "\"steps\""),
            (#"{\#(base), "steps": [], "extra": 1}"#, "unknown member \"extra\""),
            (#"{\#(base), "steps": [{"action": "explode"}]}"#, "unknown action \"explode\""),
            (#"{\#(base), "steps": [{"action": "kill"}]}"#, "needs \"region\""),
            (#"{\#(base), "steps": [{"action": "kill", "region": "mars"}]}"#, "\"mars\" is no region"),
            (#"{\#(base), "steps": [{"action": "kill", "region": "shuffled:1"}]}"#, "shuffled_regions lists 0"),
            (#"{\#(base), "steps": [{"action": "kill", "region": "primary", "mode": "melt"}]}"#, "refuse or blackhole"),
            (#"{\#(base), "steps": [{"action": "kill", "region": "primary", "at_ms": 1500}]}"#, "after the drill's duration_ms"),
            (#"{\#(base), "steps": [{"action": "kill", "region": "primary", "at_ms": [900, 100]}]}"#, "a range [low, high]"),
            (#"{\#(base), "steps": [{"action": "heal", "at_ms": 1, "after_ms": 2}]}"#, "both at_ms and after_ms"),
            (#"{\#(base), "steps": [{"action": "links", "loss": 2}]}"#, "\"loss\" must be a number from 0 to 1"),
            (#"{\#(base), "steps": [{"action": "latency", "preset": "lunar"}]}"#, "zero, realistic"),
            (#"{\#(base), "steps": [{"action": "partition", "from": "primary", "to": "primary"}]}"#, "two different regions"),
            (#"{\#(base), "steps": [{"action": "heal", "region": "primary"}]}"#, "unknown member \"region\""),
        ] {
            do {
                _ = try Self.parse(text)
                Issue.record("accepted \(text)")
            } catch {
                #expect(error.message.contains(expected), "\(text): \(error.message)")
            }
        }
    }

    @Test func linesNameTheConfiguredRegions() throws {
        let names = RegionNames(primary: "eu-west-1", secondary: "eu-west-2", witness: "eu-central-1")
        let schedule = DrillSchedule(try Self.fixture("split"), seed: 3)
        let lines = schedule.lines(names)
        #expect(lines.count == 2)
        #expect(lines[0].hasSuffix("partition eu-west-1 <-> eu-west-2"), "\(lines)")
        #expect(lines[1].hasSuffix("heal everything") && lines[1].hasPrefix("+"), "\(lines)")
        #expect(DrillSchedule.offset(1250) == "+1.250 s" && DrillSchedule.offset(5) == "+0.005 s")
    }
}
