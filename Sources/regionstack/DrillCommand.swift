import ArgumentParser
import Foundation
import RegionStack

/// `regionstack drill FIXTURE --seed N`: a seeded chaos drill against an in-process stack.
///
/// It prints one line per schedule step as it runs, then the per-region operation counts, the
/// kills' recovery times, the global endpoint's switches and the invariants; writes the JSON
/// report; and exits 1 when an invariant was violated (2 when the drill could not run).
struct DrillCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drill",
        abstract: "Run a seeded chaos drill (fixtures/drills/NAME.json) and check that nothing acknowledged is lost.")

    @Argument(help: "The drill fixture, e.g. fixtures/drills/region-outage.json.")
    var fixture: String

    @Option(help: "The seed: the same seed gives the same schedule and the same operations.")
    var seed: UInt64 = 1

    @Option(help: "Run the workload this many seconds instead of the fixture's duration (steps scale with it).")
    var duration: Double?

    @Option(help: "Where to write the JSON report (default: .regionstack/drills/NAME-seed-N.json).")
    var report: String?

    @Option(name: .customLong("var"), help: "Set a variable, e.g. --var primary_region=eu-west-1 (repeatable).")
    var variables: [String] = []

    func run() async throws {
        let loaded: DrillFixture
        do {
            loaded = try DrillRunner.load(fixture)
        } catch {
            FileHandleOutput.stderr("regionstack: \(error)")
            throw ExitCode(2)
        }
        if let duration, !(duration >= 0.1 && duration <= 600) {
            FileHandleOutput.stderr("regionstack: --duration must be between 0.1 and 600 seconds, got \(duration)")
            throw ExitCode(2)
        }
        var options = DrillOptions()
        options.seed = seed
        options.durationMs = duration.map { Int(($0 * 1000).rounded()) }
        options.variables = variables
        options.reportPath = report ?? ".regionstack/drills/\(loaded.name)-seed-\(seed).json"
        options.log = { FileHandleOutput.stdout($0) }
        let result: DrillReport
        do {
            result = try await DrillRunner.run(loaded, options)
        } catch {
            FileHandleOutput.stderr("regionstack: drill \(loaded.name) could not run: \(error)")
            throw ExitCode(2)
        }
        FileHandleOutput.stdout("report: \(options.reportPath!)")
        if !result.passed { throw ExitCode(1) }
    }
}
