/// PostgreSQL `interval` values: (months, days, microseconds), parsed from `'1 day 02:00:00'`-style
/// text and printed in PostgreSQL's default `postgres` style (`1 year 2 mons 3 days 04:05:06`).
///
/// Stored as that canonical text; comparisons and arithmetic go through `rs_interval_*` functions.
public struct PGInterval: Sendable, Hashable {
    public var months: Int64
    public var days: Int64
    public var micros: Int64

    public init(months: Int64 = 0, days: Int64 = 0, micros: Int64 = 0) {
        self.months = months
        self.days = days
        self.micros = micros
    }

    /// PostgreSQL's ordering key: months count as 30 days, days as 24 hours.
    public var sortKey: Int64 { (months * 30 + days) * 86_400_000_000 + micros }

    /// Parses `[+-]N unit ...`, `HH:MM[:SS[.f]]` and a trailing `ago`; nil when malformed.
    public static func parse(_ text: String) -> PGInterval? {
        var words = text.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard !words.isEmpty else { return nil }
        var sign: Int64 = 1
        if words.last == "ago" { sign = -1; words.removeLast() }
        var r = PGInterval()
        var i = 0
        while i < words.count {
            let w = words[i]
            if w.contains(":") {
                let neg = w.hasPrefix("-")
                let body = neg || w.hasPrefix("+") ? String(w.dropFirst()) : w
                guard let t = PGDateTime.parseTimestamp("1970-01-01 " + (body.filter { $0 == ":" }.count == 1 ? body + ":00" : body),
                                                         applyZone: false) else { return nil }
                r.micros += neg ? -t : t
                i += 1
                continue
            }
            guard let n = Double(w), abs(n) < 1e9 else { return nil }
            var unit = "second"
            if i + 1 < words.count, Double(words[i + 1]) == nil, !words[i + 1].contains(":") {
                unit = words[i + 1]
                i += 1
            }
            i += 1
            switch Self.units[unit] ?? Self.units[String(unit.dropLast())] {
            case "us": r.micros += Int64(n)
            case "ms": r.micros += Int64((n * 1000).rounded())
            case "s": r.micros += Int64((n * 1_000_000).rounded())
            case "min": r.micros += Int64((n * 60_000_000).rounded())
            case "h": r.micros += Int64((n * 3_600_000_000).rounded())
            case "d": r.days += Int64(n); r.micros += Int64(((n - n.rounded(.towardZero)) * 86_400_000_000).rounded())
            case "w": r.days += Int64(n * 7)
            case "mon": r.months += Int64(n)
            case "y": r.months += Int64((n * 12).rounded())
            default: return nil
            }
        }
        return PGInterval(months: r.months * sign, days: r.days * sign, micros: r.micros * sign)
    }

    /// Unit spellings (singular; a trailing `s` is also accepted) to canonical units.
    static let units: [String: String] = [
        "microsecond": "us", "usec": "us", "us": "us", "millisecond": "ms", "msec": "ms", "ms": "ms",
        "second": "s", "sec": "s", "s": "s", "minute": "min", "min": "min", "m": "min",
        "hour": "h", "hr": "h", "h": "h", "day": "d", "d": "d", "week": "w", "w": "w",
        "month": "mon", "mon": "mon", "year": "y", "yr": "y", "y": "y",
    ]

    /// PostgreSQL's output text.
    public var text: String {
        var parts: [String] = []
        let y = months / 12, mo = months % 12
        if y != 0 { parts.append("\(y) year\(abs(y) == 1 ? "" : "s")") }
        if mo != 0 { parts.append("\(mo) mon\(abs(mo) == 1 ? "" : "s")") }
        if days != 0 { parts.append("\(days) day\(abs(days) == 1 ? "" : "s")") }
        if micros != 0 || parts.isEmpty {
            let a = abs(micros)
            let secs = a / 1_000_000, frac = a % 1_000_000
            var t = "\(micros < 0 ? "-" : "")\(PGDateTime.pad(Int(secs / 3600), 2)):\(PGDateTime.pad(Int(secs / 60 % 60), 2)):\(PGDateTime.pad(Int(secs % 60), 2))"
            if frac != 0 {
                var f = PGDateTime.pad(Int(frac), 6)
                while f.hasSuffix("0") { f.removeLast() }
                t += "." + f
            }
            parts.append(t)
        }
        return parts.joined(separator: " ")
    }

    /// `ts + sign * self` on UTC microseconds: months by calendar (day clamped), then days, then time.
    public func added(to ts: Int64, sign: Int64) -> Int64 {
        var t = ts
        if months != 0 {
            let days = Int((t >= 0 ? t : t - 86_399_999_999) / 86_400_000_000)
            let tod = t - Int64(days) * 86_400_000_000
            let (y, m, d) = PGDateTime.civilFromDays(days)
            let total = y * 12 + (m - 1) + Int(months * sign)
            let ny = total >= 0 ? total / 12 : (total - 11) / 12
            let nm = total - ny * 12 + 1
            let nd = min(d, PGDateTime.daysInMonth(ny, nm))
            t = Int64(PGDateTime.daysFromCivil(ny, nm, nd)) * 86_400_000_000 + tod
        }
        return t + sign * (days * 86_400_000_000 + micros)
    }

    /// `a - b` of two timestamps, as PostgreSQL prints it (days and time, no months).
    public static func difference(_ a: Int64, _ b: Int64) -> PGInterval {
        let d = a - b
        return PGInterval(months: 0, days: d / 86_400_000_000, micros: d % 86_400_000_000)
    }
}
