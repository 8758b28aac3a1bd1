import Glibc
import Synchronization

/// The process's resident size for REPORT lines, read from `/proc` at most once per interval.
///
/// Why: `ProcessMemory.residentMegabytes()` is a `pread` of `/proc/self/statm`, which the kernel
/// regenerates on every read; once per invocation it was about 2% of a small request's CPU. The
/// resident size moves slowly compared with a 10 ms interval, so REPORT's `Max Memory Used`
/// stays a real reading (at most one interval old) while thousands of invocations a second share
/// one. Concurrent callers may both refresh after expiry, which is harmless.
public final class MemorySampler: Sendable {
    /// The process-wide sampler the invoker uses (a fresh reading every 10 ms at most).
    public static let shared = MemorySampler(interval: .milliseconds(10))

    private let intervalNanos: UInt64
    private let clock: @Sendable () -> UInt64
    private let read: @Sendable () -> Int
    /// When the cached value expires (monotonic nanoseconds); 0 before the first reading.
    private let expiry = Atomic<UInt64>(0)
    private let value = Atomic<Int>(0)

    /// Creates a sampler.
    /// - Parameters:
    ///   - interval: how long a reading is reused.
    ///   - clock: monotonic nanoseconds (tests pass their own).
    ///   - read: the reading, MB (default: `ProcessMemory.residentMegabytes`).
    public init(
        interval: Duration, clock: @escaping @Sendable () -> UInt64 = MemorySampler.monotonicNanos,
        read: @escaping @Sendable () -> Int = ProcessMemory.residentMegabytes
    ) {
        let parts = interval.components
        intervalNanos = UInt64(max(0, parts.seconds * 1_000_000_000 + parts.attoseconds / 1_000_000_000))
        self.clock = clock
        self.read = read
    }

    /// The resident size in MB: the cached reading while it is fresh, else a new one.
    public func residentMegabytes() -> Int {
        let now = clock()
        if now < expiry.load(ordering: .acquiring) { return value.load(ordering: .relaxed) }
        let fresh = read()
        value.store(fresh, ordering: .relaxed)
        expiry.store(now &+ intervalNanos, ordering: .releasing)
        return fresh
    }

    /// CLOCK_MONOTONIC in nanoseconds.
    public static func monotonicNanos() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
    }
}
