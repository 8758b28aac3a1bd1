import CoreMetrics
import Prometheus

/// The Prometheus side of a region's metrics: swift-prometheus' factory behind the naming rules.
///
/// Renames each instrument (`PrometheusNaming`) and adds the region as a `region` label before
/// swift-prometheus registers it, so one registry holds every region of a stack and `/metrics`
/// tells them apart. Timers get histogram buckets from 100 us to 30 s (the library's default
/// starts at 5 ms, above most of this emulator's latencies).
public struct PrometheusNamingFactory: MetricsFactory {
    let upstream: PrometheusMetricsFactory
    let extraLabels: [(String, String)]

    /// Timer buckets, in seconds.
    public static let durationBuckets: [Duration] = [
        .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .microseconds(2_500),
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2_500), .seconds(5), .seconds(10), .seconds(30),
    ]

    /// A factory registering into `registry`, adding `region` (when not empty) to every series.
    public init(registry: PrometheusCollectorRegistry, region: String) {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = Self.durationBuckets
        upstream = factory
        extraLabels = region.isEmpty ? [] : [("region", region)]
    }

    private func labels(_ dimensions: [(String, String)]) -> [(String, String)] {
        dimensions.map { (PrometheusNaming.labelName($0.0), $0.1) } + extraLabels
    }

    public func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        upstream.makeCounter(label: PrometheusNaming.metricName(label, kind: .counter), dimensions: labels(dimensions))
    }

    public func makeFloatingPointCounter(label: String, dimensions: [(String, String)]) -> any FloatingPointCounterHandler {
        upstream.makeFloatingPointCounter(label: PrometheusNaming.metricName(label, kind: .counter), dimensions: labels(dimensions))
    }

    public func makeMeter(label: String, dimensions: [(String, String)]) -> any MeterHandler {
        upstream.makeMeter(label: PrometheusNaming.metricName(label, kind: .gauge), dimensions: labels(dimensions))
    }

    public func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        upstream.makeRecorder(
            label: PrometheusNaming.metricName(label, kind: aggregate ? .recorder : .gauge), dimensions: labels(dimensions),
            aggregate: aggregate)
    }

    public func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        upstream.makeTimer(label: PrometheusNaming.metricName(label, kind: .timer), dimensions: labels(dimensions))
    }

    public func destroyCounter(_ handler: any CounterHandler) { upstream.destroyCounter(handler) }
    public func destroyMeter(_ handler: any MeterHandler) { upstream.destroyMeter(handler) }
    public func destroyFloatingPointCounter(_ handler: any FloatingPointCounterHandler) {
        upstream.destroyFloatingPointCounter(handler)
    }
    public func destroyRecorder(_ handler: any RecorderHandler) { upstream.destroyRecorder(handler) }
    public func destroyTimer(_ handler: any TimerHandler) { upstream.destroyTimer(handler) }
}
