/// A health check's status as Route 53 reports it (and as `HealthCheckStatus` counts it: 1 or 0).
public enum HealthStatus: String, Sendable, Equatable {
    case healthy
    case unhealthy

    /// The CloudWatch `HealthCheckStatus` value: 1 healthy, 0 unhealthy.
    public var metricValue: Double { self == .healthy ? 1 : 0 }
}

/// What one probe observed.
public enum ProbeOutcome: Sendable, Equatable {
    /// The endpoint answered with this status within the timeout.
    case answered(status: Int)
    /// No answer: refused, reset, timed out, or the probe could not be sent.
    case noAnswer(reason: String)

    /// Route 53's rule for HTTP checks: a 2xx or 3xx status within the timeout passes.
    public var passed: Bool {
        if case .answered(let status) = self { return (200..<400).contains(status) }
        return false
    }

    /// A short text for status pages: `HTTP 200`, `HTTP 503`, `connection refused`.
    public var summary: String {
        switch self {
        case .answered(let status): "HTTP \(status)"
        case .noAnswer(let reason): reason
        }
    }
}

/// The Route 53 health-check state machine: when to probe, and how consecutive results move the
/// status between healthy and unhealthy.
///
/// Sans-IO: it owns no clock, thread or socket. The shell calls `tick(now:)` at `nextWakeup` and
/// `finished(_:now:)` when a probe ends, and carries out the actions (send a probe, publish a new
/// status). Like Route 53, a new check counts as healthy until it has data, and the status
/// changes only after `failureThreshold` consecutive results that disagree with it (failures
/// while healthy, passes while unhealthy). Probes start every `requestInterval` from the first
/// one, never two at a time: a probe still running when the next is due delays it.
public struct HealthCheckMachine: Sendable {
    /// What the shell must do.
    public enum Action: Sendable, Equatable {
        /// Send one probe now; it must end (with an outcome) by `deadline`.
        case probe(deadline: UInt64)
        /// The status changed at this time.
        case statusChanged(from: HealthStatus, to: HealthStatus)
    }

    public let configuration: HealthCheckConfiguration
    /// The current status.
    public private(set) var status: HealthStatus = .healthy
    /// Consecutive results that disagree with `status` so far.
    public private(set) var disagreeing = 0
    /// When the next probe is due.
    public private(set) var nextProbeAt: UInt64
    /// When the running probe started (nil when none runs).
    public private(set) var probeStartedAt: UInt64?
    /// The last finished probe and when it ended.
    public private(set) var lastOutcome: (outcome: ProbeOutcome, at: UInt64)?
    /// When the status last changed (nil: never since creation).
    public private(set) var lastChangeAt: UInt64?
    /// Probes finished, passed and failed, for status pages.
    public private(set) var probes = 0
    public private(set) var failures = 0

    /// A machine whose first probe is due at `now`.
    public init(configuration: HealthCheckConfiguration, now: UInt64) {
        self.configuration = configuration
        nextProbeAt = now
    }

    /// When the shell must call `tick` next (the running probe's deadline while one runs).
    public var nextWakeup: UInt64 {
        if let started = probeStartedAt { return started &+ configuration.timeoutNanos }
        return nextProbeAt
    }

    /// Advances time: starts a probe when one is due, or fails the running one past its deadline.
    public mutating func tick(now: UInt64) -> [Action] {
        if let started = probeStartedAt {
            let deadline = started &+ configuration.timeoutNanos
            guard now >= deadline else { return [] }
            return finished(.noAnswer(reason: "timed out"), now: now)
        }
        guard now >= nextProbeAt else { return [] }
        probeStartedAt = now
        // Fixed cadence from the first probe; a slow probe pushes the next one to its end.
        nextProbeAt = max(nextProbeAt &+ configuration.intervalNanos, now)
        return [.probe(deadline: now &+ configuration.timeoutNanos)]
    }

    /// Records the running probe's outcome (ignored when none runs, e.g. a late answer after its
    /// timeout was already counted).
    public mutating func finished(_ outcome: ProbeOutcome, now: UInt64) -> [Action] {
        guard let started = probeStartedAt else { return [] }
        probeStartedAt = nil
        // An answer after the deadline is a timeout, whatever it says.
        let counted = now > started &+ configuration.timeoutNanos && outcome.passed
            ? ProbeOutcome.noAnswer(reason: "timed out") : outcome
        lastOutcome = (counted, now)
        probes += 1
        if !counted.passed { failures += 1 }
        nextProbeAt = max(nextProbeAt, now)
        let agrees = counted.passed == (status == .healthy)
        if agrees {
            disagreeing = 0
            return []
        }
        disagreeing += 1
        guard disagreeing >= configuration.failureThreshold else { return [] }
        let old = status
        status = counted.passed ? .healthy : .unhealthy
        disagreeing = 0
        lastChangeAt = now
        return [.statusChanged(from: old, to: status)]
    }
}
