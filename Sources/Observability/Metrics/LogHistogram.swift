import Foundation

/// A compact sketch of a distribution for percentiles (`p99`): counts in logarithmic buckets.
///
/// CloudWatch answers percentiles from a sketch too, not from every sample. Buckets grow by 2 %
/// (`gamma` 1.02), so a percentile is within about 1 % of a true sample value; values at or below
/// zero share one bucket. Only buckets that were hit are stored, sorted, so a series of counter
/// increments (all 1s) costs one bucket per period.
public struct LogHistogram: Sendable, Hashable {
    struct Bucket: Sendable, Hashable {
        var index: Int32
        var count: UInt32
    }

    static let gamma = 1.02
    static let logGamma = log(gamma)
    /// Index for values <= 0 (below every positive bucket).
    static let nonPositive = Int32.min

    private(set) var buckets: [Bucket] = []

    /// An empty sketch.
    public init() {}

    /// The number of values added.
    public var count: UInt64 { buckets.reduce(0) { $0 + UInt64($1.count) } }

    /// Adds one value.
    public mutating func add(_ value: Double) {
        add(index: Self.index(of: value), count: 1)
    }

    /// Adds every value of `other`.
    public mutating func merge(_ other: LogHistogram) {
        for bucket in other.buckets { add(index: bucket.index, count: bucket.count) }
    }

    /// The value below which `percentile` percent of the values fall (nearest rank), or nil when
    /// empty. The caller clamps it into the true minimum and maximum.
    public func value(atPercentile percentile: Double) -> Double? {
        let total = count
        guard total > 0 else { return nil }
        let p = min(max(percentile, 0), 100)
        let rank = max(1, UInt64((p / 100 * Double(total)).rounded(.up)))
        var seen: UInt64 = 0
        for bucket in buckets {
            seen += UInt64(bucket.count)
            if seen >= rank { return Self.representative(bucket.index) }
        }
        return Self.representative(buckets[buckets.count - 1].index)
    }

    static func index(of value: Double) -> Int32 {
        guard value > 0, value.isFinite else { return nonPositive }
        let raw = (log(value) / logGamma).rounded(.down)
        return Int32(max(min(raw, Double(Int32.max - 1)), Double(Int32.min + 1)))
    }

    /// The middle of a bucket (geometric), 0 for the non-positive bucket.
    static func representative(_ index: Int32) -> Double {
        index == nonPositive ? 0 : pow(gamma, Double(index) + 0.5)
    }

    private mutating func add(index: Int32, count: UInt32) {
        // Most additions hit the last bucket touched or a bucket at the end: check those first.
        if let last = buckets.last, last.index == index {
            buckets[buckets.count - 1].count &+= count
            return
        }
        var low = 0
        var high = buckets.count
        while low < high {
            let mid = (low + high) / 2
            if buckets[mid].index < index { low = mid + 1 } else { high = mid }
        }
        if low < buckets.count, buckets[low].index == index {
            buckets[low].count &+= count
        } else {
            buckets.insert(Bucket(index: index, count: count), at: low)
        }
    }
}
