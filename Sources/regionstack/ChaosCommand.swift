import ArgumentParser
import Foundation

/// `regionstack chaos ...`: kill, pause, resume and restore regions, cut and slow links, heal.
/// Each subcommand is one request to the running stack's admin API.
struct ChaosCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chaos", abstract: "Drive chaos on the running stack: region outages, pauses and link faults.",
        subcommands: [Kill.self, Pause.self, Resume.self, Restore.self, Partition.self, Latency.self, Heal.self])

    /// `us-east-1 (primary): killed (refuse); log node stopped ...`
    static func describe(_ region: [String: Any]) -> String {
        var line = "\(region["region"] as? String ?? "?") (\(region["role"] as? String ?? "?")): \(region["state"] as? String ?? "?")"
        if let mode = region["mode"] as? String { line += " (\(mode))" }
        if region["state"] as? String == "paused" {
            if let ms = region["resumes_in_ms"] as? NSNumber { line += " (resumes in \(ms) ms)" } else { line += " (until resume)" }
        }
        if let node = region["log_node"] as? [String: Any] {
            line += "; log node \(node["state"] as? String ?? "?")"
            if let role = node["role"] as? String { line += ", \(role), term \(node["term"] ?? 0)" }
            line += ", commit \(node["commit_index"] ?? 0)"
            if let applied = node["applied_index"] as? NSNumber { line += ", applied \(applied)" }
        }
        return line
    }

    static func regionRequest(_ stack: StackLocatorOptions, _ region: String, _ operation: String, body: [String: Any]? = nil) async throws {
        let path = "/_regionstack/chaos/regions/\(percentEncoded(region))/\(operation)"
        let (_, answer) = try await stack.send("POST", path, body: body)
        print(describe(answer))
    }

    static func percentEncoded(_ s: String) -> String {
        s.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? s
    }

    struct Kill: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Kill a region: listener, Lambda environments, DSQL endpoint and log node go down together.")
        @OptionGroup var stack: StackLocatorOptions
        @Argument(help: "The region (as configured, or primary/secondary/witness).") var region: String
        @Option(help: "refuse (connections refused) or blackhole (accepted, never answered).") var mode: String = "refuse"

        func run() async throws {
            try await reportingFailures { try await ChaosCommand.regionRequest(stack, region, "kill", body: ["mode": mode]) }
        }
    }

    struct Pause: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Pause a region (state kept, nothing processed) for --seconds, or until `chaos resume`.")
        @OptionGroup var stack: StackLocatorOptions
        @Argument(help: "The region.") var region: String
        @Option(help: "Resume by itself after this many seconds.") var seconds: Double?

        func run() async throws {
            try await reportingFailures {
                try await ChaosCommand.regionRequest(stack, region, "pause", body: seconds.map { ["seconds": $0] } ?? [:])
            }
        }
    }

    struct Resume: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Resume a paused region.")
        @OptionGroup var stack: StackLocatorOptions
        @Argument(help: "The region.") var region: String

        func run() async throws { try await reportingFailures { try await ChaosCommand.regionRequest(stack, region, "resume") } }
    }

    struct Restore: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Restore a killed or paused region (its log node restarts from disk and catches up).")
        @OptionGroup var stack: StackLocatorOptions
        @Argument(help: "The region.") var region: String

        func run() async throws { try await reportingFailures { try await ChaosCommand.regionRequest(stack, region, "restore") } }
    }

    struct Partition: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Cut the link between two regions (both directions unless --one-way).")
        @OptionGroup var stack: StackLocatorOptions
        @Argument(help: "One region.") var from: String
        @Argument(help: "The other region.") var to: String
        @Flag(help: "Cut only FROM -> TO.") var oneWay = false

        func run() async throws {
            try await reportingFailures {
                let path = "/_regionstack/chaos/links/\(ChaosCommand.percentEncoded(from))/\(ChaosCommand.percentEncoded(to))"
                let (_, status) = try await stack.send("PUT", path, body: ["partition": true, "both": !oneWay])
                for line in StatusCommand.lines(status) { print(line) }
            }
        }
    }

    struct Latency: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Slow links: `latency --preset realistic`, or `latency FROM TO --ms 40 --jitter 5 --loss 0.01 [--both]`.")
        @OptionGroup var stack: StackLocatorOptions
        @Argument(help: "The link's source region.") var from: String?
        @Argument(help: "The link's destination region.") var to: String?
        @Option(help: "A preset for every link: realistic or zero.") var preset: String?
        @Option(help: "One-way latency in milliseconds.") var ms: Double = 0
        @Option(help: "Extra random delay up to this many milliseconds.") var jitter: Double = 0
        @Option(help: "Probability that a message is lost (0-1).") var loss: Double = 0
        @Flag(help: "Both directions.") var both = false

        func validate() throws {
            if preset == nil && (from == nil || to == nil) { throw ValidationError("give FROM and TO, or --preset") }
            if preset != nil && from != nil { throw ValidationError("--preset applies to every link; give no regions with it") }
        }

        func run() async throws {
            try await reportingFailures {
                let status: [String: Any]
                if let preset {
                    (_, status) = try await stack.send("PUT", "/_regionstack/chaos/latency", body: ["preset": preset])
                } else {
                    let path = "/_regionstack/chaos/links/\(ChaosCommand.percentEncoded(from!))/\(ChaosCommand.percentEncoded(to!))"
                    (_, status) = try await stack.send(
                        "PUT", path, body: ["latency_ms": ms, "jitter_ms": jitter, "loss": loss, "both": both])
                }
                for line in StatusCommand.lines(status) { print(line) }
            }
        }
    }

    struct Heal: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Heal everything: restore every region, clear every link fault.")
        @OptionGroup var stack: StackLocatorOptions

        func run() async throws {
            try await reportingFailures {
                let (_, status) = try await stack.send("DELETE", "/_regionstack/chaos")
                for line in StatusCommand.lines(status) { print(line) }
            }
        }
    }
}
