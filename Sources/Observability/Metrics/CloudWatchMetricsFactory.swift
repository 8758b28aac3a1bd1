import CoreMetrics
import Synchronization

/// The swift-metrics backend that folds every instrument into a `MetricStore`, one region's way.
///
/// Labels name the CloudWatch metric as `Namespace/MetricName` (`AWS/Lambda/Invocations`,
/// `RegionStack/Replication/Term`): everything before the last `/` is the namespace. Dimensions
/// become the metric's dimensions; the factory's region says whose CloudWatch holds it. Each
/// handler keeps its series, so recording takes one lock and no lookup. Timers record
/// milliseconds, CloudWatch's unit for `Duration` and `Latency`.
public struct CloudWatchMetricsFactory: MetricsFactory {
    /// Where samples go.
    public let store: MetricStore
    /// The region whose series the handlers feed.
    public let region: String

    /// A factory over `store` for `region`.
    public init(store: MetricStore, region: String = "") {
        self.store = store
        self.region = region
    }

    /// The key a label and dimensions name in this factory's region.
    public func key(label: String, dimensions: [(String, String)]) -> MetricKey {
        let (namespace, name) = Self.split(label)
        return MetricKey(
            region: region, namespace: namespace, name: name,
            dimensions: dimensions.map { MetricDimension(name: $0.0, value: $0.1) })
    }

    /// `AWS/Lambda/Invocations` -> (`AWS/Lambda`, `Invocations`); a label without `/` has the
    /// namespace `RegionStack`.
    public static func split(_ label: String) -> (namespace: String, name: String) {
        guard let slash = label.lastIndex(of: "/") else { return ("RegionStack", label) }
        return (String(label[..<slash]), String(label[label.index(after: slash)...]))
    }

    private func series(_ label: String, _ dimensions: [(String, String)], _ kind: MetricInstrument) -> MetricSeries {
        let key = key(label: label, dimensions: dimensions)
        return store.series(key, unit: MetricUnit.of(name: key.name, kind: kind))
    }

    public func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        CounterSeriesHandler(series(label, dimensions, .counter), store: store)
    }

    public func makeFloatingPointCounter(label: String, dimensions: [(String, String)]) -> any FloatingPointCounterHandler {
        CounterSeriesHandler(series(label, dimensions, .counter), store: store)
    }

    public func makeMeter(label: String, dimensions: [(String, String)]) -> any MeterHandler {
        MeterSeriesHandler(series(label, dimensions, .gauge), store: store)
    }

    public func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        SampleSeriesHandler(series(label, dimensions, aggregate ? .recorder : .gauge), store: store)
    }

    public func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        SampleSeriesHandler(series(label, dimensions, .timer), store: store)
    }

    // Series live as long as the store: CloudWatch keeps a metric's history after its source goes.
    public func destroyCounter(_ handler: any CounterHandler) {}
    public func destroyMeter(_ handler: any MeterHandler) {}
    public func destroyFloatingPointCounter(_ handler: any FloatingPointCounterHandler) {}
    public func destroyRecorder(_ handler: any RecorderHandler) {}
    public func destroyTimer(_ handler: any TimerHandler) {}
}

/// Counters: each increment is one sample of its amount (so `Sum` is the count and
/// `SampleCount` the number of increments, as CloudWatch reports Lambda's `Errors`).
final class CounterSeriesHandler: CounterHandler, FloatingPointCounterHandler, Sendable {
    let series: MetricSeries
    let store: MetricStore

    init(_ series: MetricSeries, store: MetricStore) {
        self.series = series
        self.store = store
    }

    func increment(by amount: Int64) { series.record(Double(amount), at: store.now()) }
    func increment(by amount: Double) { series.record(amount, at: store.now()) }
    func reset() {}
}

/// Meters: each new value (set, or moved by increment and decrement) is one sample.
final class MeterSeriesHandler: MeterHandler, Sendable {
    let series: MetricSeries
    let store: MetricStore
    private let value = Mutex<Double>(0)

    init(_ series: MetricSeries, store: MetricStore) {
        self.series = series
        self.store = store
    }

    func set(_ newValue: Int64) { set(Double(newValue)) }
    func set(_ newValue: Double) {
        value.withLock { $0 = newValue }
        series.record(newValue, at: store.now())
    }
    func increment(by amount: Double) { series.record(value.withLock { $0 += amount; return $0 }, at: store.now()) }
    func decrement(by amount: Double) { series.record(value.withLock { $0 -= amount; return $0 }, at: store.now()) }
}

/// Recorders, gauges and timers: each value is one sample (timers in milliseconds).
final class SampleSeriesHandler: RecorderHandler, TimerHandler, Sendable {
    let series: MetricSeries
    let store: MetricStore

    init(_ series: MetricSeries, store: MetricStore) {
        self.series = series
        self.store = store
    }

    func record(_ value: Int64) { series.record(Double(value), at: store.now()) }
    func record(_ value: Double) { series.record(value, at: store.now()) }
    func recordNanoseconds(_ duration: Int64) { series.record(Double(duration) / 1_000_000, at: store.now()) }
}
