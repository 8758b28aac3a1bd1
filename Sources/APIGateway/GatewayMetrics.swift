import CoreMetrics

/// The `AWS/ApiGateway` metrics of one REST API, by `ApiName` and `Stage`, emitted through
/// swift-metrics.
///
/// Fed from the same place as the access log (every request that reached a known stage ends
/// there), so the two always agree. As API Gateway publishes them: `Count` one per request,
/// `4XXError` and `5XXError` 1 or 0 per request (their `Average` is the error rate), `Latency`
/// from receipt to response and `IntegrationLatency` for the Lambda call (timers; milliseconds in
/// CloudWatch). Requests for an unknown stage carry no stage and are not counted.
public final class GatewayMetrics: Sendable {
    struct Instruments: Sendable {
        let count: Counter
        let clientErrors: Counter
        let serverErrors: Counter
        let latency: Timer
        let integrationLatency: Timer
    }

    /// The CloudWatch namespace.
    public static let namespace = "AWS/ApiGateway"

    private let stages: [String: Instruments]

    /// Instruments for every stage of `api`.
    public init(api: RestAPI, factory: any MetricsFactory) {
        var stages: [String: Instruments] = [:]
        for stage in api.stages {
            let dimensions = [("ApiName", api.name), ("Stage", stage.name)]
            func label(_ name: String) -> String { "\(Self.namespace)/\(name)" }
            stages[stage.name] = Instruments(
                count: Counter(label: label("Count"), dimensions: dimensions, factory: factory),
                clientErrors: Counter(label: label("4XXError"), dimensions: dimensions, factory: factory),
                serverErrors: Counter(label: label("5XXError"), dimensions: dimensions, factory: factory),
                latency: Timer(label: label("Latency"), dimensions: dimensions, factory: factory),
                integrationLatency: Timer(label: label("IntegrationLatency"), dimensions: dimensions, factory: factory))
        }
        self.stages = stages
    }

    /// One finished request: its status, latency and, when an integration ran, its latency.
    func record(stage: String, status: Int, latencyNanos: UInt64, integrationNanos: UInt64?) {
        guard let instruments = stages[stage] else { return }
        instruments.count.increment()
        instruments.clientErrors.increment(by: (400..<500).contains(status) ? 1 : 0)
        instruments.serverErrors.increment(by: status >= 500 ? 1 : 0)
        instruments.latency.recordNanoseconds(Int64(clamping: latencyNanos))
        if let integrationNanos { instruments.integrationLatency.recordNanoseconds(Int64(clamping: integrationNanos)) }
    }
}
