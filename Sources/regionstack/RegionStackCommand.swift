import ArgumentParser

/// The `regionstack` command line. With no subcommand it means `regionstack up`.
@main
struct RegionStackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "regionstack",
        abstract: "A local emulator of a multi-region API Gateway, Lambda and Aurora DSQL stack.",
        subcommands: [Up.self, SQLCommand.self, StatusCommand.self, ChaosCommand.self, Destroy.self, Bench.self, TokenCommand.self],
        defaultSubcommand: Up.self)
}

/// `regionstack bench ...`: benchmarks that print figures. Each concept adds its own subcommand
/// in a `Bench+Concept.swift` file and lists it here.
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a benchmark and print its figures.",
        subcommands: [HTTPBench.self, BenchLog.self, BenchStore.self, BenchDSQL.self, BenchChaos.self])
}
