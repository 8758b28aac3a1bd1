/// One Route 53 HTTP health check: what it probes and how often, as `aws_route53_health_check`
/// describes it (`type = "HTTP"`, `resource_path`, `request_interval`, `failure_threshold`).
///
/// Why a value of its own: the prober, the admin status, the outputs and the metric all describe
/// the same check, and the state machine needs only the interval, the threshold and the timeout.
/// Route 53 allows intervals of 10 or 30 s; locally any interval from 10 ms up is accepted, so
/// drills and tests fail over in seconds (the default is 1 s).
public struct HealthCheckConfiguration: Sendable, Equatable {
    /// The health check id (a UUID, like Route 53's).
    public var id: String
    /// The region whose endpoint it probes.
    public var region: String
    /// `FullyQualifiedDomainName`: the API's execute-api host.
    public var fqdn: String
    /// `ResourcePath`: `/<stage>/health`.
    public var resourcePath: String
    /// The port probed (the region's local listener).
    public var port: Int
    /// `RequestInterval`: time between the starts of two probes.
    public var requestInterval: Duration
    /// `FailureThreshold`: consecutive results needed to change the status (1...10).
    public var failureThreshold: Int
    /// How long one probe may take before it counts as a failure. Route 53 allows 4 s to connect
    /// and 2 s to answer; locally the probe gets the interval, at least 1 s and at most 2 s in
    /// all, so a region that answers slowly for a moment (a leader election) is not failed by a
    /// short test interval alone.
    public var timeout: Duration

    /// The local default interval (1 s) and failure threshold (3, Route 53's default).
    public static let defaultInterval: Duration = .seconds(1)
    public static let defaultFailureThreshold = 3

    /// Creates a configuration; `timeout` defaults to the interval clamped to 1...2 s.
    public init(
        id: String, region: String, fqdn: String, resourcePath: String, port: Int,
        requestInterval: Duration = HealthCheckConfiguration.defaultInterval,
        failureThreshold: Int = HealthCheckConfiguration.defaultFailureThreshold, timeout: Duration? = nil
    ) {
        self.id = id
        self.region = region
        self.fqdn = fqdn
        self.resourcePath = resourcePath
        self.port = port
        self.requestInterval = requestInterval
        self.failureThreshold = failureThreshold
        self.timeout = timeout ?? min(.seconds(2), max(.seconds(1), requestInterval))
    }

    /// Why a configuration is refused, with the value and the rule.
    public enum Problem: Error, Sendable, Equatable, CustomStringConvertible {
        case failureThreshold(Int)
        case requestInterval(Duration)

        public var description: String {
            switch self {
            case .failureThreshold(let n): "failure threshold \(n) must be between 1 and 10 (Route 53's range)"
            case .requestInterval(let d): "request interval \(d) must be between 10 ms and 30 s"
            }
        }
    }

    /// Checks the ranges: threshold 1...10 as Route 53, interval 10 ms...30 s.
    public func validate() throws(Problem) {
        guard (1...10).contains(failureThreshold) else { throw .failureThreshold(failureThreshold) }
        guard requestInterval >= .milliseconds(10), requestInterval <= .seconds(30) else {
            throw .requestInterval(requestInterval)
        }
    }

    /// The interval in nanoseconds.
    public var intervalNanos: UInt64 { Self.nanos(requestInterval) }
    /// The probe timeout in nanoseconds.
    public var timeoutNanos: UInt64 { Self.nanos(timeout) }

    static func nanos(_ d: Duration) -> UInt64 {
        let c = d.components
        return UInt64(max(0, c.seconds)) &* 1_000_000_000 &+ UInt64(max(0, c.attoseconds / 1_000_000_000))
    }
}
