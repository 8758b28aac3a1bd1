import Foundation
import Glibc
import RegionStack
import Replication
import Synchronization
import Testing

/// Every fixture drill over a real in-process stack, for five seeds, each bounded to 30 s; a
/// sabotaged drill that must fail; and the `regionstack drill` command.
///
/// `RS_DRILL_SEEDS=7,8,9` runs other seeds (`random` draws five and prints them).
@Suite("Drills: every fixture, five seeds", .serialized)
struct DrillFixtureTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../fixtures/drills").standardized.path
    static let fixtures = ["region-outage", "witness-outage", "isolate-primary", "split", "pause-primary",
                           "rolling-restarts", "flaky-links", "slow-links"]
    static let seeds: [UInt64] = {
        let text = ProcessInfo.processInfo.environment["RS_DRILL_SEEDS"] ?? "1,2,3,4,5"
        if text == "random" { return (0..<5).map { _ in UInt64.random(in: 1...UInt64(UInt32.max)) } }
        return text.split(separator: ",").compactMap { UInt64($0.trimmingCharacters(in: .whitespaces)) }
    }()
    static let limit: Duration = .seconds(30)

    /// Runs one drill within `limit`; nil (and an issue) when it did not finish.
    static func drill(_ name: String, seed: UInt64, configure: (inout DrillOptions) -> Void = { _ in }) async throws
        -> (DrillReport, [String])?
    {
        let fixture = try DrillRunner.load("\(directory)/\(name).json")
        let lines = LineLog()
        var options = DrillOptions()
        options.seed = seed
        options.log = { line in lines.append(line) }
        configure(&options)
        let frozen = options
        let started = ContinuousClock.now
        let outcome = await DrillRunner.within(limit) { try await DrillRunner.run(fixture, frozen) }
        let took = ContinuousClock.now - started
        guard let outcome else {
            Issue.record("drill \(name) seed \(seed) did not finish within \(limit): \(lines.all)")
            return nil
        }
        let report = try outcome.get()
        print("drill \(name) seed \(seed): \(report.passed ? "passed" : "FAILED") in \(took)")
        return (report, lines.all)
    }

    @Test(arguments: fixtures) func fixturePassesForFiveSeeds(_ name: String) async throws {
        #expect(Self.seeds.count == 5 || ProcessInfo.processInfo.environment["RS_DRILL_SEEDS"] != nil)
        let fixture = try DrillRunner.load("\(Self.directory)/\(name).json")
        for seed in Self.seeds {
            guard let result = try await Self.drill(name, seed: seed) else { continue }
            let (report, lines) = result
            #expect(report.passed, "drill \(name) seed \(seed) (replay: regionstack drill fixtures/drills/\(name).json --seed \(seed)):\n\(lines.joined(separator: "\n"))")
            // One line per step while it runs, then the closing heal.
            let steps = report.steps.filter { !$0.closing }.count
            #expect(steps == fixture.steps.count)
            #expect(lines.filter { $0.hasPrefix("+") }.count == steps + 1, "\(lines)")
            #expect(report.steps.allSatisfy { !$0.result.hasPrefix("error") }, "\(report.steps)")
            // The workload ran from both regions and something committed in each phase.
            for region in NodeID.dataRegions {
                let counts = report.counts[region]
                #expect((counts?.total ?? 0) > 20, "drill \(name) seed \(seed): \(region) ran \(String(describing: counts))")
            }
            #expect(report.counts.values.map(\.committed).reduce(0, +) > 20, "drill \(name) seed \(seed)")
            for kill in report.kills where kill.region.isDataRegion {
                #expect(kill.survivorFirstCommitMs != nil, "drill \(name) seed \(seed): nobody committed after \(kill)")
            }
        }
    }

    @Test func aSabotagedDrillFailsNamingTheBrokenInvariants() async throws {
        guard let result = try await Self.drill("witness-outage", seed: 11, configure: {
            $0.durationMs = 1_500
            $0.sabotage = [.loseAcknowledgedWrite, .skimTheBank]
        }) else { return }
        let (report, lines) = result
        #expect(!report.passed)
        #expect(report.invariants.filter { !$0.holds }.map(\.name) == ["acknowledged-writes-kept", "bank-total"], "\(lines)")
        #expect(lines.last == "drill witness-outage seed 11: FAILED")
    }
}

/// The lines a drill printed.
final class LineLog: Sendable {
    private let lines = Mutex<[String]>([])
    func append(_ line: String) { lines.withLock { $0.append(line) } }
    var all: [String] { lines.withLock { $0 } }
}

/// `regionstack drill` as a command: lines while it runs, the report file, the exit status.
@Suite("Drills: the drill command", .serialized)
struct DrillCommandTests {
    @Test func printsStepsWritesTheReportAndExitsByTheInvariants() async throws {
        let binary = try #require(StackProcess.binaryBesideTests(), "build with `swift build --build-tests` first")
        let report = "/tmp/regionstack-drill-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).json"
        defer { unlink(report) }
        let fixture = "\(DrillFixtureTests.directory)/split.json"
        var (status, out, err) = try await StackChaosCommandTests.run(binary, [
            "drill", fixture, "--seed", "4", "--duration", "1.5", "--report", report,
            "--var", "primary_region=eu-west-1", "--var", "secondary_region=eu-west-2", "--var", "witness_region=eu-central-1",
        ])
        #expect(status == 0, "\(out)\n\(err)")
        #expect(out.contains("partition eu-west-1 <-> eu-west-2") && !out.contains("us-east-1"), "\(out)")
        #expect(out.contains("drill split seed 4: passed") && out.contains("report: \(report)"), "\(out)")
        let json = try #require(FileManager.default.contents(atPath: report).flatMap { try JSONSerialization.jsonObject(with: $0) as? [String: Any] })
        #expect(json["passed"] as? Bool == true && json["seed"] as? Int == 4 && json["duration_ms"] as? Int == 1500)
        #expect((json["regions"] as? [String: String])?["primary"] == "eu-west-1")
        #expect((json["invariants"] as? [[String: Any]])?.count == 4)

        (status, out, err) = try await StackChaosCommandTests.run(binary, ["drill", "/nonexistent/drill.json"])
        #expect(status == 2 && err.contains("cannot read the drill fixture /nonexistent/drill.json"), "\(err)")
    }
}
