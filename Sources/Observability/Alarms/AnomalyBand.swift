/// The emulator's model for `ANOMALY_DETECTION_BAND(m1, width)`: a simple, documented stand-in for
/// CloudWatch's trained model.
///
/// The band of a period is `mean ± width × σ` of the same statistic over the `historyPeriods`
/// periods just before the evaluation range that have a datapoint; σ is at least
/// `max(minimumDeviation, relativeFloor × |mean|)`, so a perfectly steady history still allows
/// some movement. With fewer than `minimumHistory` such periods the model is still "training"
/// and the alarm stays `INSUFFICIENT_DATA`, as a new CloudWatch anomaly detector does. The seed's
/// invocation alarm uses width 2 over 300 s periods: 12 history periods are the last hour.
public struct AnomalyBand: Sendable, Hashable {
    /// The band's width in standard deviations (the expression's second argument).
    public var width: Double
    /// How many earlier periods the band is computed from.
    public var historyPeriods: Int
    /// The fewest earlier datapoints that make a band.
    public var minimumHistory: Int
    /// The smallest σ, absolute.
    public var minimumDeviation: Double
    /// The smallest σ, as a fraction of the mean.
    public var relativeFloor: Double
    /// The metric id of the band in the alarm's metric queries (`ad1`).
    public var id: String
    /// The metric id of the metric it follows (`m1`).
    public var metricID: String

    /// The seed's band: `ANOMALY_DETECTION_BAND(m1, 2)`.
    public init(
        width: Double = 2, historyPeriods: Int = 12, minimumHistory: Int = 3, minimumDeviation: Double = 1,
        relativeFloor: Double = 0.1, id: String = "ad1", metricID: String = "m1"
    ) {
        self.width = width
        self.historyPeriods = historyPeriods
        self.minimumHistory = minimumHistory
        self.minimumDeviation = minimumDeviation
        self.relativeFloor = relativeFloor
        self.id = id
        self.metricID = metricID
    }

    /// The expression CloudWatch would show.
    public var expression: String {
        "ANOMALY_DETECTION_BAND(\(metricID), \(width == width.rounded() ? String(Int(width)) : String(width)))"
    }

    /// The band from the history's values, nil while training.
    public func band(history: [Double]) -> (lower: Double, upper: Double)? {
        guard history.count >= minimumHistory, !history.isEmpty else { return nil }
        let mean = history.reduce(0, +) / Double(history.count)
        let variance = history.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(history.count)
        let sigma = max(variance.squareRoot(), minimumDeviation, relativeFloor * abs(mean))
        return (mean - width * sigma, mean + width * sigma)
    }
}
