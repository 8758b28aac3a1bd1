/// The statistics of one period of one series: what CloudWatch keeps per datapoint.
///
/// SampleCount, Sum, Minimum and Maximum are exact; percentiles come from the `LogHistogram`
/// sketch, clamped into [Minimum, Maximum] (so a constant series gives its exact value).
public struct MetricAggregate: Sendable, Hashable {
    /// Start of the period, epoch milliseconds.
    public var timestamp: Int64
    /// Number of samples.
    public var sampleCount: Int
    /// Sum of the samples.
    public var sum: Double
    /// Smallest sample.
    public var minimum: Double
    /// Largest sample.
    public var maximum: Double
    /// The distribution, for percentiles (nil in the 1-second ring, which keeps none).
    public var histogram: LogHistogram?

    /// An aggregate of one sample.
    public init(timestamp: Int64, value: Double, keepsHistogram: Bool = true) {
        self.timestamp = timestamp
        sampleCount = 1
        sum = value
        minimum = value
        maximum = value
        if keepsHistogram {
            var h = LogHistogram()
            h.add(value)
            histogram = h
        }
    }

    /// Mean of the samples.
    public var average: Double { sampleCount == 0 ? 0 : sum / Double(sampleCount) }

    /// Adds one sample.
    public mutating func add(_ value: Double) {
        sampleCount += 1
        sum += value
        if value < minimum { minimum = value }
        if value > maximum { maximum = value }
        histogram?.add(value)
    }

    /// Folds another period into this one (for periods longer than the store's resolution).
    public mutating func merge(_ other: MetricAggregate) {
        sampleCount += other.sampleCount
        sum += other.sum
        minimum = Swift.min(minimum, other.minimum)
        maximum = Swift.max(maximum, other.maximum)
        if let theirs = other.histogram { histogram?.merge(theirs) } else { histogram = nil }
    }

    /// The value of `statistic`, nil when this aggregate cannot answer it (a percentile without
    /// a histogram).
    public func value(_ statistic: MetricStatistic) -> Double? {
        switch statistic {
        case .sum: return sum
        case .average: return average
        case .minimum: return minimum
        case .maximum: return maximum
        case .sampleCount: return Double(sampleCount)
        case .percentile(let p):
            // The extremes are exact, as CloudWatch's p0 and p100 are.
            if p >= 100 { return maximum }
            if p <= 0 { return minimum }
            guard let estimate = histogram?.value(atPercentile: p) else { return nil }
            return Swift.min(Swift.max(estimate, minimum), maximum)
        }
    }
}
