import ArgumentParser

/// The `regionstack` command line. With no subcommand it means `regionstack up`.
@main
struct RegionStackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "regionstack",
        abstract: "A local emulator of a multi-region API Gateway, Lambda and Aurora DSQL stack.",
        subcommands: [Up.self, Bench.self],
        defaultSubcommand: Up.self)
}

/// `regionstack up`: start the stack. Filled in by the foundation issue.
struct Up: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Start the stack (the default).")
    func run() async throws {
        throw ValidationError("regionstack up is not built yet")
    }
}

/// `regionstack bench ...`: benchmarks that print figures. Each concept adds its own subcommand
/// in a `Bench+Concept.swift` file and lists it here.
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a benchmark and print its figures.",
        subcommands: [BenchStore.self, BenchLog.self])
}
