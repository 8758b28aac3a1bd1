import DSQLClient

/// How the service retries optimistic-concurrency conflicts (SQLSTATE `40001`).
///
/// DSQL reports a write-write conflict at commit; AWS's guidance is to retry the transaction with
/// exponential backoff and jitter. Only `40001` is retried: every other error is final.
public struct RetryPolicy: Sendable, Equatable {
    /// Total attempts, including the first.
    public var maxAttempts: Int
    /// Backoff before the second attempt; doubled each time.
    public var baseDelay: Duration
    /// Upper bound of one backoff.
    public var maxDelay: Duration

    /// Five attempts, 10 ms doubling up to 500 ms (full jitter).
    public init(maxAttempts: Int = 5, baseDelay: Duration = .milliseconds(10), maxDelay: Duration = .milliseconds(500)) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// The default policy.
    public static let standard = RetryPolicy()

    /// The capped exponential bound for the backoff after `attempt` (1-based) failed.
    public func ceiling(afterAttempt attempt: Int) -> Duration {
        var delay = baseDelay
        for _ in 1..<max(1, attempt) {
            delay = delay * 2
            if delay >= maxDelay { return maxDelay }
        }
        return min(delay, maxDelay)
    }

    /// True when `error` is worth another attempt.
    public static func isRetryable(_ error: DSQLError) -> Bool { error.sqlstate == "40001" }
}

/// Runs `body`, retrying `40001` conflicts per `policy` with full-jitter exponential backoff.
///
/// `sleep` is injectable so tests can observe the backoffs without waiting.
public func withRetries<T: Sendable>(
    _ policy: RetryPolicy = .standard,
    sleep: @Sendable (Duration) async -> Void = { try? await Task.sleep(for: $0) },
    _ body: () async throws(DSQLError) -> T
) async throws(DSQLError) -> T {
    var attempt = 1
    while true {
        do {
            return try await body()
        } catch {
            guard RetryPolicy.isRetryable(error), attempt < policy.maxAttempts else { throw error }
            let ceiling = policy.ceiling(afterAttempt: attempt)
            let nanos = ceiling.components.seconds * 1_000_000_000 + ceiling.components.attoseconds / 1_000_000_000
            let jittered = nanos > 0 ? Int64.random(in: 0...nanos) : 0
            await sleep(.nanoseconds(jittered))
            attempt += 1
        }
    }
}
