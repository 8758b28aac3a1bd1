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
