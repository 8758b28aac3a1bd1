import CoreMetrics

/// The `AWS/Lambda` metrics the invoker emits through swift-metrics, with dimension `FunctionName`.
///
/// Names match CloudWatch, so the seed's alarms (seed contract 4.8) read them unchanged; the label
/// is `AWS/Lambda/<Name>` (namespace, then metric), which the stack's backends split again.
public enum LambdaMetric: String, Sendable, CaseIterable {
    /// Invocations that ran (not throttled ones): one sample of 1 each.
    case invocations = "Invocations"
    /// Function errors and timeouts: one sample per invocation, 1 or 0 (so `Average` is the
    /// error rate, and periods with traffic but no errors have a datapoint of 0).
    case errors = "Errors"
    /// Throttled invocation requests: one sample per request, 1 when refused, else 0.
    case throttles = "Throttles"
    /// Handler duration (a timer; milliseconds in CloudWatch).
    case duration = "Duration"
    /// Busy environments of the function, sampled at each invocation start (a gauge).
    case concurrentExecutions = "ConcurrentExecutions"

    /// The CloudWatch namespace.
    public static let namespace = "AWS/Lambda"

    /// The swift-metrics label, `AWS/Lambda/<Name>`.
    public var label: String { "\(Self.namespace)/\(rawValue)" }
}

/// One function's instruments, made once at registration from the invoker's factory.
final class FunctionMetrics: Sendable {
    let invocations: Counter
    let errors: Counter
    let throttles: Counter
    let duration: Timer
    let concurrentExecutions: Gauge

    init(functionName: String, factory: any MetricsFactory) {
        let dimensions = [("FunctionName", functionName)]
        invocations = Counter(label: LambdaMetric.invocations.label, dimensions: dimensions, factory: factory)
        errors = Counter(label: LambdaMetric.errors.label, dimensions: dimensions, factory: factory)
        throttles = Counter(label: LambdaMetric.throttles.label, dimensions: dimensions, factory: factory)
        duration = Timer(label: LambdaMetric.duration.label, dimensions: dimensions, factory: factory)
        concurrentExecutions = Gauge(label: LambdaMetric.concurrentExecutions.label, dimensions: dimensions, factory: factory)
    }

    /// An invocation request was admitted (`busy` environments of the function, `accountBusy` of all).
    func started(busy: Int, accountBusy: Int, account: Gauge) {
        throttles.increment(by: 0)
        concurrentExecutions.record(busy)
        account.record(accountBusy)
    }

    /// An invocation request was refused for concurrency.
    func throttled() { throttles.increment() }

    /// An invocation ended after `duration` (nil: it never ran its handler, e.g. a failed init).
    func finished(failed: Bool, duration: Duration?) {
        invocations.increment()
        errors.increment(by: failed ? 1 : 0)
        if let duration { self.duration.recordNanoseconds(Self.nanoseconds(duration)) }
    }

    static func nanoseconds(_ d: Duration) -> Int64 {
        let (seconds, attoseconds) = d.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
