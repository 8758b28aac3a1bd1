import Foundation
import Glibc
import HTTP
import Lambda
import RegionStack
import Testing

/// The seed's alarms on a running stack with shortened periods (`metricPeriodSeconds` 1, so the
/// error-rate alarm's 60 s period is 1 s): errors injected through the API drive it to ALARM
/// within two periods, and clean traffic brings it back to OK, with each transition in the
/// history and the admin API.
@Suite(.serialized) struct StackAlarmTests {
    static func boot(observability: Bool = true) async throws -> (StackRuntime, StackEndpoints) {
        var options = StackOptions.testing()
        let database = InMemoryUsersDatabase(tableExists: false)
        options.usersDatabase = { _ in database }
        options.functionFactory = { _ in .of(ModeHandler.self) }
        options.metricPeriodSeconds = 1
        options.observability = observability
        let runtime = StackRuntime()
        return (runtime, try await runtime.start(options))
    }

    static func admin(_ e: StackEndpoints, _ path: String) async throws -> [String: Any] {
        let response = try await HTTPClient.send(port: e.adminPort, path: path)
        return (try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]) ?? [:]
    }

    static func state(_ e: StackEndpoints, _ alarm: String) async throws -> String? {
        let alarms = try await admin(e, "/_regionstack/alarms")["alarms"] as? [[String: Any]] ?? []
        return alarms.first { $0["name"] as? String == alarm }?["state"] as? String
    }

    /// `count` requests at once to the primary API (`mode=throw` makes the function fail).
    static func burst(_ e: StackEndpoints, count: Int, failing: Bool) async {
        let port = e.regionPorts[.primary]!
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<count {
                group.addTask { _ = try? await HTTPClient.send(port: port, path: failing ? "/prod/health?mode=throw" : "/prod/health") }
            }
        }
    }

    static func nowMillis() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

    @Test func injectedErrorsAlarmWithinTwoPeriodsAndRecover() async throws {
        let (runtime, e) = try await Self.boot()
        defer { Task { await runtime.stop() } }
        let alarm = try #require(e.outputs?.names[.primary].functionName) + "-error-rate"
        #expect(try await Self.state(e, alarm) == "INSUFFICIENT_DATA")
        let alarms = try await Self.admin(e, "/_regionstack/alarms")["alarms"] as? [[String: Any]] ?? []
        let definition = try #require(alarms.first { $0["name"] as? String == alarm })
        #expect(definition["period"] as? Int == 1 && definition["evaluation_periods"] as? Int == 2)
        #expect(definition["threshold"] as? Double == 5 && definition["operator"] as? String == "GreaterThanThreshold")

        // Errors, 10 every 100 ms, until the alarm fires (bounded: 5 s).
        let firstError = Self.nowMillis()
        var alarmed = false
        while Self.nowMillis() - firstError < 5_000 {
            await Self.burst(e, count: 10, failing: true)
            if try await Self.state(e, alarm) == "ALARM" {
                alarmed = true
                break
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(alarmed, "no ALARM within 5 s of errors")
        let history = try await Self.admin(e, "/_regionstack/alarms/history?name=\(alarm)")["history"] as? [[String: Any]] ?? []
        let toAlarm = try #require(history.first { $0["to"] as? String == "ALARM" })
        let at = try #require(toAlarm["time"] as? Int64 ?? (toAlarm["time"] as? Int).map(Int64.init))
        // The period the errors started in, then one more, then the evaluation's lag (100 ms);
        // 500 ms of slack for a loaded machine's timer.
        let periodStart = firstError - firstError % 1000
        #expect(at <= periodStart + 2_000 + 100 + 500, "ALARM at +\(at - firstError) ms after the first error")
        #expect((toAlarm["reason"] as? String ?? "").contains("greater than the threshold (5.0)"))

        // Clean traffic: back to OK.
        let cleanFrom = Self.nowMillis()
        var recovered = false
        while Self.nowMillis() - cleanFrom < 5_000 {
            await Self.burst(e, count: 3, failing: false)
            if try await Self.state(e, alarm) == "OK" {
                recovered = true
                break
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(recovered, "no OK within 5 s of clean traffic")
        let after = try await Self.admin(e, "/_regionstack/alarms/history?name=\(alarm)")["history"] as? [[String: Any]] ?? []
        #expect(after.first?["from"] as? String == "ALARM" && after.first?["to"] as? String == "OK", "\(after)")
        // The other region's alarm saw nothing.
        let secondary = try #require(e.outputs?.names[.secondary].functionName) + "-error-rate"
        #expect(try await Self.state(e, secondary) == "INSUFFICIENT_DATA")
    }

    @Test func withObservabilityOffNothingIsRecorded() async throws {
        let (runtime, e) = try await Self.boot(observability: false)
        defer { Task { await runtime.stop() } }
        await Self.burst(e, count: 3, failing: false)
        let metrics = try await HTTPClient.send(port: e.adminPort, path: "/metrics")
        #expect(metrics.status == 200 && metrics.body.isEmpty)
        #expect((try await Self.admin(e, "/_regionstack/alarms")["alarms"] as? [Any])?.isEmpty == true)
        // Logs are kept either way.
        let group = "/aws/lambda/" + (e.outputs?.names[.primary].functionName ?? "")
        let logs = try await Self.admin(e, "/_regionstack/logs?group=\(group)&filter=REPORT")
        #expect((logs["events"] as? [Any])?.count == 3, "\(logs)")
    }

    @Test func metricQueriesAnswerTheDashboardsReads() async throws {
        let (runtime, e) = try await Self.boot()
        defer { Task { await runtime.stop() } }
        await Self.burst(e, count: 4, failing: false)
        let fn = try #require(e.outputs?.names[.primary].functionName)
        let list = try await Self.admin(e, "/_regionstack/metrics")["metrics"] as? [[String: Any]] ?? []
        #expect(list.contains { $0["name"] as? String == "Invocations" && $0["region"] as? String == "us-east-1" })
        let q = try await Self.admin(
            e, "/_regionstack/metrics/query?region=us-east-1&namespace=AWS/Lambda&name=Invocations&dim.FunctionName=\(fn)&stat=Sum&period=60&minutes=5")
        let points = q["points"] as? [[String: Any]] ?? []
        #expect(points.reduce(0) { $0 + (($1["v"] as? Double) ?? Double($1["v"] as? Int ?? 0)) } == 4, "\(q)")
        #expect(q["unit"] as? String == "Count")
        let bad = try await HTTPClient.send(port: e.adminPort, path: "/_regionstack/metrics/query?region=us-east-1")
        #expect(bad.status == 400)
        let post = try await HTTPClient.send(port: e.adminPort, method: "POST", path: "/metrics")
        #expect(post.status == 405)
    }
}
