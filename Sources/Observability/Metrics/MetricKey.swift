/// Identifies one metric series: namespace, metric name and dimensions (order-insensitive).
///
/// Mirrors CloudWatch, where `AWS/Lambda` `Errors` with `FunctionName=f` is one series; alarms
/// are evaluated against exactly one key.
public struct MetricKey: Sendable, Hashable, CustomStringConvertible {
    /// The namespace, e.g. `AWS/Lambda`.
    public let namespace: String
    /// The metric name, e.g. `Invocations`.
    public let name: String
    /// Dimensions sorted by name, so equal sets compare equal.
    public let dimensions: [MetricDimension]

    /// Creates a key from a dimension dictionary.
    public init(namespace: String, name: String, dimensions: [String: String] = [:]) {
        self.namespace = namespace
        self.name = name
        self.dimensions = dimensions.map { MetricDimension(name: $0.key, value: $0.value) }.sorted { $0.name < $1.name }
    }

    /// The dimensions as a dictionary.
    public var dimensionDictionary: [String: String] {
        Dictionary(uniqueKeysWithValues: dimensions.map { ($0.name, $0.value) })
    }

    public var description: String {
        let dims = dimensions.map { "\($0.name)=\($0.value)" }.joined(separator: ",")
        return "\(namespace)/\(name){\(dims)}"
    }
}

/// One name/value dimension of a metric.
///
/// A struct rather than a tuple so keys stay Hashable.
public struct MetricDimension: Sendable, Hashable {
    /// The dimension name, e.g. `FunctionName`.
    public let name: String
    /// The dimension value.
    public let value: String

    /// Creates a dimension.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

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
