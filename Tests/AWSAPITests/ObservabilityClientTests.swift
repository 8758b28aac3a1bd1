import Foundation
import Glibc
import HTTP
import Lambda
import RegionStack
import Testing

/// The stack's metrics, logs and alarms read by the clients users already have:
/// prometheus_client's parser on `/metrics`, awscli v1 and boto3 on the edge port
/// (`Clients/observability_clients.py` holds the checks; each section gets a fresh stack whose
/// API function answers 200, or fails when the query has `fail`).
@Suite(.serialized) struct ObservabilityClientTests {
    /// Answers the proxy event with 200, or throws when the query string has `fail`.
    struct FailOnDemand: LambdaHandler {
        struct Injected: Error {}
        init(context: LambdaInitializationContext) async throws {}
        func handle(_ event: [UInt8], context: LambdaContext) async throws -> [UInt8] {
            if String(decoding: event, as: UTF8.self).contains(#""fail":"1""#) { throw Injected() }
            return Array(#"{"statusCode": 200, "headers": {"Content-Type": "application/json"}, "body": "{\"ok\": true}"}"#.utf8)
        }
    }

    func run(_ section: String) async throws {
        try await ClientProcess.requirePython(["boto3", "awscli", "prometheus_client"])
        var options = StackOptions.testing()
        let path = "/tmp/regionstack-obs-outputs-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).json"
        options.outputsFile = path
        options.functionFactory = { _ in .of(FailOnDemand.self) }
        let runtime = StackRuntime()
        let endpoints = try await runtime.start(options)
        let outcome = try await ClientProcess.run([
            "python3", ClientProcess.clientsDirectory() + "/observability_clients.py", section,
            "http://127.0.0.1:\(endpoints.edgePort ?? 0)", endpoints.adminURL, path, String(endpoints.regionPorts[.primary] ?? 0),
        ])
        await runtime.stop()
        unlink(path)
        #expect(outcome.status == 0 && outcome.output.contains("OK \(section)"), "\(section):\n\(outcome.output)")
    }

    @Test func tenInvocationsWithTwoErrorsThroughMetricsAndCloudWatch() async throws { try await run("metrics") }
    @Test func logGroupsAndReportLinesThroughTheLogsAPI() async throws { try await run("logs") }
    @Test func theSeedsAlarmsThroughDescribeAlarms() async throws { try await run("alarms") }

    @Test func logsTailPrintsLikeAWSLogsTail() async throws {
        let binary = try #require(ClientProcess.regionstackBinary(), "build with swift build --build-tests first")
        var options = StackOptions.testing()
        options.functionFactory = { _ in .of(FailOnDemand.self) }
        let runtime = StackRuntime()
        let e = try await runtime.start(options)
        let port = e.regionPorts[.primary]!
        for path in ["/prod/health", "/prod/health?fail=1"] { _ = try await HTTPClient.send(port: port, path: path) }
        let group = "/aws/lambda/" + (e.outputs?.names[.primary].functionName ?? "")
        let all = try await ClientProcess.run([binary, "logs", "tail", group, "--admin", e.adminURL, "--since", "5m"], timeout: .seconds(60))
        let reports = try await ClientProcess.run(
            [binary, "logs", "tail", group, "--admin", e.adminURL, "--filter-pattern", "REPORT", "--format", "short"], timeout: .seconds(60))
        let missing = try await ClientProcess.run([binary, "logs", "tail", "/aws/lambda/nope", "--admin", e.adminURL], timeout: .seconds(60))
        // --follow prints what arrives after it started (the events above are a second older).
        try await Task.sleep(for: .seconds(1))
        let log = "/tmp/regionstack-tail-\(getpid()).log"
        let follower = Process()
        follower.executableURL = URL(fileURLWithPath: "/bin/sh")
        follower.arguments = ["-c", #"exec "$0" "$@" >"$LOG" 2>&1 </dev/null"#, binary, "logs", "tail", group, "--admin", e.adminURL,
                              "--follow", "--since", "0s", "--filter-pattern", "START", "--poll-seconds", "0.2"]
        follower.environment = ProcessInfo.processInfo.environment.merging(["LOG": log]) { $1 }
        try follower.run()
        try await Task.sleep(for: .seconds(2))
        _ = try await HTTPClient.send(port: port, path: "/prod/health")
        var followed = ""
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            followed = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            if followed.contains("START RequestId") { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        kill(follower.processIdentifier, SIGTERM)
        follower.waitUntilExit()
        unlink(log)
        await runtime.stop()

        let lines = all.output.split(separator: "\n").map(String.init)
        // START, END and REPORT of each invocation, and the failing one's error line.
        #expect(all.status == 0 && lines.count == 7, "\(all.output)")
        let detailed = #/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{6})?\+00:00 \d{4}/\d{2}/\d{2}/\[\$LATEST\][0-9a-f]{32} ((START|END|REPORT) RequestId: |\[ERROR\]\t)/#
        #expect(lines.allSatisfy { $0.firstMatch(of: detailed) != nil }, "\(all.output)")
        let short = reports.output.split(separator: "\n")
        #expect(reports.status == 0 && short.count == 2, "\(reports.output)")
        #expect(short.allSatisfy { $0.firstMatch(of: #/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2} REPORT RequestId: /#) != nil }, "\(reports.output)")
        #expect(missing.status == 1 && missing.output.contains("The specified log group does not exist."), "\(missing.output)")
        #expect(followed.split(separator: "\n").count == 1 && followed.contains("START RequestId"), "\(followed)")
    }
}
