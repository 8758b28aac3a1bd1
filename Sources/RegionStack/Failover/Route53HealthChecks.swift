import CoreMetrics
import Chaos
import Foundation
import HTTP
import Observability
import Synchronization

/// The stack's Route 53 health checks (one per data region's API) and the failover record they
/// drive: the thin I/O shell around `HealthCheckMachine` and `FailoverState`.
///
/// One task per check sleeps until the machine's next wake-up, probes `GET /<stage>/health` on
/// the region's own listener with the one-shot `HTTPClient` (a connection per probe, as Route 53's
/// checkers do), and feeds the outcome back. Each result sets `AWS/Route53 HealthCheckStatus`
/// (`HealthCheckId`) to 1 or 0; each status change re-evaluates the failover record. With
/// `create_route53_health_checks = false` there are no checks and the record stays PRIMARY (a
/// failover record without a health check counts as healthy).
public final class Route53HealthChecks: Sendable {
    struct Entry: Sendable {
        var role: StackRegionRole
        var machine: HealthCheckMachine
    }

    struct State: Sendable {
        var entries: [Entry]
        var failover = FailoverState()
        var tasks: [Task<Void, Never>] = []
        var stopped = false
    }

    private let state: Mutex<State>
    /// `AWS/Route53 HealthCheckStatus` per check id.
    private let gauges: [String: Gauge]
    private let host: String
    private let clock: @Sendable () -> UInt64

    /// The checks, one per configuration (empty when health checks are not enabled).
    public var configurations: [HealthCheckConfiguration] { state.withLock { $0.entries.map(\.machine.configuration) } }

    /// Creates the checks; none probes before `start()`.
    public init(
        checks: [(StackRegionRole, HealthCheckConfiguration)], host: String = "127.0.0.1", metrics: (any MetricsFactory)? = nil,
        clock: (@Sendable () -> UInt64)? = nil
    ) {
        let clock = clock ?? { StackRuntime.monotonicNanos() }
        let now = clock()
        state = Mutex(State(entries: checks.map { Entry(role: $0.0, machine: HealthCheckMachine(configuration: $0.1, now: now)) }))
        var gauges: [String: Gauge] = [:]
        if let metrics {
            for (_, c) in checks {
                gauges[c.id] = Gauge(label: Self.metricLabel, dimensions: [("HealthCheckId", c.id)], factory: metrics)
            }
        }
        self.gauges = gauges
        self.host = host
        self.clock = clock
        for (_, configuration) in checks { publish(configuration.id, .healthy) }
    }

    /// Starts probing.
    public func start() {
        let count = state.withLock { $0.entries.count }
        let tasks = (0..<count).map { index in Task { [self] in await self.run(index) } }
        state.withLock { $0.tasks = tasks }
    }

    /// Stops probing (running probes finish within their timeout).
    public func stop() {
        let tasks = state.withLock { s -> [Task<Void, Never>] in
            s.stopped = true
            return s.tasks
        }
        for task in tasks { task.cancel() }
    }

    /// The failover record that answers now.
    public var record: FailoverRecord { state.withLock { $0.failover.current } }

    /// The region role the global endpoint sends traffic to now.
    public var target: StackRegionRole { record == .primary ? .primary : .secondary }

    /// The record's switches (failover and failback instants, monotonic nanoseconds).
    public var switches: [FailoverState.Switch] { state.withLock { $0.failover.switches } }

    /// A check's status by region role (nil when that region has no check).
    public func status(of role: StackRegionRole) -> HealthStatus? {
        state.withLock { s in s.entries.first { $0.role == role }?.machine.status }
    }

    private func run(_ index: Int) async {
        while !Task.isCancelled {
            let step = state.withLock { s -> (wake: UInt64, actions: [HealthCheckMachine.Action], config: HealthCheckConfiguration)? in
                if s.stopped { return nil }
                let actions = s.entries[index].machine.tick(now: clock())
                return (s.entries[index].machine.nextWakeup, actions, s.entries[index].machine.configuration)
            }
            guard let step else { return }
            apply(step.actions, index: index)
            if step.actions.contains(where: { if case .probe = $0 { true } else { false } }) {
                let outcome = await probe(step.config)
                let actions = state.withLock { s in s.entries[index].machine.finished(outcome, now: clock()) }
                publish(step.config.id, state.withLock { $0.entries[index].machine.status })
                apply(actions, index: index)
                continue
            }
            let now = clock()
            if step.wake > now { try? await Task.sleep(for: .nanoseconds(Int64(step.wake - now))) }
        }
    }

