/// Identifies one metric series: region, namespace, metric name and dimensions (order-insensitive).
///
/// Mirrors CloudWatch, where `AWS/Lambda` `Errors` with `FunctionName=f` in `us-east-1` is one
/// series; alarms are evaluated against exactly one key. The region is not a dimension: each
/// region's CloudWatch endpoint answers only for its own series.
public struct MetricKey: Sendable, Hashable, CustomStringConvertible {
    /// The region whose CloudWatch holds the series ("" for a store used outside a stack).
    public let region: String
    /// The namespace, e.g. `AWS/Lambda`.
    public let namespace: String
    /// The metric name, e.g. `Invocations`.
    public let name: String
    /// Dimensions sorted by name, so equal sets compare equal.
    public let dimensions: [MetricDimension]

    /// Creates a key from a dimension dictionary.
    public init(region: String = "", namespace: String, name: String, dimensions: [String: String] = [:]) {
        self.init(
            region: region, namespace: namespace, name: name,
            dimensions: dimensions.map { MetricDimension(name: $0.key, value: $0.value) })
    }

    /// Creates a key from dimensions in any order.
    public init(region: String = "", namespace: String, name: String, dimensions: [MetricDimension]) {
        self.region = region
        self.namespace = namespace
        self.name = name
        self.dimensions = dimensions.sorted { ($0.name, $0.value) < ($1.name, $1.value) }
    }

    /// The dimensions as a dictionary.
    public var dimensionDictionary: [String: String] {
        Dictionary(dimensions.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    /// True when every dimension of `filter` is on this key (a value of nil matches any value),
    /// as `ListMetrics` filters.
    public func matches(_ filter: [(name: String, value: String?)]) -> Bool {
        filter.allSatisfy { wanted in
            dimensions.contains { $0.name == wanted.name && (wanted.value == nil || $0.value == wanted.value) }
        }
    }

    public var description: String {
        let dims = dimensions.map { "\($0.name)=\($0.value)" }.joined(separator: ",")
        return "\(region.isEmpty ? "" : region + ":")\(namespace)/\(name){\(dims)}"
    }
}
