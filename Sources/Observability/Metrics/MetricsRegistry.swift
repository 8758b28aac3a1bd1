import Synchronization

/// A small CloudWatch-like metric store: counters, gauges and timers keyed by `MetricKey`.
///
/// Every recording appends a timestamped sample to a bounded series (default 10,000 samples per
/// key) so a later alarm evaluator can compute `Sum`/`Average`/`Maximum` over a period; counters
/// also keep a running total and gauges their last value. Thread-safe behind one `Mutex`.
public final class MetricsRegistry: Sendable {
    struct Series: Sendable {
        var total: Double = 0
        var last: Double?
        var samples: RingBuffer<MetricDatum>
    }

    private let series: Mutex<[MetricKey: Series]>
    private let clock: @Sendable () -> Int64
    /// The most samples kept per series.
    public let samplesPerSeries: Int

    /// Creates an empty registry; `clock` gives epoch milliseconds for samples without a time.
    public init(samplesPerSeries: Int = 10_000, clock: @escaping @Sendable () -> Int64 = LogTimeFormat.nowMilliseconds) {
        self.samplesPerSeries = max(1, samplesPerSeries)
        self.clock = clock
        series = Mutex([:])
    }

    /// Adds `amount` to a counter (records it as one sample too).
    public func increment(_ key: MetricKey, by amount: Double = 1, at timestamp: Int64? = nil) {
        apply(.increment(key, by: amount), at: timestamp)
    }

    /// Sets a gauge (records the reading as one sample).
    public func setGauge(_ key: MetricKey, to value: Double, at timestamp: Int64? = nil) {
        apply(.setGauge(key, to: value), at: timestamp)
    }

    /// Records one observation, e.g. a duration in milliseconds (total is the running sum).
    public func record(_ key: MetricKey, value: Double, at timestamp: Int64? = nil) {
        apply(.record(key, value: value), at: timestamp)
    }

    /// Applies up to three updates under one lock acquisition, with one timestamp (default now);
    /// the same as calling the single-series methods in order.
    public func apply(_ first: MetricUpdate, _ second: MetricUpdate? = nil, _ third: MetricUpdate? = nil, at timestamp: Int64? = nil) {
        let time = timestamp ?? clock()
        let capacity = samplesPerSeries
        series.withLock { all in
            // Updated in place (the dictionary's defaulted subscript), so the ring buffer is never copied.
            func change(_ update: MetricUpdate?) {
                guard let update else { return }
                update.apply(to: &all[update.key, default: Series(samples: RingBuffer(capacity: capacity))], at: time)
            }
            change(first)
            change(second)
            change(third)
        }
    }

    /// A counter's running total (0 if never recorded).
    public func counter(_ key: MetricKey) -> Double {
        series.withLock { $0[key]?.total ?? 0 }
    }

    /// A gauge's (or observation's) last value.
    public func gauge(_ key: MetricKey) -> Double? {
        series.withLock { $0[key]?.last }
    }

    /// The samples of a series within `[start, end)` (all when nil), oldest first.
    public func samples(_ key: MetricKey, start: Int64? = nil, end: Int64? = nil) -> [MetricDatum] {
        series.withLock { all in
            (all[key]?.samples.elements ?? []).filter { datum in
                (start.map { datum.timestamp >= $0 } ?? true) && (end.map { datum.timestamp < $0 } ?? true)
            }
        }
    }

    /// Statistics over the samples in `[start, end)`.
    public func statistics(_ key: MetricKey, start: Int64? = nil, end: Int64? = nil) -> MetricStatistics {
        var stats = MetricStatistics()
        for datum in samples(key, start: start, end: end) { stats.add(datum.value) }
        return stats
    }

    /// Every key recorded so far, sorted by description.
    public func keys() -> [MetricKey] {
        series.withLock { Array($0.keys) }.sorted { $0.description < $1.description }
    }
}
