import CoreMetrics
import Prometheus
import Synchronization

/// A stack's metrics: one CloudWatch-shaped store, one Prometheus registry, and a swift-metrics
/// factory per region that feeds both.
///
/// Why per stack rather than `MetricsSystem.bootstrap`: swift-metrics' global factory can be set
/// once per process, and a test process runs many stacks. Every service takes its region's
/// factory explicitly (`factory(region:)`), so stacks never see each other's series; `regionstack
/// up` may still bootstrap the global one with it for code that uses the default. With metrics
/// off, every factory is swift-metrics' no-op handler, which costs nothing per sample.
public final class MetricsHub: Sendable {
    /// The CloudWatch view (API, alarms, admin queries).
    public let store: MetricStore
    /// The Prometheus view (`/metrics`).
    public let prometheus: PrometheusCollectorRegistry
    /// False: every factory is the no-op handler and nothing is recorded.
    public let enabled: Bool
    private let factories = Mutex<[String: any MetricsFactory]>([:])

    /// A hub over a new store of `resolutionSeconds` periods.
    public init(enabled: Bool = true, store: MetricStore = MetricStore()) {
        self.enabled = enabled
        self.store = store
        prometheus = PrometheusCollectorRegistry()
    }

    /// The factory for `region`'s services (the same instance on every call). `regionLabel`
    /// false: the emulator's own series, kept in `region`'s CloudWatch but without a `region`
    /// label in Prometheus (they belong to no AWS region).
    public func factory(region: String, regionLabel: Bool = true) -> any MetricsFactory {
        guard enabled else { return NOOPMetricsHandler.instance }
        let cacheKey = regionLabel ? region : "\u{0}" + region
        return factories.withLock { all in
            if let existing = all[cacheKey] { return existing }
            let made = MultiplexMetricsHandler(factories: [
                CloudWatchMetricsFactory(store: store, region: region),
                PrometheusNamingFactory(registry: prometheus, region: regionLabel ? region : ""),
            ])
            all[cacheKey] = made
            return made
        }
    }

    /// The Prometheus text exposition (format 0.0.4) of every series.
    public func prometheusText() -> [UInt8] {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(16 * 1024)
        prometheus.emit(into: &buffer)
        return buffer
    }

    /// The content type of `prometheusText`.
    public static let prometheusContentType = "text/plain; version=0.0.4; charset=utf-8"
}
