import Synchronization

/// The CloudWatch metrics of a stack: every series of every region, in periods.
///
/// The backend behind the swift-metrics facade (`CloudWatchMetricsFactory`) and what the
/// CloudWatch API, the alarms and the admin API read. Series are created on first use and live
/// as long as the store; each is bounded (see `MetricSeries`). The resolution is CloudWatch's
/// standard 60 s unless a stack shortens it for tests and drills.
public final class MetricStore: Sendable {
    /// Period length in seconds (60 by default).
    public let resolutionSeconds: Int
    /// Periods kept per series.
    public let maxPeriods: Int
    private let series: Mutex<[MetricKey: MetricSeries]>
    private let clock: @Sendable () -> Int64

    /// Creates an empty store.
    /// - Parameters:
    ///   - resolutionSeconds: the period every sample is folded into (1...3600).
    ///   - maxPeriods: how many periods each series keeps (1,440: a day of minutes).
    ///   - clock: epoch milliseconds, for samples without a time.
    public init(
        resolutionSeconds: Int = 60, maxPeriods: Int = 1_440,
        clock: @escaping @Sendable () -> Int64 = LogTimeFormat.nowMilliseconds
    ) {
        self.resolutionSeconds = min(max(1, resolutionSeconds), 3_600)
        self.maxPeriods = max(1, maxPeriods)
        self.clock = clock
        series = Mutex([:])
    }

    /// The store's clock, epoch milliseconds.
    public func now() -> Int64 { clock() }

    /// The series for `key`, created with `unit` when new.
    public func series(_ key: MetricKey, unit: MetricUnit) -> MetricSeries {
        let resolution = Int64(resolutionSeconds) * 1000
        let cap = maxPeriods
        return series.withLock { all in
            if let existing = all[key] { return existing }
            let created = MetricSeries(key: key, unit: unit, resolution: resolution, maxPeriods: cap)
            all[key] = created
            return created
        }
    }

    /// The series for `key` if any sample or handler created it.
    public func existing(_ key: MetricKey) -> MetricSeries? { series.withLock { $0[key] } }

    /// Records one sample (now, unless `timestamp` is given).
    public func record(_ key: MetricKey, value: Double, unit: MetricUnit = .none, at timestamp: Int64? = nil) {
        series(key, unit: unit).record(value, at: timestamp ?? clock())
    }

    /// Every series, sorted by description; only `region`'s when given.
    public func all(region: String? = nil) -> [MetricSeries] {
        series.withLock { Array($0.values) }
            .filter { region == nil || $0.key.region == region }
            .sorted { $0.key.description < $1.key.description }
    }

    /// Datapoints of one series (empty for an unknown one); see `MetricSeries.datapoints`.
    public func datapoints(_ key: MetricKey, start: Int64, end: Int64, periodSeconds: Int) -> [MetricAggregate] {
        existing(key)?.datapoints(start: start, end: end, period: Int64(periodSeconds) * 1000) ?? []
    }

    // MARK: - Totals (tests and summaries)

    /// A counter's running total (0 if never recorded).
    public func counter(_ key: MetricKey) -> Double { existing(key)?.total ?? 0 }

    /// A gauge's (or any series') newest value.
    public func gauge(_ key: MetricKey) -> Double? { existing(key)?.last }

    /// Statistics over every kept period within `[start, end)` (all when nil).
    public func statistics(_ key: MetricKey, start: Int64? = nil, end: Int64? = nil) -> MetricStatistics {
        guard let s = existing(key) else { return MetricStatistics() }
        let points = s.datapoints(start: start ?? .min / 2, end: end ?? .max, period: .max / 4)
        var stats = MetricStatistics()
        for p in points {
            stats.sampleCount += p.sampleCount
            stats.sum += p.sum
            stats.minimum = Swift.min(stats.minimum ?? p.minimum, p.minimum)
            stats.maximum = Swift.max(stats.maximum ?? p.maximum, p.maximum)
        }
        return stats
    }
}
