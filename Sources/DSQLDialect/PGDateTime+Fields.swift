/// `extract` / `date_part` fields and `date_trunc` units on UTC microseconds.
extension PGDateTime {
    /// The value of `field` for the timestamp `m`, or nil for an unknown field.
    public static func extract(_ field: String, from m: Micros) -> Double? {
        let days = Int((m >= 0 ? m : m - 86_399_999_999) / 86_400_000_000)
        let tod = m - Int64(days) * 86_400_000_000
        let (y, mo, d) = civilFromDays(days)
        switch field.lowercased() {
        case "year", "years": return Double(y)
        case "quarter": return Double((mo - 1) / 3 + 1)
        case "month", "months", "mon": return Double(mo)
        case "day", "days": return Double(d)
        case "hour", "hours": return Double(tod / 3_600_000_000)
        case "minute", "minutes": return Double(tod / 60_000_000 % 60)
        case "second", "seconds": return Double(tod % 60_000_000) / 1_000_000
        case "millisecond", "milliseconds": return Double(tod % 60_000_000) / 1000
        case "microsecond", "microseconds": return Double(tod % 60_000_000)
        case "epoch": return Double(m) / 1_000_000
        case "dow": return Double(((days % 7) + 11) % 7)  // 1970-01-01 was a Thursday (4)
        case "isodow": let w = ((days % 7) + 11) % 7; return Double(w == 0 ? 7 : w)
        case "doy": return Double(days - daysFromCivil(y, 1, 1) + 1)
        default: return nil
        }
    }

    /// `m` truncated to `unit`, or nil for an unknown unit.
    public static func truncate(_ m: Micros, to unit: String) -> Micros? {
        let days = Int((m >= 0 ? m : m - 86_399_999_999) / 86_400_000_000)
        let tod = m - Int64(days) * 86_400_000_000
        let (y, mo, _) = civilFromDays(days)
        let day0 = Int64(days) * 86_400_000_000
        switch unit.lowercased() {
        case "microseconds", "microsecond": return m
        case "milliseconds", "millisecond": return day0 + tod / 1000 * 1000
        case "second", "seconds": return day0 + tod / 1_000_000 * 1_000_000
        case "minute", "minutes": return day0 + tod / 60_000_000 * 60_000_000
        case "hour", "hours": return day0 + tod / 3_600_000_000 * 3_600_000_000
        case "day", "days": return day0
        case "week", "weeks":
            let isoDow = Int64(((days % 7) + 11) % 7 == 0 ? 7 : ((days % 7) + 11) % 7)
            return day0 - (isoDow - 1) * 86_400_000_000
        case "month", "months": return Int64(daysFromCivil(y, mo, 1)) * 86_400_000_000
        case "quarter": return Int64(daysFromCivil(y, (mo - 1) / 3 * 3 + 1, 1)) * 86_400_000_000
        case "year", "years": return Int64(daysFromCivil(y, 1, 1)) * 86_400_000_000
        default: return nil
        }
    }
}
