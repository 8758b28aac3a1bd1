import ArgumentParser
import Glibc

/// The `regionstack` command line. With no subcommand it means `regionstack up`.
@main
struct RegionStackCommand: AsyncParsableCommand {
    /// `regionstack --version`.
    static let version = "regionstack 0.16.0 (Swift \(swiftVersion))"

    #if swift(>=6.3)
    static let swiftVersion = "6.3"
    #else
    static let swiftVersion = "6"
    #endif

    static let configuration = CommandConfiguration(
        commandName: "regionstack",
        abstract: "A local emulator of a multi-region API Gateway, Lambda and Aurora DSQL stack.",
        version: version,
        subcommands: [
            Up.self, SQLCommand.self, OutputsCommand.self, StatusCommand.self, ChaosCommand.self, DrillCommand.self, Destroy.self,
            Bench.self, TokenCommand.self, LogsCommand.self,
        ],
        defaultSubcommand: Up.self)

    /// Parses as ArgumentParser does, except that a first word naming no command is an error of
    /// its own (the default `up` would otherwise report it as an unexpected argument with `up`'s usage).
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if let first = arguments.first, let message = unknownCommand(first) {
            let line = Array("regionstack: \(message)\n".utf8)
            _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
            Glibc.exit(64)
        }
        do {
            var command = try parseAsRoot(arguments)
            if var asynchronous = command as? AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }

    /// The error for a first argument that is neither an option nor a command; nil otherwise.
    static func unknownCommand(_ word: String) -> String? {
        guard !word.hasPrefix("-") else { return nil }
        let names = configuration.subcommands.map { $0._commandName }
        guard !names.contains(word), word != "help" else { return nil }
        return "unknown command '\(word)'. Commands: \(names.joined(separator: ", ")) (up is the default); see regionstack --help"
    }
}

/// `regionstack bench ...`: benchmarks that print figures. Each concept adds its own subcommand
/// in a `Bench+Concept.swift` file and lists it here.
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a benchmark and print its figures.",
        subcommands: [
            HTTPBench.self, BenchLog.self, BenchStore.self, BenchDSQL.self, BenchChaos.self, BenchJSON.self,
            BenchObservability.self,
        ])
}
