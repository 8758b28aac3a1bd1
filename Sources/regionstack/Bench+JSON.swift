import ArgumentParser
import Foundation
import HTTP
import RegionStack
import Synchronization

/// `regionstack bench json`: how long `POST /prod/users` takes with large JSON bodies, end to
/// end over loopback (API Gateway, the Lambda event, the users service's `json.loads`, DSQL),
/// while a second client probes `GET /prod/health` and reports its worst latency.
///
/// It exists for issue 10's anchors: a 10,000-key body answered in under 50 ms and a 10 MB body
/// in under 1 s, without `/prod/health` stalling meanwhile. Register it in `Bench.subcommands`.
struct BenchJSON: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "json", abstract: "POST /prod/users with large JSON bodies while /prod/health is probed.")

    @Option(help: "Requests per body shape.") var requests: Int = 20

    func run() async throws {
        var options = StackOptions()
        options.adminPort = 0
        options.edgePort = 0
        options.primaryPort = 0
        options.secondaryPort = 0
        options.ephemeral = true
        options.seed = 1
        options.configuration = try StackConfiguration.load(
            path: nil, overrides: ["api_gateway_throttle_rate_limit=1000000", "api_gateway_throttle_burst_limit=1000000"])
        let runtime = StackRuntime()
        let endpoints = try await runtime.start(options)
        let port = endpoints.regionPorts[.primary]!
        print("bench json: \(requests) requests per shape against us-east-1 (port \(port)), health probed meanwhile")
        let shapes: [(String, Int, (Int) -> [UInt8])] = [
            ("10,000-key object", 201, { JSONBodies.wide(keys: 10_000, email: "wide-\($0)@example.com") }),
            ("200,000-key object", 201, { JSONBodies.wide(keys: 200_000, email: "huge-\($0)@example.com") }),
            ("5.9 MB string member (fits Lambda's 6 MB)", 201, { JSONBodies.padded(bytes: 5_900_000, email: "pad-\($0)@example.com") }),
            ("1,000,000-deep array", 500, { _ in JSONBodies.deep(1_000_000) }),
            ("10 MB object (over Lambda's 6 MB)", 413, { JSONBodies.padded(bytes: 10_000_000, email: "ten-\($0)@example.com") }),
        ]
        // Warm up: cold start of the function and the connection paths.
        _ = try await HTTPClient.send(port: port, method: "GET", path: "/prod/health", timeout: .seconds(10))
        for (name, expected, make) in shapes {
            let bodies = (0..<requests).map(make)
            let probe = HealthProbe(port: port)
            let prober = Task { await probe.run() }
            var latencies: [Double] = []
            var unexpected: [Int: Int] = [:]
            for body in bodies {
                let start = ContinuousClock.now
                let answer = try await HTTPClient.send(
                    port: port, method: "POST", path: "/prod/users", headers: [("Content-Type", "application/json")], body: body,
                    timeout: .seconds(60))
                latencies.append(Self.milliseconds(ContinuousClock.now - start))
                if answer.status != expected { unexpected[answer.status, default: 0] += 1 }
            }
            probe.stop()
            let health = await prober.value
            latencies.sort()
            var line = name.padding(toLength: 46, withPad: " ", startingAt: 0)
            line += String(
                format: " %9d bytes: p50 %7.1f ms, max %7.1f ms (status %d)", bodies[0].count,
                latencies[latencies.count / 2], latencies.last!, expected)
            line += String(
                format: "; health meanwhile: %d probes, worst %.1f ms%@", health.count, health.worst,
                health.failures > 0 ? " (\(health.failures) not 200)" as NSString : "" as NSString)
            if !unexpected.isEmpty { line += "  [unexpected statuses: \(unexpected)]" }
            print(line)
        }
        await runtime.stop()
    }

    static func milliseconds(_ d: Duration) -> Double {
        Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
    }
}

/// Request bodies for `bench json`.
enum JSONBodies {
    /// `keys` filler members, then a valid name and email.
    static func wide(keys: Int, email: String) -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "{")]
        out.reserveCapacity(keys * 12 + 64)
        for i in 0..<keys { out.append(contentsOf: "\"k\(i)\":\(i),".utf8) }
        out.append(contentsOf: #""name":"Bench","email":"\#(email)"}"#.utf8)
        return out
    }

    /// A valid user whose `pad` member makes the body about `bytes` long.
    static func padded(bytes: Int, email: String) -> [UInt8] {
        let head = Array(#"{"name":"Bench","email":"\#(email)","pad":""#.utf8)
        return head + [UInt8](repeating: UInt8(ascii: "x"), count: max(0, bytes - head.count - 2)) + Array(#""}"#.utf8)
    }

    /// `[` repeated: nested past any JSON reader's limit.
    static func deep(_ depth: Int) -> [UInt8] { [UInt8](repeating: UInt8(ascii: "["), count: depth) }
}

/// Sends `GET /prod/health` back to back until stopped; counts probes and keeps the worst latency.
final class HealthProbe: Sendable {
    struct Report: Sendable {
        var count = 0
        var worst = 0.0
        var failures = 0
    }

    let port: Int
    private let stopped = Mutex(false)

    init(port: Int) { self.port = port }

    func stop() { stopped.withLock { $0 = true } }

    func run() async -> Report {
        var report = Report()
        // Bounded: at most 100,000 probes.
        while !stopped.withLock({ $0 }), report.count < 100_000 {
            let start = ContinuousClock.now
            let answer = try? await HTTPClient.send(port: port, method: "GET", path: "/prod/health", timeout: .seconds(30))
            report.worst = max(report.worst, BenchJSON.milliseconds(ContinuousClock.now - start))
            report.count += 1
            if answer?.status != 200 { report.failures += 1 }
        }
        return report
    }
}
