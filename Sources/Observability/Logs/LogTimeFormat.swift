import Foundation

/// Formats epoch milliseconds the way AWS prints them in logs (`2026-11-24T22:40:00.123Z`).
///
/// Built on `gmtime_r` rather than `DateFormatter`, which is slow and not Sendable.
public enum LogTimeFormat {
    /// `YYYY-MM-DDTHH:MM:SS.mmmZ` in UTC.
    public static func iso8601(milliseconds: Int64) -> String {
        let parts = utcParts(milliseconds: milliseconds)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", parts.year, parts.month, parts.day, parts.hour, parts.minute,
            parts.second, parts.millisecond)
    }

    /// `YYYY/MM/DD` in UTC, the date prefix of Lambda log stream names.
    public static func streamDate(milliseconds: Int64) -> String {
        let parts = utcParts(milliseconds: milliseconds)
        return String(format: "%04d/%02d/%02d", parts.year, parts.month, parts.day)
    }

    /// The wall clock in milliseconds since the Unix epoch.
    public static func nowMilliseconds() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
    }

    private static func utcParts(milliseconds: Int64) -> (
        year: Int32, month: Int32, day: Int32, hour: Int32, minute: Int32, second: Int32, millisecond: Int32
    ) {
        var seconds = time_t(milliseconds.floorDiv(1000))
        let millisecond = Int32(milliseconds - Int64(seconds) * 1000)
        var broken = tm()
        gmtime_r(&seconds, &broken)
        return (broken.tm_year + 1900, broken.tm_mon + 1, broken.tm_mday, broken.tm_hour, broken.tm_min, broken.tm_sec, millisecond)
    }
}

extension Int64 {
    fileprivate func floorDiv(_ divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
