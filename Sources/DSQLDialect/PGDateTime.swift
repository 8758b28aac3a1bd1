/// Parsing and formatting of PostgreSQL date/time text, in UTC (the session time zone of DSQL).
///
/// Storage format: `YYYY-MM-DD HH:MM:SS.ffffff` for `timestamp`, the same with `+00` for
/// `timestamptz`, `YYYY-MM-DD` for `date` and `HH:MM:SS.ffffff` for `time`. Fixed width, so SQLite's
/// text comparison orders them correctly. Output (`PGText`) trims trailing zero fractions as PostgreSQL.
public enum PGDateTime {
    /// Microseconds since 1970-01-01 00:00:00 UTC.
    public typealias Micros = Int64

    /// Days from 1970-01-01 to the civil date (proleptic Gregorian).
    static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (m + 9) % 12
        let doy = (153 * mp + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    static func civilFromDays(_ z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    static func daysInMonth(_ y: Int, _ m: Int) -> Int {
        switch m {
        case 2: (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Parses `YYYY-MM-DD[( |T)HH:MM[:SS[.f]]][Z|±HH[:MM]]`; returns UTC micros, or nil if malformed.
    /// With `applyZone` false the zone is ignored (PostgreSQL's `timestamp` input).
    public static func parseTimestamp(_ s: String, applyZone: Bool) -> Micros? {
        let t = s.trimmingSpaces
        let chars = Array(t.utf8)
        var i = 0
        func num(_ count: Int) -> Int? {
            guard i + count <= chars.count else { return nil }
            var v = 0
            for k in 0..<count {
                let c = chars[i + k]
                guard c >= 48 && c <= 57 else { return nil }
                v = v * 10 + Int(c - 48)
            }
            i += count
            return v
        }
        func eat(_ c: UInt8) -> Bool {
            if i < chars.count && chars[i] == c { i += 1; return true }
            return false
        }
        guard let y = num(4), eat(45), let mo = num(2), eat(45), let d = num(2),
              (1...12).contains(mo), d >= 1, d <= daysInMonth(y, mo) else { return nil }
        var micros = Int64(daysFromCivil(y, mo, d)) * 86_400_000_000
        guard i < chars.count else { return micros }
        guard eat(32) || eat(84) else { return nil }
        guard let hh = num(2), eat(58), let mm = num(2), hh < 24, mm < 60 else { return nil }
        var sec = 0, frac: Int64 = 0
        if eat(58) {
            guard let ss = num(2), ss < 60 else { return nil }
            sec = ss
            if eat(46) {
                var digits = 0
                while i < chars.count, chars[i] >= 48, chars[i] <= 57 {
                    if digits < 6 { frac = frac * 10 + Int64(chars[i] - 48) }
                    digits += 1; i += 1
                }
                guard digits > 0 else { return nil }
                for _ in min(digits, 6)..<6 { frac *= 10 }
            }
        }
        micros += Int64(hh * 3600 + mm * 60 + sec) * 1_000_000 + frac
        while i < chars.count, chars[i] == 32 { i += 1 }
        guard i < chars.count else { return micros }
        var offsetSeconds = 0
        if eat(90) || eat(122) { // Z or z
        } else if chars[i] == 43 || chars[i] == 45 {
            let sign = chars[i] == 45 ? -1 : 1
            i += 1
            guard let oh = num(2) else { return nil }
            var om = 0
            if eat(58) { guard let v = num(2) else { return nil }; om = v } else if let v = num(2) { om = v }
            offsetSeconds = sign * (oh * 3600 + om * 60)
        } else if t.hasSuffix("UTC") || t.hasSuffix("utc") {
            i = chars.count
        } else { return nil }
        guard i == chars.count else { return nil }
        return applyZone ? micros - Int64(offsetSeconds) * 1_000_000 : micros
    }

    /// `YYYY-MM-DD HH:MM:SS.ffffff` (storage form), with `+00` when `zone`.
    public static func format(_ micros: Micros, zone: Bool) -> String {
        let days = Int((micros >= 0 ? micros : micros - 86_399_999_999) / 86_400_000_000)
        let rem = micros - Int64(days) * 86_400_000_000
        let (y, m, d) = civilFromDays(days)
        let secs = Int(rem / 1_000_000), frac = Int(rem % 1_000_000)
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2)) \(pad(secs / 3600, 2)):\(pad(secs / 60 % 60, 2)):\(pad(secs % 60, 2)).\(pad(frac, 6))"
            + (zone ? "+00" : "")
    }

    /// `YYYY-MM-DD` of a timestamp.
    public static func formatDate(_ micros: Micros) -> String { String(format(micros, zone: false).prefix(10)) }

    /// Parses `HH:MM[:SS[.f]]` into `HH:MM:SS.ffffff`, or nil.
    public static func normalizeTime(_ s: String) -> String? {
        guard let m = parseTimestamp("1970-01-01 " + s, applyZone: false) else { return nil }
        return String(format(m, zone: false).dropFirst(11))
    }

    static func pad(_ v: Int, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    /// PostgreSQL's output form: the storage form with a zero fraction trimmed.
    public static func outputForm(_ stored: String) -> String {
        var s = stored
        var zone = ""
        if s.hasSuffix("+00") { zone = "+00"; s.removeLast(3) }
        if let dot = s.lastIndex(of: ".") {
            var frac = s[s.index(after: dot)...]
            while frac.hasSuffix("0") { frac.removeLast() }
            s = String(s[..<dot]) + (frac.isEmpty ? "" : "." + frac)
        }
        return s + zone
    }
}

extension String {
    /// The string without leading and trailing ASCII whitespace.
    var trimmingSpaces: String {
        let ws: Set<Character> = [" ", "\t", "\n", "\r"]
        var s = Substring(self)
        while let f = s.first, ws.contains(f) { s.removeFirst() }
        while let l = s.last, ws.contains(l) { s.removeLast() }
        return String(s)
    }
}
