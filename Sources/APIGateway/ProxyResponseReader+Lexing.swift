import JSONLexing

/// The lexical layer of `ProxyResponseReader`: scalars, strings with escapes, whitespace and
/// literals, each returning nil (or false) for anything outside the accepted subset.
extension ProxyResponseReader {
    /// A header value: a string, `true`/`false`, or an integer literal, as text.
    mutating func scalar() -> String? {
        guard i < bytes.count else { return nil }
        switch bytes[i] {
        case UInt8(ascii: "\""): return string()
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return boolean().map { $0 ? "true" : "false" }
        default: return integer().map { String($0) }
        }
    }

    mutating func boolean() -> Bool? {
        if takeLiteral("true") { return true }
        if takeLiteral("false") { return false }
        return nil
    }

    /// `-?(0|[1-9][0-9]*)` with at most 15 digits, not followed by a fraction or exponent.
    mutating func integer() -> Int? {
        var j = i
        var negative = false
        if j < bytes.count, bytes[j] == UInt8(ascii: "-") {
            negative = true
            j += 1
        }
        let first = j
        var value = 0
        while j < bytes.count, bytes[j] >= UInt8(ascii: "0"), bytes[j] <= UInt8(ascii: "9") {
            value = value * 10 + Int(bytes[j] - UInt8(ascii: "0"))
            j += 1
            if j - first > 15 { return nil }
        }
        let digits = j - first
        guard digits > 0, !(digits > 1 && bytes[first] == UInt8(ascii: "0")) else { return nil }
        if j < bytes.count, bytes[j] == UInt8(ascii: ".") || bytes[j] == UInt8(ascii: "e") || bytes[j] == UInt8(ascii: "E") {
            return nil
        }
        i = j
        return negative ? -value : value
    }

    /// A string of printable ASCII and escapes.
    mutating func string() -> String? {
        guard take(UInt8(ascii: "\"")) else { return nil }
        let start = i
        // Fast scan: no escapes.
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") {
                let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
                i += 1
                return text
            }
            if b == UInt8(ascii: "\\") { break }
            guard b >= 0x20, b < 0x80 else { return nil }
            i += 1
        }
        guard i < bytes.count else { return nil }
        var out: [UInt8] = Array(UnsafeBufferPointer(rebasing: bytes[start..<i]))
        out.reserveCapacity(out.count + 64)
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") {
                i += 1
                return String(decoding: out, as: UTF8.self)
            }
            if b != UInt8(ascii: "\\") {
                // Copy the run up to the next quote or backslash at once.
                var end = i
                while end < bytes.count {
                    let c = bytes[end]
                    if c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\") { break }
                    guard c >= 0x20, c < 0x80 else { return nil }
                    end += 1
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i..<end]))
                i = end
                continue
            }
            i += 1
            // Lone surrogates and bad escapes fall outside the subset: Foundation decides.
            guard i < bytes.count, case .scalar(let u) = JSONEscape.decode(bytes, at: &i) else { return nil }
            out.append(contentsOf: UTF8.encode(u)!)
        }
        return nil
    }

    /// The deepest a valid proxy response nests: the document, `multiValueHeaders`, a value list.
    static let maxValidDepth = 3

    /// True when `payload` nests containers deeper than any valid proxy response can (brackets
    /// inside strings do not count). Linear and allocation-free, so whatever is handed to
    /// Foundation afterwards is at most that deep: a million-deep document is malformed at once.
    static func nestsTooDeep(_ payload: [UInt8]) -> Bool {
        var depth = 0
        var inString = false
        var escaped = false
        for b in payload {
            if inString {
                if escaped {
                    escaped = false
                } else if b == UInt8(ascii: "\\") {
                    escaped = true
                } else if b == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch b {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                if depth > maxValidDepth { return true }
            case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1
            default: break
            }
        }
        return false
    }

    // MARK: - Lexing

    mutating func skipSpace() { JSONScan.skipSpace(bytes, at: &i) }

    mutating func take(_ byte: UInt8) -> Bool {
        guard i < bytes.count, bytes[i] == byte else { return false }
        i += 1
        return true
    }

    mutating func takeLiteral(_ literal: StaticString) -> Bool { JSONScan.takeLiteral(literal, in: bytes, at: &i) }

    private static func isLetter(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
            || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9"))
    }
}
