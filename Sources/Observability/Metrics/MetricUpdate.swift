/// One change to a metric series, for `MetricsRegistry.apply`: the same three operations as
/// `increment`, `setGauge` and `record`.
///
/// Why: an invocation changes two or three series at once (gauges when it starts; count,
/// duration and errors when it ends); applying them together takes the registry's lock once
/// instead of once per series, which matters when event loops and handler tasks contend for it.
public enum MetricUpdate: Sendable, Equatable {
    /// `increment(key, by:)`.
    case increment(MetricKey, by: Double = 1)
    /// `setGauge(key, to:)`.
    case setGauge(MetricKey, to: Double)
    /// `record(key, value:)`.
    case record(MetricKey, value: Double)

    /// The series it changes.
    public var key: MetricKey {
        switch self {
        case .increment(let key, _), .setGauge(let key, _), .record(let key, _): key
        }
    }

    /// Applies the change to a series at `time`, exactly as the single-series methods do.
    func apply(to entry: inout MetricsRegistry.Series, at time: Int64) {
        switch self {
        case .increment(_, let amount):
            entry.total += amount
            entry.last = entry.total
            entry.samples.append(MetricDatum(timestamp: time, value: amount))
        case .setGauge(_, let value):
            entry.last = value
            entry.samples.append(MetricDatum(timestamp: time, value: value))
        case .record(_, let value):
            entry.total += value
            entry.last = value
            entry.samples.append(MetricDatum(timestamp: time, value: value))
        }
    }
}
