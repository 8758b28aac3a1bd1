import ArgumentParser
import DSQL
import Foundation
import HTTP
import RegionStack
import Replication

/// `regionstack bench chaos`: the survivor's time to first commit after its peer region is
/// killed, the global endpoint's failover and failback times, and commit latency from each
/// region under the realistic latency profile.
///
/// It boots the whole stack in-process (ephemeral, free ports, Route 53 health checks on). Each
/// kill trial kills the data region whose log node leads (so a real failover happens), then
/// posts `POST /users` to the other region every few milliseconds until one is acknowledged
/// (201), restores the killed region and waits until it writes again. Each failover trial kills
/// the primary and polls the global endpoint's `/<stage>/health` until the secondary answers,
/// then restores it and polls until the primary answers again. The realistic run applies the
/// preset and commits sequentially from each region, through DSQL directly and through the API.
struct BenchChaos: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chaos",
        abstract: "Survivor's time to first commit after a region kill (p50/p99), the global endpoint's failover and failback, and commit latency per region with realistic latency.")

    @Option(help: "Kill trials (0 to skip).") var kills: Int = 20
    @Option(help: "Global endpoint failover and failback trials (0 to skip).") var failovers: Int = 5
    @Option(help: "The Route 53 health checks' interval in seconds (failure threshold 3).")
    var healthCheckInterval: Double = 1
    @Option(help: "Sequential commits per region under the realistic preset (0 to skip).") var commits: Int = 100

    func run() async throws {
        var options = StackOptions.testing()
        options.loops = nil
        options.healthCheckInterval = .milliseconds(Int((healthCheckInterval * 1000).rounded()))
        options.configuration = try StackConfiguration.load(
            path: nil,
            overrides: ["api_gateway_throttle_rate_limit=1000000", "api_gateway_throttle_burst_limit=1000000",
                        "create_route53_health_checks=true"])
        let runtime = StackRuntime()
        let endpoints = try await runtime.start(options)
        defer { Task { await runtime.stop() } }
        let names = try require(endpoints.outputs?.names)
        let regionOf: [StackRegionRole: String] = [.primary: names[.primary].region, .secondary: names[.secondary].region]
        var sequence = 0
        func post(_ role: StackRegionRole, timeout: Duration) async -> Int? {
            sequence += 1
            let body = #"{"name":"Bench","email":"bench-\#(sequence)-\#(UInt32.random(in: 0...UInt32.max))@example.com"}"#
            return try? await HTTPClient.send(
                port: endpoints.regionPorts[role]!, method: "POST", path: "/prod/users",
                headers: [("Content-Type", "application/json")], body: Array(body.utf8), timeout: timeout).status
        }
        func until(_ limit: Duration, _ body: () async -> Bool) async -> Duration? {
            let start = ContinuousClock.now
            while ContinuousClock.now - start < limit {
                if await body() { return ContinuousClock.now - start }
                try? await Task.sleep(for: .milliseconds(2))
            }
            return nil
        }

        if kills > 0 {
            var times: [Double] = []
            var failures = 0
            for trial in 1...kills {
                let leader = try await runtime.status().leader ?? regionOf[.primary]!
                let victim: StackRegionRole = leader == regionOf[.primary] ? .primary : .secondary
                let survivor: StackRegionRole = victim == .primary ? .secondary : .primary
                let start = ContinuousClock.now
                try await runtime.kill(victim.rawValue)
                let ok = await until(.seconds(10)) { await post(survivor, timeout: .seconds(2)) == 201 }
                if ok != nil {
                    times.append(Self.millis(ContinuousClock.now - start))
                } else {
                    failures += 1
                }
                print(String(format: "kill %2d: %@ killed (leader), %@ committed after %@", trial, regionOf[victim]!,
                             regionOf[survivor]!, ok == nil ? "never (10 s)" : String(format: "%.0f ms", times.last!)))
                try await runtime.restore(victim.rawValue)
                _ = await until(.seconds(10)) { await post(victim, timeout: .seconds(2)) == 201 }
            }
            print(String(format: "time to first commit after a kill: p50 %.0f ms, p99 %.0f ms, max %.0f ms, %d/%d under 1 s, %d never",
                         Self.percentile(times, 0.5), Self.percentile(times, 0.99), times.max() ?? 0,
                         times.filter { $0 < 1000 }.count, kills, failures))
        }

        if failovers > 0, let global = endpoints.globalPort {
            /// Seconds until the global endpoint's health is answered 200 by `region`, or nil after 30 s.
            func served(by region: String) async -> Double? {
                let start = ContinuousClock.now
                let answered = await until(.seconds(30)) {
                    guard let r = try? await HTTPClient.send(port: global, path: "/prod/health", timeout: .seconds(2)) else { return false }
                    return r.status == 200 && r.headers["x-regionstack-region"] == region
                }
                return answered == nil ? nil : Self.millis(ContinuousClock.now - start)
            }
            var over: [Double] = [], back: [Double] = []
            for trial in 1...failovers {
                _ = await served(by: regionOf[.primary]!)
                try await runtime.kill("primary")
                let failover = await served(by: regionOf[.secondary]!)
                try await runtime.restore("primary")
                let failback = await served(by: regionOf[.primary]!)
                if let failover { over.append(failover) }
                if let failback { back.append(failback) }
                print("failover \(trial): " + (failover.map { String(format: "%.0f ms", $0) } ?? "never (30 s)")
                      + ", failback " + (failback.map { String(format: "%.0f ms", $0) } ?? "never (30 s)"))
            }
            print(String(format: "global endpoint (interval %.1f s, threshold 3): failover p50 %.0f ms (%.0f-%.0f), failback p50 %.0f ms (%.0f-%.0f), %d trials",
                         healthCheckInterval, Self.percentile(over, 0.5), over.min() ?? 0, over.max() ?? 0,
                         Self.percentile(back, 0.5), back.min() ?? 0, back.max() ?? 0, failovers))
        }

        if commits > 0, let cluster = runtime.assembly?.dsql {
            try runtime.applyLatency(.realistic)
            print("realistic preset applied; log leader: \(try await runtime.status().leader ?? "none")")
            let setup = try cluster.connect(region: .primary)
            _ = try await setup.execute("CREATE TABLE IF NOT EXISTS bench_chaos (id text PRIMARY KEY, region text NOT NULL)")
            for role in [StackRegionRole.primary, .secondary] {
                let session = try cluster.connect(region: StackDSQL.node(for: role))
                var sql: [Double] = []
                for i in 0..<commits {
                    let t = ContinuousClock.now
                    _ = try await session.execute("INSERT INTO bench_chaos VALUES ($1, $2)", [.text("\(role)-\(i)"), .text(role.rawValue)])
                    sql.append(Self.millis(ContinuousClock.now - t))
                }
                var http: [Double] = []
                for _ in 0..<commits {
                    let t = ContinuousClock.now
                    guard await post(role, timeout: .seconds(10)) == 201 else { continue }
                    http.append(Self.millis(ContinuousClock.now - t))
                }
                print(String(format: "realistic, from %@: autocommit INSERT p50 %.1f ms p99 %.1f ms; POST /users p50 %.1f ms p99 %.1f ms (%d/%d)",
                             regionOf[role]!, Self.percentile(sql, 0.5), Self.percentile(sql, 0.99),
                             Self.percentile(http, 0.5), Self.percentile(http, 0.99), http.count, commits))
            }
            try runtime.applyLatency(.zero)
        }
        await runtime.stop()
    }

    static func percentile(_ xs: [Double], _ p: Double) -> Double {
        guard !xs.isEmpty else { return 0 }
        let s = xs.sorted()
        return s[min(s.count - 1, Int(Double(s.count) * p))]
    }

    static func millis(_ d: Duration) -> Double {
        Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
    }
}

private func require<T>(_ value: T?) throws -> T {
    guard let value else { throw CommandFailure("the stack started without outputs") }
    return value
}
