/// One timestamped sample of a metric.
///
/// Counters record their increments, gauges their readings, timers their durations.
public struct MetricDatum: Sendable, Hashable {
    /// Epoch milliseconds.
    public let timestamp: Int64
    /// The sample value.
    public let value: Double

    /// Creates a sample.
    public init(timestamp: Int64, value: Double) {
        self.timestamp = timestamp
        self.value = value
    }
}
