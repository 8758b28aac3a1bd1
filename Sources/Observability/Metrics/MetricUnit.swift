/// A CloudWatch unit, as `ListMetrics`, `GetMetricStatistics` and the alarms report it.
///
/// Each series has one unit, chosen when it is created from the kind of instrument that made it
/// (timers are milliseconds) and, for counters, from the metric's name (`Bytes...`).
public enum MetricUnit: String, Sendable, Hashable, CaseIterable {
    case count = "Count"
    case milliseconds = "Milliseconds"
    case seconds = "Seconds"
    case bytes = "Bytes"
    case percent = "Percent"
    case none = "None"

    /// The unit of a series made by `kind` for metric `name`.
    public static func of(name: String, kind: MetricInstrument) -> MetricUnit {
        switch kind {
        case .timer: return .milliseconds
        case .counter: return name.hasPrefix("Bytes") ? .bytes : .count
        case .gauge, .recorder:
            if name.hasPrefix("Bytes") { return .bytes }
            return name.hasSuffix("Latency") || name.hasSuffix("Duration") ? .milliseconds : (name.hasSuffix("Executions") ? .count : .none)
        }
    }
}

/// The kind of swift-metrics instrument that feeds a series.
public enum MetricInstrument: String, Sendable, Hashable {
    /// `Counter` / `FloatingPointCounter`: each increment is one sample of its amount.
    case counter
    /// `Gauge` / `Meter`: each reading is one sample.
    case gauge
    /// `Recorder` (aggregating): each value is one sample.
    case recorder
    /// `Timer`: each duration is one sample, in milliseconds.
    case timer
}
