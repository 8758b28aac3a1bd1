/// Calendar arithmetic on Unix epoch milliseconds in UTC, without Foundation's `Date`.
///
/// The gateway needs `requestTime` in the common log format (`24/Nov/2026:22:40:00 +0000`) and the
/// calendar day, week and month of a request for usage-plan quotas; both are pure functions of the
/// wall-clock time passed in with each request.
public struct UTCTime: Sendable, Equatable {
    public var year: Int
    public var month: Int
    public var day: Int
    public var hour: Int
    public var minute: Int
    public var second: Int
    /// Days since 1970-01-01.
    public var daysSinceEpoch: Int64

    private static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    public init(epochMillis: Int64) {
        let seconds = epochMillis >= 0 ? epochMillis / 1000 : (epochMillis - 999) / 1000
        var days = seconds / 86_400
        var secondOfDay = seconds % 86_400
        if secondOfDay < 0 {
            secondOfDay += 86_400
            days -= 1
        }
        daysSinceEpoch = days
        hour = Int(secondOfDay / 3600)
        minute = Int(secondOfDay % 3600 / 60)
        second = Int(secondOfDay % 60)
        // Civil-from-days (proleptic Gregorian), eras of 400 years starting 0000-03-01.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        day = Int(doy - (153 * mp + 2) / 5 + 1)
        month = Int(mp < 10 ? mp + 3 : mp - 9)
        year = Int(yoe + era * 400 + (month <= 2 ? 1 : 0))
    }

    /// `dd/MMM/yyyy:HH:mm:ss +0000`, the format of `$context.requestTime`.
    public var commonLogFormat: String {
        guard (1000...9999).contains(year) else {
            return "\(Self.pad(day))/\(Self.monthNames[month - 1])/\(year):\(Self.pad(hour)):\(Self.pad(minute)):\(Self.pad(second)) +0000"
        }
        // Fixed width (26 bytes), written in place: it is built twice per request (the proxy
        // event and the access log).
        let monthName = Self.monthNames[month - 1].utf8
        return String(unsafeUninitializedCapacity: 26) { out in
            func two(_ n: Int, at i: Int) {
                out[i] = UInt8(ascii: "0") &+ UInt8(n / 10)
                out[i + 1] = UInt8(ascii: "0") &+ UInt8(n % 10)
            }
            two(day, at: 0)
            out[2] = UInt8(ascii: "/")
            var i = 3
            for b in monthName { out[i] = b; i += 1 }
            out[6] = UInt8(ascii: "/")
            two(year / 100, at: 7)
            two(year % 100, at: 9)
            out[11] = UInt8(ascii: ":")
            two(hour, at: 12)
            out[14] = UInt8(ascii: ":")
            two(minute, at: 15)
            out[17] = UInt8(ascii: ":")
            two(second, at: 18)
            for (k, b) in " +0000".utf8.enumerated() { out[20 + k] = b }
            return 26
        }
    }

    /// The index of the quota period containing this time: UTC day, ISO week (Monday first), or month.
    public func periodIndex(_ period: QuotaPeriod) -> Int64 {
        switch period {
        case .day: return daysSinceEpoch
        case .week:
            // 1970-01-01 was a Thursday; shift so weeks start on Monday.
            let shifted = daysSinceEpoch + 3
            return shifted >= 0 ? shifted / 7 : (shifted - 6) / 7
        case .month: return Int64(year) * 12 + Int64(month - 1)
        }
    }

    private static func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
}
