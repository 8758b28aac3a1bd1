import ArgumentParser
import Foundation
import Replication

/// `regionstack bench log`: commit-log throughput, latency and failover figures.
struct BenchLog: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Commits/s and commit latency through the replicated log, failover time, realistic-latency commits.")

    @Option(help: "Seconds per throughput run.") var seconds: Double = 2
    @Option(help: "Failover trials (0 to skip).") var failoverTrials: Int = 50
    @Option(help: "Commits per region with the realistic preset (0 to skip).") var realisticCommits: Int = 100
    @Option(help: "Directory for the temporary logs.") var directory: String = NSTemporaryDirectory()

    func run() async throws {
        var options = LogBenchmark.Options()
        options.seconds = seconds
        options.failoverTrials = failoverTrials
        options.realisticCommits = realisticCommits
        options.directory = directory
        try await LogBenchmark.run(options) { print($0) }
    }
}
