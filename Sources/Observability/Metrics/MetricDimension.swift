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
