/// One alarm's state machine: an evaluation at a time over the metric's datapoints gives its
/// next state. Pure: no clock, no store; the evaluator passes both in.
///
/// The model, CloudWatch's with `TreatMissingData` = `missing`: an evaluation at `now` reads the
/// `evaluationPeriods` most recent complete periods (ending on the store's resolution grid at or
/// before `now`). With no datapoint in any of them the alarm is `INSUFFICIENT_DATA`; otherwise
/// it is `ALARM` when at least `min(datapointsToAlarm, present datapoints)` of them breach, else
/// `OK`. A band alarm also reads the `historyPeriods` before them for its `AnomalyBand`, and
/// stays `INSUFFICIENT_DATA` while that band is still training.
public struct AlarmMachine: Sendable {
    public let definition: AlarmDefinition
    public private(set) var state: AlarmState = .insufficientData
    public private(set) var reason = "Unchecked: Initial alarm creation"
    public private(set) var reasonData: String?
    /// When the state last changed (epoch ms).
    public private(set) var updated: Int64
    /// When the alarm was created (epoch ms).
    public let created: Int64
    /// The values of the last evaluation, oldest first (nil: no datapoint).
    public private(set) var lastValues: [Double?] = []

    /// A new alarm in `INSUFFICIENT_DATA`.
    public init(definition: AlarmDefinition, now: Int64) {
        self.definition = definition
        updated = now
        created = now
    }

    /// The periods an evaluation at `now` reads: `[start, end)`, in steps of the alarm's period.
    public func queryRange(now: Int64, resolutionSeconds: Int) -> (start: Int64, end: Int64) {
        let grid = Int64(max(1, resolutionSeconds)) * 1000
        let end = now - MetricSeries.modulo(now, grid)
        let periods = definition.evaluationPeriods + (definition.anomalyBand?.historyPeriods ?? 0)
        return (end - Int64(periods) * period, end)
    }

    /// The alarm's period in milliseconds.
    public var period: Int64 { Int64(definition.periodSeconds) * 1000 }

    /// Evaluates at `now` over `datapoints` (those of `queryRange`, in periods of the alarm's
    /// period); returns the transition when the state changes.
    public mutating func evaluate(now: Int64, resolutionSeconds: Int, datapoints: [MetricAggregate]) -> AlarmTransition? {
        let (start, end) = queryRange(now: now, resolutionSeconds: resolutionSeconds)
        let total = Int((end - start) / period)
        var values = [Double?](repeating: nil, count: total)
        var times = [Int64](repeating: 0, count: total)
        for k in 0..<total { times[k] = start + Int64(k) * period }
        for point in datapoints where point.timestamp >= start && point.timestamp < end {
            let k = Int((point.timestamp - start) / period)
            values[k] = point.value(definition.statistic)
        }
        let n = definition.evaluationPeriods
        let window = Array(values.suffix(n))
        let windowTimes = Array(times.suffix(n))
        lastValues = window
        let present = zip(window, windowTimes).compactMap { v, t in v.map { (value: $0, time: t) } }
        let next: (AlarmState, String, String?)
        if present.isEmpty {
            next = (.insufficientData, "Insufficient Data: \(n) datapoint\(n == 1 ? " was" : "s were") unknown.", nil)
        } else if let band = definition.anomalyBand {
            let history = Array(values.prefix(total - n)).compactMap { $0 }
            if let (lower, upper) = band.band(history: history) {
                next = judge(present, n: n, threshold: nil, lower: lower, upper: upper, now: now)
            } else {
                next = (
                    .insufficientData,
                    "Insufficient Data: the anomaly detection band is still training (\(history.count) of \(band.minimumHistory) earlier periods have data).",
                    nil
                )
            }
        } else {
            next = judge(present, n: n, threshold: definition.threshold ?? 0, lower: 0, upper: 0, now: now)
        }
        let previous = state
        reason = next.1
        reasonData = next.2
        guard next.0 != previous else { return nil }
        state = next.0
        updated = now
        return AlarmTransition(
            alarmName: definition.name, region: definition.region, from: previous, to: next.0, reason: next.1,
            reasonData: next.2, timestamp: now)
    }

    private func judge(
        _ present: [(value: Double, time: Int64)], n: Int, threshold: Double?, lower: Double, upper: Double, now: Int64
    ) -> (AlarmState, String, String?) {
        let comparison = definition.comparison
        let breaching = present.filter { comparison.breaches($0.value, threshold: threshold ?? 0, lower: lower, upper: upper) }
        let required = min(definition.datapointsToAlarm, present.count)
        let alarming = breaching.count >= required
        let newest = present.reversed()
        let listed = newest.map { "\(Self.number($0.value)) (\(LogTimeFormat.alarmReasonTime(milliseconds: $0.time)))" }
        let counted = alarming ? breaching.count : present.count - breaching.count
        let against = threshold.map { "the threshold (\(Self.number($0)))" } ?? "the band (\(Self.number(lower)), \(Self.number(upper)))"
        let phrase = comparison.relation
        let verb = counted == 1 ? "was" : "were"
        let text =
            "Threshold Crossed: \(counted) out of the last \(n) datapoint\(n == 1 ? "" : "s") [\(listed.joined(separator: ", "))] "
            + "\(verb)\(alarming ? "" : " not") \(phrase) \(against) (minimum \(required) datapoint\(required == 1 ? "" : "s") for "
            + "\(alarming ? "OK -> ALARM" : "ALARM -> OK") transition)."
        var data = #"{"version":"1.0","queryDate":"\#(LogTimeFormat.iso8601(milliseconds: now))","statistic":"\#(definition.statistic.name)""#
        data += #","period":\#(definition.periodSeconds),"recentDatapoints":[\#(newest.map { Self.number($0.value) }.joined(separator: ","))]"#
        if let threshold { data += #","threshold":\#(Self.number(threshold))"# } else {
            data += #","thresholdLower":\#(Self.number(lower)),"thresholdUpper":\#(Self.number(upper))"#
        }
        data += #","evaluatedDatapoints":["#
            + newest.map { #"{"timestamp":"\#(LogTimeFormat.iso8601(milliseconds: $0.time))","value":\#(Self.number($0.value))}"# }
            .joined(separator: ",") + "]}"
        return (alarming ? .alarm : .ok, text, data)
    }

    /// `7.0`, `0.5`, as CloudWatch's reasons print doubles.
    static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return "\(Int64(value)).0" }
        return "\(value)"
    }
}
