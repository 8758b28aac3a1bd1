/// Calendar arithmetic for PostgreSQL's binary date and time forms.
///
/// Binary `date` is days since 2000-01-01; `timestamp`/`timestamptz` are microseconds since
/// 2000-01-01 00:00 (UTC for timestamptz); `time` is microseconds since midnight.
enum PGCivilTime {
    /// Days from 1970-01-01 to 2000-01-01.
    static let epochShift = 10_957

    /// Days since 1970-01-01 for a proleptic Gregorian date (Hinnant's algorithm).
    static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civil(_ z0: Int) -> (year: Int, month: Int, day: Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    static func number(_ s: Substring) -> Int? {
        guard !s.isEmpty, s.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        return Int(s)
    }

    /// `YYYY-MM-DD` (optionally ` BC`) to days since 2000-01-01.
    static func parseDate(_ text: String) -> Int? {
        var s = Substring(text)
        var bc = false
        if s.hasSuffix(" BC") { bc = true; s = s.dropLast(3) }
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count <= 7, var y = number(parts[0]), let m = number(parts[1]),
            let d = number(parts[2]), (1...12).contains(m), (1...31).contains(d)
        else { return nil }
        if bc { y = 1 - y }
        return days(year: y, month: m, day: d) - epochShift
    }

    static func formatDate(_ pgDays: Int) -> String {
        let (y, m, d) = civil(pgDays + epochShift)
        let year = y <= 0 ? 1 - y : y
        return pad(year, 4) + "-" + pad(m, 2) + "-" + pad(d, 2) + (y <= 0 ? " BC" : "")
    }

    /// `HH:MM:SS[.ffffff]` to microseconds since midnight.
    static func parseTime(_ s: Substring) -> Int64? {
        let parts = s.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3, let h = number(parts[0]), let m = number(parts[1]) else { return nil }
        var micros: Int64 = 0
        var sec = 0
        if parts.count == 3 {
            let sp = parts[2].split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
            guard let s0 = number(sp[0]) else { return nil }
            sec = s0
            if sp.count == 2 {
                let frac = sp[1].prefix(6)
                guard let f = number(frac) else { return nil }
                micros = Int64(f) * Int64(pow10(6 - frac.count))
            }
        }
        guard h <= 24, m < 60, sec <= 60 else { return nil }
        return (Int64(h) * 3600 + Int64(m) * 60 + Int64(sec)) * 1_000_000 + micros
    }

    static func formatTime(_ us: Int64) -> String {
        let total = us / 1_000_000
        let frac = us % 1_000_000
        var s = pad(Int(total / 3600), 2) + ":" + pad(Int(total / 60 % 60), 2) + ":" + pad(Int(total % 60), 2)
        if frac != 0 {
            var f = pad(Int(frac), 6)
            while f.hasSuffix("0") { f.removeLast() }
            s += "." + f
        }
        return s
    }

    /// `YYYY-MM-DD HH:MM:SS[.f][+HH[:MM]]` to microseconds since 2000-01-01 (UTC when zoned).
    static func parseTimestamp(_ text: String, withZone: Bool) -> Int64? {
        var s = Substring(text)
        var bc = false
        if s.hasSuffix(" BC") { bc = true; s = s.dropLast(3) }
        guard let space = s.firstIndex(where: { $0 == " " || $0 == "T" }) else {
            guard let d = parseDate(String(s) + (bc ? " BC" : "")), abs(d) < 106_000_000 else { return nil }
            return Int64(d) * 86_400_000_000
        }
        guard let d = parseDate(String(s[..<space]) + (bc ? " BC" : "")) else { return nil }
        var rest = s[s.index(after: space)...]
        var offsetSeconds = 0
        if let z = rest.lastIndex(where: { $0 == "+" || $0 == "-" }) {
            let sign = rest[z] == "-" ? -1 : 1
            let zone = rest[rest.index(after: z)...].split(separator: ":", omittingEmptySubsequences: false)
            guard zone.allSatisfy({ $0.count <= 2 }), let zh = number(zone[0]) else { return nil }
            let zm = zone.count > 1 ? number(zone[1]) ?? 0 : 0
            let zs = zone.count > 2 ? number(zone[2]) ?? 0 : 0
            offsetSeconds = sign * (zh * 3600 + zm * 60 + zs)
            rest = rest[..<z]
        } else if rest.hasSuffix("Z") {
            rest = rest.dropLast()
        }
        guard let t = parseTime(rest) else { return nil }
        // PostgreSQL's timestamp range ends in 294276 AD; beyond it the microseconds overflow.
        let (base, overflow) = Int64(d).multipliedReportingOverflow(by: 86_400_000_000)
        guard !overflow, abs(d) < 106_000_000 else { return nil }
        return base + t - Int64(withZone ? offsetSeconds : 0) * 1_000_000
    }

    static func formatTimestamp(_ us: Int64) -> String {
        var days = us / 86_400_000_000
        var rem = us % 86_400_000_000
        if rem < 0 { rem += 86_400_000_000; days -= 1 }
        let date = formatDate(Int(days))
        if date.hasSuffix(" BC") { return String(date.dropLast(3)) + " " + formatTime(rem) + " BC" }
        return date + " " + formatTime(rem)
    }

    static func pow10(_ n: Int) -> Int { (0..<max(0, n)).reduce(1) { r, _ in r * 10 } }

    static func pad(_ v: Int, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}
