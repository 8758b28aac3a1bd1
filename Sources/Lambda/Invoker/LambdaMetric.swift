import Observability

/// The `AWS/Lambda` metrics the invoker records, with dimension `FunctionName`.
///
/// Names match CloudWatch so the seed's alarms (section 4.8 of the seed contract) can be
/// evaluated against `MetricsRegistry` unchanged.
public enum LambdaMetric: String, Sendable, CaseIterable {
    /// Count of invocations that ran (not throttled ones).
    case invocations = "Invocations"
    /// Count of function errors and timeouts.
    case errors = "Errors"
    /// Count of throttled invocations.
    case throttles = "Throttles"
    /// Handler duration in milliseconds (one sample per invocation).
    case duration = "Duration"
    /// Busy environments, sampled at each invocation start (gauge).
    case concurrentExecutions = "ConcurrentExecutions"

    /// The CloudWatch namespace.
    public static let namespace = "AWS/Lambda"

    /// The key for one function, or the account-wide series with no dimension (nil).
    public func key(_ functionName: String?) -> MetricKey {
        MetricKey(
            namespace: Self.namespace, name: rawValue,
            dimensions: functionName.map { ["FunctionName": $0] } ?? [:])
    }

    /// One function's keys, built once at registration (a key is a small allocation and a sort).
    struct Keys: Sendable {
        let invocations: MetricKey
        let errors: MetricKey
        let duration: MetricKey
        let concurrentExecutions: MetricKey

        init(_ functionName: String) {
            invocations = LambdaMetric.invocations.key(functionName)
            errors = LambdaMetric.errors.key(functionName)
            duration = LambdaMetric.duration.key(functionName)
            concurrentExecutions = LambdaMetric.concurrentExecutions.key(functionName)
        }
    }

    /// The account-wide `ConcurrentExecutions` key.
    static let accountConcurrentExecutions = LambdaMetric.concurrentExecutions.key(nil)
}
