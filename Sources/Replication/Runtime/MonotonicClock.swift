#if canImport(Glibc)
import Glibc
#endif

/// Monotonic time in microseconds for the real-time driver (never used by the core).
enum MonotonicClock {
    static func now() -> Micros {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Micros(ts.tv_sec) * 1_000_000 + Micros(ts.tv_nsec) / 1_000
    }
}
