import JSONLexing

/// A small JSON parser and PostgreSQL `jsonb` normaliser.
///
/// `json` keeps its input text (PostgreSQL does too, after validation). `jsonb` is stored in
/// PostgreSQL's canonical output form: object keys sorted (shorter first, then bytewise), the last
/// duplicate key wins, `", "` and `": "` separators. So equality and output match PostgreSQL.
public enum PGJSON {
    indirect enum Value: Sendable, Equatable {
        case null, bool(Bool), number(String), string(String), array([Value]), object([(String, Value)])

        static func == (a: Value, b: Value) -> Bool { a.canonical == b.canonical }
    }

    /// Validates `text` as JSON; returns nil when it is malformed.
    static func parse(_ text: String) -> Value? {
        var p = JSONReader(bytes: Array(text.utf8))
        guard let v = p.value(depth: 0) else { return nil }
        p.skipSpace()
        return p.i == p.bytes.count ? v : nil
    }

    /// The canonical `jsonb` text of valid JSON, or nil when malformed.
    public static func jsonb(_ text: String) -> String? { parse(text)?.canonical }
}

extension PGJSON.Value {
    var canonical: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let n): return n
        case .string(let s): return PGJSON.quote(s)
        case .array(let items): return "[" + items.map(\.canonical).joined(separator: ", ") + "]"
        case .object(let pairs):
            var last: [String: PGJSON.Value] = [:]
            for (k, v) in pairs { last[k] = v }
            let keys = last.keys.sorted { a, b in
                a.utf8.count != b.utf8.count ? a.utf8.count < b.utf8.count : Array(a.utf8).lexicographicallyPrecedes(Array(b.utf8))
            }
            return "{" + keys.map { PGJSON.quote($0) + ": " + last[$0]!.canonical }.joined(separator: ", ") + "}"
        }
    }
}

extension PGJSON {
    static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if u.value < 0x20 {
                    let h = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - h.count) + h
                } else { out.unicodeScalars.append(u) }
            }
        }
        return out + "\""
    }
}

/// Byte-level recursive-descent JSON reader (RFC 8259), depth-bounded.
struct JSONReader {
    let bytes: [UInt8]
    var i = 0

    mutating func skipSpace() { JSONScan.skipSpace(bytes, at: &i) }

    mutating func value(depth: Int) -> PGJSON.Value? {
        guard depth < 500 else { return nil }
        skipSpace()
        guard i < bytes.count else { return nil }
        switch bytes[i] {
        case UInt8(ascii: "{"):
            i += 1
            var pairs: [(String, PGJSON.Value)] = []
            skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return .object(pairs) }
            while true {
                skipSpace()
                guard let k = string(), expect(":"), let v = value(depth: depth + 1) else { return nil }
                pairs.append((k, v))
                skipSpace()
                if expect(",") { continue }
                return expect("}") ? .object(pairs) : nil
            }
        case UInt8(ascii: "["):
            i += 1
            var items: [PGJSON.Value] = []
            skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
            while true {
                guard let v = value(depth: depth + 1) else { return nil }
                items.append(v)
                skipSpace()
                if expect(",") { continue }
                return expect("]") ? .array(items) : nil
            }
        case UInt8(ascii: "\""): return string().map { .string($0) }
        case UInt8(ascii: "t"): return literal("true") ? .bool(true) : nil
        case UInt8(ascii: "f"): return literal("false") ? .bool(false) : nil
        case UInt8(ascii: "n"): return literal("null") ? .null : nil
        default: return number()
        }
    }

    mutating func expect(_ c: Character) -> Bool {
        skipSpace()
        if i < bytes.count, bytes[i] == c.asciiValue! { i += 1; return true }
        return false
    }

    mutating func literal(_ word: StaticString) -> Bool { JSONScan.takeLiteral(word, in: bytes, at: &i) }

    mutating func number() -> PGJSON.Value? {
        let start = i
        func digits() -> Int { let s = i; while i < bytes.count, bytes[i] >= 48, bytes[i] <= 57 { i += 1 }; return i - s }
        if i < bytes.count, bytes[i] == UInt8(ascii: "-") { i += 1 }
        let intStart = i
        guard digits() > 0 else { return nil }
        if bytes[intStart] == 48, i - intStart > 1 { return nil }
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") { i += 1; guard digits() > 0 else { return nil } }
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard digits() > 0 else { return nil }
        }
        return .number(String(decoding: bytes[start..<i], as: UTF8.self))
    }

    mutating func string() -> String? {
        guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { return nil }
        i += 1
        var out: [UInt8] = []
        while i < bytes.count {
            let b = bytes[i]
            i += 1
            if b == UInt8(ascii: "\"") { return String(decoding: out, as: UTF8.self) }
            if b < 0x20 { return nil }
            guard b == UInt8(ascii: "\\") else { out.append(b); continue }
            guard i < bytes.count, case .scalar(let u) = JSONEscape.decode(bytes, at: &i) else { return nil }
            out.append(contentsOf: UTF8.encode(u)!)
        }
        return nil
    }
}
