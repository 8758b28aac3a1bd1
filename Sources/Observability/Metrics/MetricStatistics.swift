/// CloudWatch statistics over the samples in a time window.
///
/// What alarms compare against their thresholds (`Sum`, `Average`, `Maximum`, ...).
public struct MetricStatistics: Sendable, Hashable {
    /// Number of samples.
    public var sampleCount: Int
    /// Sum of the samples.
    public var sum: Double
    /// Smallest sample (nil with no samples).
    public var minimum: Double?
    /// Largest sample (nil with no samples).
    public var maximum: Double?

    /// Mean of the samples (nil with no samples).
    public var average: Double? { sampleCount == 0 ? nil : sum / Double(sampleCount) }

    /// Empty statistics.
    public init(sampleCount: Int = 0, sum: Double = 0, minimum: Double? = nil, maximum: Double? = nil) {
        self.sampleCount = sampleCount
        self.sum = sum
        self.minimum = minimum
        self.maximum = maximum
    }

    /// Adds one sample.
    public mutating func add(_ value: Double) {
        sampleCount += 1
        sum += value
        minimum = Swift.min(minimum ?? value, value)
        maximum = Swift.max(maximum ?? value, value)
    }
}
