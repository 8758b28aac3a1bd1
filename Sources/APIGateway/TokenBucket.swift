/// A token bucket: `capacity` tokens, refilled at `ratePerSecond`, one token per request.
///
/// API Gateway throttles with this algorithm (rate = steady state, burst = bucket size). Time is a
/// monotonic nanosecond count passed in by the caller, so tests drive it with a fake clock and the core
/// never reads a clock itself. The bucket starts full.
public struct TokenBucket: Sendable, Equatable {
    public let ratePerSecond: Double
    public let capacity: Double
    public private(set) var tokens: Double
    private var lastRefillNanos: UInt64?

    public init(ratePerSecond: Double, capacity: Int) {
        self.ratePerSecond = max(0, ratePerSecond)
        self.capacity = Double(max(0, capacity))
        self.tokens = Double(max(0, capacity))
    }

    public init(_ settings: ThrottleSettings) {
        self.init(ratePerSecond: settings.rateLimit, capacity: settings.burstLimit)
    }

    /// Refills for the time since the last call, then takes one token if there is one.
    /// Returns false (and takes nothing) when the bucket is empty. A clock that goes backwards
    /// refills nothing.
    public mutating func tryTake(nowNanos: UInt64) -> Bool {
        refill(nowNanos: nowNanos)
        guard tokens >= 1 else { return false }
        tokens -= 1
        return true
    }

    /// Gives back one token taken by `tryTake` (used when a later check rejects the request).
    public mutating func giveBack() { tokens = min(capacity, tokens + 1) }

    private mutating func refill(nowNanos: UInt64) {
        if let last = lastRefillNanos, nowNanos > last {
            let elapsed = Double(nowNanos - last) / 1e9
            tokens = min(capacity, tokens + elapsed * ratePerSecond)
        }
        if lastRefillNanos.map({ nowNanos > $0 }) ?? true { lastRefillNanos = nowNanos }
    }
}
