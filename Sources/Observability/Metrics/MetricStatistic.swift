/// A CloudWatch statistic: the five standard ones and the extended percentiles (`p99`, `p99.9`).
///
/// Parsed from the names the API and alarms use (`Sum`, `SampleCount`, `p95`...); `name` gives
/// them back.
public enum MetricStatistic: Sendable, Hashable, CustomStringConvertible {
    case sum
    case average
    case minimum
    case maximum
    case sampleCount
    /// `pNN` / `pNN.N`: the percentile, 0...100.
    case percentile(Double)

    /// The standard statistics, in CloudWatch's order.
    public static let standard: [MetricStatistic] = [.sampleCount, .average, .sum, .minimum, .maximum]

    /// Parses `Sum`, `Average`, `Minimum`, `Maximum`, `SampleCount` or `p0`...`p100`.
    public init?(_ text: String) {
        switch text {
        case "Sum": self = .sum
        case "Average": self = .average
        case "Minimum": self = .minimum
        case "Maximum": self = .maximum
        case "SampleCount": self = .sampleCount
        default:
            guard text.first == "p" || text.first == "P", let p = Double(text.dropFirst()), p >= 0, p <= 100 else {
                return nil
            }
            self = .percentile(p)
        }
    }

    /// True for `pNN` (an `ExtendedStatistic` in `GetMetricStatistics`).
    public var isExtended: Bool { if case .percentile = self { true } else { false } }

    /// The statistic's name as CloudWatch writes it.
    public var name: String {
        switch self {
        case .sum: "Sum"
        case .average: "Average"
        case .minimum: "Minimum"
        case .maximum: "Maximum"
        case .sampleCount: "SampleCount"
        case .percentile(let p): p == p.rounded() ? "p\(Int(p))" : "p\(p)"
        }
    }

    public var description: String { name }
}
