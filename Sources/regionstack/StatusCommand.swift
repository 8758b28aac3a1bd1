import ArgumentParser
import Foundation

/// `regionstack status`: each region (up, killed, paused), each log node's role, term, commit
/// and applied index, and the links that carry a fault, of the running stack.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show the running stack's regions, log nodes and links.")

    @OptionGroup var stack: StackLocatorOptions

    @Flag(help: "Print the status document as JSON.")
    var json = false

    func run() async throws {
        try await reportingFailures {
            let (_, status) = try await stack.send("GET", "/_regionstack/status")
            if json {
                let data = try JSONSerialization.data(withJSONObject: status, options: [.prettyPrinted, .sortedKeys])
                print(String(decoding: data, as: UTF8.self))
            } else {
                for line in Self.lines(status) { print(line) }
            }
        }
    }

    /// One line per region, the leader, and one per faulty link.
    static func lines(_ status: [String: Any]) -> [String] {
        var out: [String] = []
        for region in status["regions"] as? [[String: Any]] ?? [] {
            out.append(ChaosCommand.describe(region))
        }
        out.append("leader: \(status["leader"] as? String ?? "none")")
        var healthy = true
        for link in status["links"] as? [[String: Any]] ?? [] {
            let partition = link["partition"] as? Bool ?? false
            let latency = (link["latency_ms"] as? NSNumber)?.doubleValue ?? 0
            let jitter = (link["jitter_ms"] as? NSNumber)?.doubleValue ?? 0
            let loss = (link["loss"] as? NSNumber)?.doubleValue ?? 0
            guard partition || latency > 0 || jitter > 0 || loss > 0 else { continue }
            healthy = false
            let what = partition ? "partitioned" : "latency \(latency) ms, jitter \(jitter) ms, loss \(loss)"
            out.append("link \(link["from"] as? String ?? "?") -> \(link["to"] as? String ?? "?"): \(what)")
        }
        if healthy { out.append("links: all healthy") }
        for check in status["health_checks"] as? [[String: Any]] ?? [] {
            let fields = check.keys.sorted().map { "\($0)=\(check[$0]!)" }.joined(separator: " ")
            out.append("health check: \(fields)")
        }
        return out
    }
}
