import DSQLClient
import Foundation

/// Converts a stored or bound value to a PostgreSQL type's storage form, with PostgreSQL's errors.
///
/// Used both at render time (folding literals, so `'abc'::uuid` fails when the statement is prepared,
/// as in PostgreSQL) and inside the SQLite functions `rs_coerce` (assignment to a column) and `rs_cast`
/// (explicit `CAST` / `::`). Assignment errors on over-long `varchar(n)`; an explicit cast truncates.
///
/// Numeric caveat: `numeric` values are held as SQLite NUMERIC (64-bit integer or double), so values
/// beyond 15-17 significant digits lose precision, unlike PostgreSQL's arbitrary precision.
public enum PGCoercion {
    /// Largest value a column may hold (dsql.md §5.2: 1 MiB for a non-indexed column).
    public static let maxColumnBytes = 1024 * 1024

    public static func coerce(_ v: SQLValue, to t: PGType, explicit: Bool) throws(DSQLError) -> SQLValue {
        if case .null = v { return .null }
        let out = try convert(v, to: t, explicit: explicit)
        if !explicit {
            switch out {
            case .text(let s) where s.utf8.count > maxColumnBytes: throw .maximumColumnSizeExceeded
            case .blob(let b) where b.count > maxColumnBytes: throw .maximumColumnSizeExceeded
            default: break
            }
        }
        return out
    }

    static func convert(_ v: SQLValue, to t: PGType, explicit: Bool) throws(DSQLError) -> SQLValue {
        switch t.base {
        case .unknown: return v
        case .text: return .text(text(v))
        case .varchar, .char: return .text(try character(text(v), t, explicit: explicit))
        case .smallint, .integer, .bigint: return .integer(try integer(v, t))
        case .real, .double: return .real(try double(v, t))
        case .numeric: return try numeric(v, t)
        case .boolean: return .integer(try boolean(v) ? 1 : 0)
        case .uuid:
            guard let u = uuid(text(v)) else { throw .invalidInput("uuid", text(v)) }
            return .text(u)
        case .timestamp, .timestamptz:
            let s = text(v)
            guard var m = PGDateTime.parseTimestamp(s, applyZone: t.base == .timestamptz) else {
                throw .invalidDateTime(t.inputName, s)
            }
            if let p = t.length, p < 6 { // round half up to p fractional digits, as PostgreSQL does
                var unit: Int64 = 1
                for _ in p..<6 { unit *= 10 }
                let r = m % unit
                m -= r < 0 ? r + unit : r
                if (r < 0 ? r + unit : r) * 2 >= unit { m += unit }
            }
            return .text(PGDateTime.format(m, zone: t.base == .timestamptz))
        case .date:
            let s = text(v)
            guard let m = PGDateTime.parseTimestamp(s, applyZone: false) else { throw .invalidDateTime("date", s) }
            return .text(PGDateTime.formatDate(m))
        case .time:
            let s = text(v)
            let timePart = s.count > 10 && s.dropFirst(4).first == "-" ? String(s.dropFirst(11)) : s
            guard let n = PGDateTime.normalizeTime(timePart) else { throw .invalidDateTime("time", s) }
            return .text(n)
        case .interval:
            let s = text(v)
            guard let iv = PGInterval.parse(s) else { throw .invalidDateTime("interval", s) }
            return .text(iv.text)
        case .bytea: return .blob(try bytes(v))
        case .json, .jsonb:
            return .text(try PGJSON.input(text(v), jsonb: t.base == .jsonb))
        }
    }

    /// The PostgreSQL text form of a raw value (integers as decimals, blobs as `\x..`).
    static func text(_ v: SQLValue) -> String {
        switch v {
        case .null: ""
        case .integer(let i): String(i)
        case .real(let d): PGText.double(d)
        case .text(let s): s
        case .blob(let b): PGText.hex(b)
        }
    }

    static func character(_ s: String, _ t: PGType, explicit: Bool) throws(DSQLError) -> String {
        guard let n = t.length else {
            if t.base == .char { var out = s; while out.last == " " { out.removeLast() }; return out }
            return s
        }
        var out = s
        if out.count > n {
            let tail = out.dropFirst(n)
            if !explicit && !tail.allSatisfy({ $0 == " " }) { throw .valueTooLong(t.pgName) }
            out = String(out.prefix(n))
        }
        // bpchar is stored without its pad spaces (PostgreSQL ignores them when comparing);
        // PGText pads the output back to the declared length.
        if t.base == .char { while out.last == " " { out.removeLast() } }
        return out
    }

    static func integer(_ v: SQLValue, _ t: PGType) throws(DSQLError) -> Int64 {
        let value: Int64
        switch v {
        case .integer(let i): value = i
        case .real(let d):
            // Stored reals are mostly numeric values: round half away from zero as numeric -> int does.
            let r = d.rounded(.toNearestOrAwayFromZero)
            guard r.isFinite, r >= -9.2e18, r <= 9.2e18 else { throw .outOfRange(t.base == .bigint ? "bigint" : t.base.rawValue) }
            value = Int64(r)
        default:
            let s = text(v)
            guard let i = Int64(s.trimmingSpaces) else {
                if let d = Double(s.trimmingSpaces), d.rounded() == d, !s.contains(".") && !s.lowercased().contains("e") {
                    _ = d
                    throw .outOfRange(t.base.rawValue)
                }
                throw .invalidInput(t.base.rawValue, s)
            }
            value = i
        }
        switch t.base {
        case .smallint where value < -32768 || value > 32767: throw .outOfRange("smallint")
        case .integer where value < -2147483648 || value > 2147483647: throw .outOfRange("integer")
        default: return value
        }
    }

