import Foundation

/// Formats epoch milliseconds the way AWS prints them in logs (`2026-11-24T22:40:00.123Z`).
///
/// Built on `gmtime_r` and hand-written zero padding rather than `DateFormatter` or
/// `String(format:)`, which are slow; every log line goes through here.
public enum LogTimeFormat {
    /// `YYYY-MM-DDTHH:MM:SS.mmmZ` in UTC (years outside 0...9999 are written in full, as before).
    public static func iso8601(milliseconds: Int64) -> String {
        let p = utcParts(milliseconds: milliseconds)
        guard p.year >= 0 && p.year <= 9999 else {
            // The year in full, then the same layout from the first `-` on.
            var text = ""
            append(&text, p.year, 4)
            var rest = p
            rest.year = 0
            return text + fixedWidthISO8601(rest).dropFirst(4)
        }
        return fixedWidthISO8601(p)
    }

    private typealias Parts = (year: Int32, month: Int32, day: Int32, hour: Int32, minute: Int32, second: Int32, millisecond: Int32)

    /// The 24-byte form, for years 0...9999.
    private static func fixedWidthISO8601(_ p: Parts) -> String {
        String(unsafeUninitializedCapacity: 24) { out in
            func put(_ value: Int32, _ width: Int, at offset: Int) {
                var v = value
                for k in stride(from: width - 1, through: 0, by: -1) {
                    out[offset + k] = UInt8(ascii: "0") + UInt8(v % 10)
                    v /= 10
                }
            }
            put(p.year, 4, at: 0)
            out[4] = UInt8(ascii: "-")
            put(p.month, 2, at: 5)
            out[7] = UInt8(ascii: "-")
            put(p.day, 2, at: 8)
            out[10] = UInt8(ascii: "T")
            put(p.hour, 2, at: 11)
            out[13] = UInt8(ascii: ":")
            put(p.minute, 2, at: 14)
            out[16] = UInt8(ascii: ":")
            put(p.second, 2, at: 17)
            out[19] = UInt8(ascii: ".")
            put(p.millisecond, 3, at: 20)
            out[23] = UInt8(ascii: "Z")
            return 24
        }
    }

    /// `YYYY/MM/DD` in UTC, the date prefix of Lambda log stream names.
    public static func streamDate(milliseconds: Int64) -> String {
        let p = utcParts(milliseconds: milliseconds)
        var text = ""
        append(&text, p.year, 4)
        text.append("/")
        append(&text, p.month, 2)
        text.append("/")
        append(&text, p.day, 2)
        return text
    }

    /// `DD/MM/YY HH:MM:SS` in UTC, as CloudWatch alarms' state reasons print datapoint times.
    public static func alarmReasonTime(milliseconds: Int64) -> String {
        let p = utcParts(milliseconds: milliseconds)
        var text = ""
        append(&text, p.day, 2)
        text.append("/")
        append(&text, p.month, 2)
        text.append("/")
        append(&text, p.year % 100, 2)
        text.append(" ")
        append(&text, p.hour, 2)
        text.append(":")
        append(&text, p.minute, 2)
        text.append(":")
        append(&text, p.second, 2)
        return text
    }

    /// Epoch milliseconds of `YYYY-MM-DDTHH:MM:SS[.fff][Z|+00:00]` or `YYYY-MM-DD` (UTC), nil
    /// when malformed.
    public static func parseISO8601(_ text: String) -> Int64? {
        let chars = Array(text.utf8)
        func number(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= chars.count else { return nil }
            var n = 0
            for c in chars[from..<(from + count)] {
                guard c >= 48, c <= 57 else { return nil }
                n = n * 10 + Int(c - 48)
            }
            return n
        }
        guard let year = number(0, 4), chars.count >= 10, chars[4] == 45, let month = number(5, 2), chars[7] == 45,
            let day = number(8, 2), (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        var hour = 0, minute = 0, second = 0, millis = 0
        var i = 10
        if chars.count > 10 {
            guard chars[10] == 84 || chars[10] == 32, let h = number(11, 2), chars.count > 13, chars[13] == 58, let m = number(14, 2)
            else { return nil }
            hour = h
            minute = m
            i = 16
            if i < chars.count, chars[i] == 58, let s = number(17, 2) {
                second = s
                i = 19
            }
            if i < chars.count, chars[i] == 46 {
                i += 1
                var digits = 0
                while i < chars.count, chars[i] >= 48, chars[i] <= 57 {
                    if digits < 3 { millis = millis * 10 + Int(chars[i] - 48) }
                    digits += 1
                    i += 1
                }
                for _ in digits..<max(digits, 3) { millis *= 10 }
            }
            let zone = String(decoding: chars[i...], as: UTF8.self)
            guard ["", "Z", "+00:00", "+0000"].contains(zone), hour < 24, minute < 60, second < 61 else { return nil }
        }
        var broken = tm()
        broken.tm_year = Int32(year - 1900)
        broken.tm_mon = Int32(month - 1)
        broken.tm_mday = Int32(day)
        broken.tm_hour = Int32(hour)
        broken.tm_min = Int32(minute)
        broken.tm_sec = Int32(second)
        return Int64(timegm(&broken)) * 1000 + Int64(millis)
    }

    /// The wall clock in milliseconds since the Unix epoch.
    public static func nowMilliseconds() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000
    }

    private static func append(_ text: inout String, _ value: Int32, _ width: Int) {
        let digits = String(value)
        if digits.count < width { text.append(String(repeating: "0", count: width - digits.count)) }
        text.append(digits)
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
