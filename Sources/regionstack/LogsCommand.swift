import ArgumentParser
import Foundation
import Observability

/// `regionstack logs tail GROUP`: a log group's events, printed as `aws logs tail` prints them
/// (AWS CLI v1 has no `logs tail`), read from the running stack's admin API.
struct LogsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logs", abstract: "Read the running stack's CloudWatch Logs.", subcommands: [LogsTail.self])
}

struct LogsTail: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tail",
        abstract: "Print a log group's events like `aws logs tail` (e.g. /aws/lambda/<function>).")

    @OptionGroup var stack: StackLocatorOptions

    @Argument(help: "The log group, e.g. /aws/lambda/<function> or /aws/apigateway/<api-id>.")
    var group: String

    @Flag(help: "Keep printing new events as they arrive (Ctrl-C stops).")
    var follow = false

    @Option(help: "How far back to start: a number and s, m, h, d or w (default 10m), or an ISO 8601 UTC time.")
    var since: String = "10m"

    @Option(help: "A CloudWatch Logs filter pattern, e.g. REPORT or \"?ERROR ?WARN\".")
    var filterPattern: String?

    @Option(help: "detailed (time, stream, message; the default) or short (time, message).")
    var format: String = "detailed"

    @Option(help: "With --follow, seconds between polls.")
    var pollSeconds: Double = 1

    func run() async throws {
        try await reportingFailures {
            guard let style = LogTail.Format(rawValue: format) else {
                throw CommandFailure("--format must be detailed or short, got \(format)")
            }
            let now = Int64(Date().timeIntervalSince1970 * 1000)
            guard let start = LogTail.since(since, now: now) else {
                throw CommandFailure("--since must be a number and s, m, h, d or w (e.g. 5m), or an ISO 8601 time; got \(since)")
            }
            var after: Int64?
            repeat {
                var path = "/_regionstack/logs?limit=10000&group=\(Self.escape(group))&since=\(start)"
                if let filterPattern { path += "&filter=\(Self.escape(filterPattern))" }
                if let after { path += "&after=\(after)" }
                let (_, answer) = try await stack.send("GET", path)
                for event in answer["events"] as? [[String: Any]] ?? [] {
                    let timestamp = (event["timestamp"] as? NSNumber)?.int64Value ?? 0
                    print(
                        LogTail.line(
                            timestamp: timestamp, stream: event["stream"] as? String ?? "", message: event["message"] as? String ?? "",
                            format: style))
                    if let seq = (event["seq"] as? NSNumber)?.int64Value { after = max(after ?? seq, seq) }
                }
                if follow {
                    fflush(nil)
                    try await Task.sleep(for: .milliseconds(Int64(max(0.05, pollSeconds) * 1000)))
                }
            } while follow
        }
    }

    /// Percent-encodes a query value.
    static func escape(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? text
    }
}