    static func double(_ v: SQLValue, _ t: PGType) throws(DSQLError) -> Double {
        switch v {
        case .integer(let i): return Double(i)
        case .real(let d): return d
        default:
            let s = text(v).trimmingSpaces
            switch s.lowercased() {
            case "nan": return .nan
            case "infinity", "+infinity", "inf": return .infinity
            case "-infinity", "-inf": return -.infinity
            default:
                guard let d = Double(s) else { throw .invalidInput(t.inputName, text(v)) }
                return d
            }
        }
    }

    static func numeric(_ v: SQLValue, _ t: PGType) throws(DSQLError) -> SQLValue {
        let s: String
        switch v {
        case .integer(let i):
            if t.scale == nil || t.scale == 0 { return try checkPrecision(.integer(i), Double(i), t) }
            s = String(i)
        case .real(let x):
            guard x.isFinite else { throw .invalidInput("numeric", text(v)) }
            s = String(x)
        default: s = text(v).trimmingSpaces
        }
        if let i = Int64(s), t.scale == nil || t.scale == 0 { return try checkPrecision(.integer(i), Double(i), t) }
        // Round in decimal (1.005 -> 1.01 as PostgreSQL does), then store as integer or double.
        guard Double(s) != nil, !s.lowercased().contains("inf"), !s.lowercased().contains("nan"),
              var dec = Decimal(string: s, locale: Locale(identifier: "en_US_POSIX")) else {
            throw .invalidInput("numeric", text(v))
        }
        if let scale = t.scale {
            var rounded = Decimal()
            NSDecimalRound(&rounded, &dec, scale, .plain)
            dec = rounded
        }
        let d = NSDecimalNumber(decimal: dec).doubleValue
        if d.rounded() == d, abs(d) < 9.0e15 { return try checkPrecision(.integer(Int64(d)), d, t) }
        return try checkPrecision(.real(d), d, t)
    }

    private static func checkPrecision(_ v: SQLValue, _ d: Double, _ t: PGType) throws(DSQLError) -> SQLValue {
        if let p = t.length {
            let intDigits = p - (t.scale ?? 0)
            if abs(d) >= pow(10.0, Double(intDigits)) {
                throw DSQLError(sqlstate: "22003", message: "numeric field overflow",
                                detail: "A field with precision \(p), scale \(t.scale ?? 0) must round to an absolute value less than 10^\(intDigits).")
            }
        }
        return v
    }

    static func boolean(_ v: SQLValue) throws(DSQLError) -> Bool {
        if case .integer(let i) = v, i == 0 || i == 1 { return i == 1 }
        let s = text(v).trimmingSpaces.lowercased()
        if ["t", "true", "y", "yes", "on", "1"].contains(s) { return true }
        if ["f", "false", "n", "no", "off", "0"].contains(s) { return false }
        throw .invalidInput("boolean", text(v))
    }

    /// Canonical lower-case hyphenated form of a UUID, or nil.
    static func uuid(_ s: String) -> String? {
        if isCanonicalUUID(s) { return s }
        var hex = s.trimmingSpaces.lowercased()
        if hex.hasPrefix("{") && hex.hasSuffix("}") { hex = String(hex.dropFirst().dropLast()) }
        let digits = hex.filter { $0 != "-" }
        guard digits.count == 32, digits.allSatisfy({ $0.isHexDigit }) else { return nil }
        if hex.contains("-") {
            let groups = hex.split(separator: "-", omittingEmptySubsequences: false).map(\.count)
            guard groups == [8, 4, 4, 4, 12] || groups.allSatisfy({ $0 % 4 == 0 }) else { return nil }
        }
        let c = Array(digits)
        return String(c[0..<8]) + "-" + String(c[8..<12]) + "-" + String(c[12..<16]) + "-"
            + String(c[16..<20]) + "-" + String(c[20..<32])
    }

    /// True for the form PostgreSQL prints (8-4-4-4-12 lowercase hex digits): the common case,
    /// checked on bytes without building anything.
    static func isCanonicalUUID(_ s: String) -> Bool {
        var s = s
        return s.withUTF8 { b in
            guard b.count == 36 else { return false }
            for i in 0..<36 {
                let c = b[i]
                if i == 8 || i == 13 || i == 18 || i == 23 {
                    if c != UInt8(ascii: "-") { return false }
                } else if !((c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) || (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "f"))) {
                    return false
                }
            }
            return true
        }
    }

    static func bytes(_ v: SQLValue) throws(DSQLError) -> [UInt8] {
        switch v {
        case .blob(let b): return b
        default:
            let s = text(v)
            guard s.hasPrefix("\\x") else { return Array(s.utf8) }
            let hex = Array(s.dropFirst(2).utf8)
            guard hex.count % 2 == 0 else { throw .invalidInput("bytea", s) }
            var out: [UInt8] = []
            for i in stride(from: 0, to: hex.count, by: 2) {
                guard let b = UInt8(String(decoding: hex[i...i + 1], as: UTF8.self), radix: 16) else {
                    throw .invalidInput("bytea", s)
                }
                out.append(b)
            }
            return out
        }
    }
}

