import Synchronization

/// One series of the CloudWatch-shaped store: its samples folded into periods as they arrive.
///
/// Two views, both bounded: periods of the store's resolution (60 s by default, shorter for tests
/// and drills) with a percentile sketch each, the newest `maxPeriods` kept; and a ring of
/// 1-second aggregates for the last `secondsKept` seconds (no sketch), which dashboards poll for
/// live rates. Samples are never stored one by one, so a busy series costs the same memory as an
/// idle one. Handlers of the swift-metrics backend hold their series and call `record` directly.
public final class MetricSeries: Sendable {
    struct State: Sendable {
        var periods: [MetricAggregate] = []
        var seconds: [MetricAggregate?]
        var last: Double?
        /// The newest second the ring holds; slots older than `secondsKept` before it are stale.
        var newestSecond: Int64 = .min
        var total: Double = 0
        var count: UInt64 = 0
    }

    /// The series' identity.
    public let key: MetricKey
    /// Its unit.
    public let unit: MetricUnit
    /// Period length in milliseconds.
    public let resolution: Int64
    /// The most periods kept.
    public let maxPeriods: Int
    /// How many seconds the 1-second ring covers.
    public static let secondsKept = 600
    private let state: Mutex<State>

    init(key: MetricKey, unit: MetricUnit, resolution: Int64, maxPeriods: Int) {
        self.key = key
        self.unit = unit
        self.resolution = max(1000, resolution)
        self.maxPeriods = max(1, maxPeriods)
        state = Mutex(State(seconds: Array(repeating: nil, count: Self.secondsKept)))
    }

    /// Adds one sample taken at `time` (epoch milliseconds).
    public func record(_ value: Double, at time: Int64) {
        let periodStart = time - Self.modulo(time, resolution)
        let second = time - Self.modulo(time, 1000)
        let slot = Int(Self.modulo(second / 1000, Int64(Self.secondsKept)))
        let cap = maxPeriods
        state.withLock { s in
            s.last = value
            s.total += value
            s.count += 1
            if s.periods.last?.timestamp == periodStart {
                s.periods[s.periods.count - 1].add(value)
            } else if s.periods.last.map({ $0.timestamp < periodStart }) ?? true {
                s.periods.append(MetricAggregate(timestamp: periodStart, value: value))
                // Drop in batches, so the array moves once per many periods.
                if s.periods.count > cap + 32 { s.periods.removeFirst(s.periods.count - cap) }
            } else {
                Self.insert(value, at: periodStart, into: &s.periods)
            }
            s.newestSecond = max(s.newestSecond, second)
            if s.seconds[slot]?.timestamp == second {
                s.seconds[slot]!.add(value)
            } else if (s.seconds[slot]?.timestamp ?? .min) < second {
                s.seconds[slot] = MetricAggregate(timestamp: second, value: value, keepsHistogram: false)
            }
        }
    }

    /// The newest sample's value.
    public var last: Double? { state.withLock { $0.last } }

    /// The sum of every sample ever recorded (a counter's running total).
    public var total: Double { state.withLock { $0.total } }

    /// How many samples were ever recorded.
    public var sampleTotal: UInt64 { state.withLock { $0.count } }

    /// Datapoints over `[start, end)` in periods of `period` milliseconds, oldest first, periods
    /// without samples left out. The first period starts at `start` rounded down to the period
    /// grid of the source. A `period` shorter than the resolution (a multiple of 1 s) is answered
    /// from the 1-second ring, without percentiles, for the seconds it still holds.
    public func datapoints(start: Int64, end: Int64, period: Int64) -> [MetricAggregate] {
        let fine = period < resolution
        let grid = fine ? Int64(1000) : resolution
        let alignedStart = start - Self.modulo(start, grid)
        let step = max(grid, period - Self.modulo(period, grid))
        let source: [MetricAggregate] = state.withLock { s in
            if fine {
                guard s.newestSecond != .min else { return [] }
                let oldest = max(alignedStart, s.newestSecond - Int64(Self.secondsKept - 1) * 1000)
                return s.seconds.compactMap { $0 }.filter { $0.timestamp >= oldest && $0.timestamp < end }
            }
            return s.periods.filter { $0.timestamp >= alignedStart && $0.timestamp < end }
        }
        var out: [MetricAggregate] = []
        for aggregate in source.sorted(by: { $0.timestamp < $1.timestamp }) {
            let bucketStart = alignedStart + (aggregate.timestamp - alignedStart) / step * step
            if out.last?.timestamp == bucketStart {
                out[out.count - 1].merge(aggregate)
            } else {
                var first = aggregate
                first.timestamp = bucketStart
                out.append(first)
            }
        }
        return out
    }

    /// The oldest period still kept (epoch ms), nil when empty.
    public var oldestPeriod: Int64? { state.withLock { $0.periods.first?.timestamp } }

    static func modulo(_ value: Int64, _ divisor: Int64) -> Int64 {
        let r = value % divisor
        return r < 0 ? r + divisor : r
    }

    /// A sample older than the newest period (an explicit timestamp): into its period, in order.
    private static func insert(_ value: Double, at periodStart: Int64, into periods: inout [MetricAggregate]) {
        var low = 0
        var high = periods.count
        while low < high {
            let mid = (low + high) / 2
            if periods[mid].timestamp < periodStart { low = mid + 1 } else { high = mid }
        }
        if low < periods.count, periods[low].timestamp == periodStart {
            periods[low].add(value)
        } else {
            periods.insert(MetricAggregate(timestamp: periodStart, value: value), at: low)
        }
    }
}

extension MetricSeries {
    /// The newest period with a sample (epoch ms), nil when empty.
    public var newestPeriod: Int64? { state.withLock { $0.periods.last?.timestamp } }
}
