/// Which record of a failover pair answers: Route 53's failover routing policy.
public enum FailoverRecord: String, Sendable, Equatable {
    case primary = "PRIMARY"
    case secondary = "SECONDARY"
}

/// Route 53's failover routing decision, as a pure function of the health checks' statuses.
///
/// Why its own value: the global endpoint, the status page and the drills must agree on it. The
/// rules (Route 53 Developer Guide, "How Amazon Route 53 chooses records when health checking is
/// configured"): the primary answers while it is healthy; otherwise the secondary, if it is
/// healthy or has no health check; when every record is unhealthy, Route 53 treats them all as
/// healthy, so the primary answers again.
public enum FailoverPolicy {
    /// The record that answers.
    public static func choose(primary: HealthStatus, secondary: HealthStatus?) -> FailoverRecord {
        if primary == .healthy { return .primary }
        if secondary ?? .healthy == .healthy { return .secondary }
        return .primary
    }
}

/// The global endpoint's routing history: which record answers and when it last switched.
///
/// Sans-IO: the shell feeds it each status change with the time; it answers where to send a
/// request and keeps the failover and failback instants that status pages and drills report.
public struct FailoverState: Sendable, Equatable {
    /// A switch from one record to the other.
    public struct Switch: Sendable, Equatable {
        public var to: FailoverRecord
        public var at: UInt64

        public init(to: FailoverRecord, at: UInt64) {
            self.to = to
            self.at = at
        }
    }

    /// The record answering now.
    public private(set) var current: FailoverRecord = .primary
    /// Every switch, oldest first (bounded to the last 64).
    public private(set) var switches: [Switch] = []

    public init() {}

    /// Re-evaluates the policy with the checks' statuses at `now`; returns the new record when
    /// it switched.
    @discardableResult
    public mutating func update(primary: HealthStatus, secondary: HealthStatus?, now: UInt64) -> FailoverRecord? {
        let chosen = FailoverPolicy.choose(primary: primary, secondary: secondary)
        guard chosen != current else { return nil }
        current = chosen
        switches.append(Switch(to: chosen, at: now))
        if switches.count > 64 { switches.removeFirst(switches.count - 64) }
        return chosen
    }
}