    private func apply(_ actions: [HealthCheckMachine.Action], index: Int) {
        for action in actions {
            guard case .statusChanged = action else { continue }
            state.withLock { s in
                let primary = s.entries.first { $0.role == .primary }?.machine.status ?? .healthy
                let secondary = s.entries.first { $0.role == .secondary }?.machine.status
                s.failover.update(primary: primary, secondary: secondary, now: clock())
            }
        }
    }

    private func probe(_ c: HealthCheckConfiguration) async -> ProbeOutcome {
        do {
            let response = try await HTTPClient.send(
                host: host, port: c.port, path: c.resourcePath, headers: [("User-Agent", "Amazon-Route53-Health-Check-Service")],
                timeout: c.timeout)
            return .answered(status: response.status)
        } catch let error as HTTPClientError {
            return .noAnswer(reason: Self.describe(error))
        } catch {
            return .noAnswer(reason: "\(error)")
        }
    }

    static func describe(_ error: HTTPClientError) -> String {
        switch error {
        case .connect(let code): code == ECONNREFUSED ? "connection refused" : "connect failed (errno \(code))"
        case .timeout: "timed out"
        case .closed: "connection closed before a response"
        case .malformed(let what): "malformed response (\(what))"
        case .send(let code): "send failed (errno \(code))"
        }
    }

    private func publish(_ id: String, _ status: HealthStatus) {
        gauges[id]?.record(status.metricValue)
    }

    /// The swift-metrics label of `AWS/Route53 HealthCheckStatus`.
    static let metricLabel = "AWS/Route53/HealthCheckStatus"

    /// Route 53 publishes its metrics in us-east-1 only, whatever the stack's regions.
    public static let metricRegion = "us-east-1"

    /// `AWS/Route53 HealthCheckStatus` for one check (in `metricRegion`).
    public static func metricKey(_ id: String) -> MetricKey {
        MetricKey(region: metricRegion, namespace: "AWS/Route53", name: "HealthCheckStatus", dimensions: ["HealthCheckId": id])
    }

    /// The checks as a JSON array, for the admin status (`health_checks`).
    public func json() -> String {
        let now = clock()
        let items = state.withLock { s in
            s.entries.map { entry -> String in
                let m = entry.machine
                let c = m.configuration
                var out = "{\"id\":\(JSONText.quote(c.id)),\"region\":\(JSONText.quote(c.region)),\"role\":\"\(entry.role.rawValue)\""
                out += ",\"type\":\"HTTP\",\"fqdn\":\(JSONText.quote(c.fqdn)),\"port\":\(c.port)"
                out += ",\"resource_path\":\(JSONText.quote(c.resourcePath))"
                out += ",\"request_interval_ms\":\(c.intervalNanos / 1_000_000),\"failure_threshold\":\(c.failureThreshold)"
                out += ",\"status\":\"\(m.status.rawValue)\",\"probes\":\(m.probes),\"failures\":\(m.failures)"
                if let last = m.lastOutcome {
                    out += ",\"last_result\":\(JSONText.quote(last.outcome.summary)),\"last_result_age_ms\":\((now &- last.at) / 1_000_000)"
                }
                return out + "}"
            }
        }
        return "[" + items.joined(separator: ",") + "]"
    }

    /// The failover record's state as JSON: the record answering, its region and the switches.
    public func failoverJSON(regionNames: [StackRegionRole: String]) -> String {
        let now = clock()
        let (current, switches) = state.withLock { ($0.failover.current, $0.failover.switches) }
        let role: StackRegionRole = current == .primary ? .primary : .secondary
        let list = switches.map { "{\"to\":\"\($0.to.rawValue)\",\"age_ms\":\((now &- $0.at) / 1_000_000)}" }
        return "{\"record\":\"\(current.rawValue)\",\"region\":\(JSONText.quote(regionNames[role] ?? role.rawValue)),\"switches\":[\(list.joined(separator: ","))]}"
    }
}
