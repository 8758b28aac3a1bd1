import DSQLClient
import Foundation

/// Turns a value read back from SQLite into PostgreSQL's text output form for its column type.
///
/// Booleans print as `t` / `f` (PostgreSQL's text protocol form; callers wanting JSON `true`/`false`
/// use `PGText.jsonValue`), timestamps without a zero fraction (`2024-01-02 03:04:05`, `+00` for
/// `timestamptz`), `numeric(p,s)` with exactly `s` decimals, `bytea` as `\x..`, uuids lower-case.
public enum PGText {
    /// The text form, or nil for NULL.
    public static func format(_ v: SQLValue, as type: PGType) -> String? {
        switch v {
        case .null: return nil
        case .blob(let b): return hex(b)
        case .integer(let i):
            switch type.base {
            case .boolean: return i != 0 ? "t" : "f"
            case .numeric: return numeric(Double(i), integer: i, scale: type.scale)
            case .real, .double: return String(i)
            default: return String(i)
            }
        case .real(let d):
            switch type.base {
            case .numeric: return numeric(d, integer: nil, scale: type.scale)
            case .smallint, .integer, .bigint: return abs(d) < 9.2e18 ? String(Int64(d)) : double(d)
            default: return double(d)
            }
        case .text(let s):
            switch type.base {
            case .timestamp, .timestamptz, .time: return PGDateTime.outputForm(s)
            case .boolean: return (try? PGCoercion.boolean(v)).map { $0 ? "t" : "f" } ?? s
            case .char:
                guard let n = type.length, s.count < n else { return s }
                return s + String(repeating: " ", count: n - s.count)
            default: return s
            }
        }
    }

    /// A JSON-friendly rendering: numbers and booleans as JSON scalars, everything else as a string.
    public enum JSONScalar: Sendable, Hashable {
        case null, bool(Bool), integer(Int64), double(Double), string(String)
    }

    public static func jsonValue(_ v: SQLValue, as type: PGType) -> JSONScalar {
        if case .null = v { return .null }
        switch type.base {
        case .boolean: return .bool((try? PGCoercion.boolean(v)) ?? false)
        case .smallint, .integer, .bigint:
            if case .integer(let i) = v { return .integer(i) }
        case .real, .double:
            if case .real(let d) = v { return .double(d) }
            if case .integer(let i) = v { return .double(Double(i)) }
        default: break
        }
        return .string(format(v, as: type) ?? "")
    }

    /// PostgreSQL's shortest round-trip form of a float (`1.5`, `3`, `1e+20`, `NaN`, `Infinity`).
    public static func double(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d > 0 ? "Infinity" : "-Infinity" }
        if d.rounded() == d, abs(d) < 1e15 { return String(Int64(d)) }
        return String(d)
    }

    static func numeric(_ d: Double, integer: Int64?, scale: Int?) -> String {
        guard let scale, scale > 0 else {
            if let integer { return String(integer) }
            // Unscaled numeric held as a double: 15 significant digits hide binary noise (0.1 + 0.2
            // prints 0.3, as PostgreSQL's exact numeric does).
            let a = abs(d)
            guard d.isFinite, a >= 1e-4, a < 1e15 else { return double(d) }
            var s = String(format: "%.15g", d)
            if s.contains(".") {
                while s.hasSuffix("0") { s.removeLast() }
                if s.hasSuffix(".") { s.removeLast() }
            }
            return s
        }
        if let integer { return String(integer) + "." + String(repeating: "0", count: scale) }
        guard scale <= 15, abs(d) < 1e15 else { return double(d) }
        let f = (0..<scale).reduce(1.0) { a, _ in a * 10 }
        let scaled = (abs(d) * f).rounded(.toNearestOrAwayFromZero)
        let whole = Int64(scaled / f)
        let frac = Int64(scaled - Double(whole) * f)
        let fs = String(frac)
        return (d < 0 ? "-" : "") + String(whole) + "." + String(repeating: "0", count: max(0, scale - fs.count)) + fs
    }

    /// `\x` followed by lower-case hex.
    public static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef")
        var s = "\\x"
        for b in bytes { s.append(digits[Int(b >> 4)]); s.append(digits[Int(b & 15)]) }
        return s
    }
}
