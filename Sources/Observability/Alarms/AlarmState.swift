/// A CloudWatch alarm's state.
public enum AlarmState: String, Sendable, Hashable, CaseIterable {
    case ok = "OK"
    case alarm = "ALARM"
    case insufficientData = "INSUFFICIENT_DATA"
}

/// How an alarm compares its statistic with its threshold (CloudWatch's `ComparisonOperator`).
///
/// The last three compare against an anomaly band (`ThresholdMetricId`) rather than a number.
public enum ComparisonOperator: String, Sendable, Hashable, CaseIterable {
    case greaterThanOrEqualToThreshold = "GreaterThanOrEqualToThreshold"
    case greaterThanThreshold = "GreaterThanThreshold"
    case lessThanThreshold = "LessThanThreshold"
    case lessThanOrEqualToThreshold = "LessThanOrEqualToThreshold"
    case lessThanLowerOrGreaterThanUpperThreshold = "LessThanLowerOrGreaterThanUpperThreshold"
    case lessThanLowerThreshold = "LessThanLowerThreshold"
    case greaterThanUpperThreshold = "GreaterThanUpperThreshold"

    /// True when this operator compares against a band.
    public var usesBand: Bool {
        switch self {
        case .lessThanLowerOrGreaterThanUpperThreshold, .lessThanLowerThreshold, .greaterThanUpperThreshold: true
        default: false
        }
    }

    /// Whether `value` breaches `threshold` (or the band `lower...upper`).
    public func breaches(_ value: Double, threshold: Double, lower: Double = 0, upper: Double = 0) -> Bool {
        switch self {
        case .greaterThanOrEqualToThreshold: value >= threshold
        case .greaterThanThreshold: value > threshold
        case .lessThanThreshold: value < threshold
        case .lessThanOrEqualToThreshold: value <= threshold
        case .lessThanLowerOrGreaterThanUpperThreshold: value < lower || value > upper
        case .lessThanLowerThreshold: value < lower
        case .greaterThanUpperThreshold: value > upper
        }
    }

    /// The relation CloudWatch's state reasons name ("greater than" the threshold).
    var relation: String {
        switch self {
        case .greaterThanOrEqualToThreshold: "greater than or equal to"
        case .greaterThanThreshold: "greater than"
        case .lessThanThreshold: "less than"
        case .lessThanOrEqualToThreshold: "less than or equal to"
        case .lessThanLowerOrGreaterThanUpperThreshold: "outside"
        case .lessThanLowerThreshold: "below"
        case .greaterThanUpperThreshold: "above"
        }
    }
}
