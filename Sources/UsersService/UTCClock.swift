import Glibc

/// Wall-clock UTC time stamps in the forms the seed prints.
///
/// The seed uses `datetime.utcnow().isoformat() + 'Z'`: microseconds are printed only when
/// non-zero. Injected into the handler so tests can pin the time.
public struct UTCClock: Sendable {
    /// One instant, as seconds and microseconds since the epoch.
    public struct Stamp: Sendable, Equatable {
        public var seconds: Int64
        public var microseconds: Int

        public init(seconds: Int64, microseconds: Int) {
            self.seconds = seconds
            self.microseconds = microseconds
        }

        /// `YYYY-MM-DDTHH:MM:SS[.ffffff]Z`.
        public var isoformatZ: String {
            var time = time_t(seconds)
            var parts = tm()
            gmtime_r(&time, &parts)
            func pad(_ v: Int32, _ width: Int) -> String {
                let text = String(v)
                return String(repeating: "0", count: max(0, width - text.count)) + text
            }
            var out = "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))"
            out += "T\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2))"
            if microseconds != 0 { out += "." + pad(Int32(microseconds), 6) }
            return out + "Z"
        }
    }

    /// Returns the current instant.
    public let now: @Sendable () -> Stamp

    /// A clock reading `now`.
    public init(now: @escaping @Sendable () -> Stamp) { self.now = now }

    /// The system's real-time clock.
    public static let system = UTCClock {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Stamp(seconds: Int64(ts.tv_sec), microseconds: Int(ts.tv_nsec / 1000))
    }
}
