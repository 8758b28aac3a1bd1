/// A byte-level reader for the common shape of a Lambda proxy response, so the gateway does not
/// build a Foundation object graph for every request.
///
/// It accepts only a strict, unambiguous subset of JSON: one object whose keys are the five proxy
/// fields (each at most once), `statusCode` an integer literal, `headers` / `multiValueHeaders`
/// null or objects of string, `true`/`false` or integer-literal values (arrays of them for
/// `multiValueHeaders`), `body` a string or null, `isBase64Encoded` a boolean or null; strings of
/// printable ASCII with the standard escapes (`\uXXXX` included, surrogate pairs combined).
/// Whatever falls outside — other keys, duplicate keys, numbers with fractions or exponents or
/// more than 15 digits, non-ASCII bytes, lone surrogates, invalid JSON — returns nil, and the
/// caller asks Foundation, which decides exactly as before (mostly: malformed, 502).
struct ProxyResponseReader {
    /// The fields as read: nil when absent or null.
    struct Fields: Equatable {
        var statusCode: Int
        var headers: [(String, String)]?
        var multiValueHeaders: [(String, [String])]?
        var body: String?
        var isBase64Encoded: Bool?

        static func == (a: Fields, b: Fields) -> Bool {
            a.statusCode == b.statusCode && a.body == b.body && a.isBase64Encoded == b.isBase64Encoded
                && a.headers.map { $0.map { [$0.0, $0.1] } } == b.headers.map { $0.map { [$0.0, $0.1] } }
                && a.multiValueHeaders.map { $0.map { [$0.0] + $0.1 } } == b.multiValueHeaders.map { $0.map { [$0.0] + $0.1 } }
        }
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var i = 0

    private init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// The fields of `payload`, or nil when it is not in the accepted subset.
    static func read(_ payload: [UInt8]) -> Fields? {
        payload.withUnsafeBufferPointer { buffer in
            var reader = ProxyResponseReader(buffer)
            return reader.document()
        }
    }

    // MARK: - Document

    private mutating func document() -> Fields? {
        skipSpace()
        guard take(UInt8(ascii: "{")) else { return nil }
        var status: Int?
        var headers: [(String, String)]?
        var multi: [(String, [String])]?
        var body: String?
        var base64: Bool?
        var seen: UInt8 = 0
        skipSpace()
        if !take(UInt8(ascii: "}")) {
            while true {
                skipSpace()
                guard let key = string() else { return nil }
                skipSpace()
                guard take(UInt8(ascii: ":")) else { return nil }
                skipSpace()
                let bit: UInt8
                switch key {
                case "statusCode":
                    bit = 1
                    guard let n = integer() else { return nil }
                    status = n
                case "headers":
                    bit = 2
                    if takeLiteral("null") { headers = nil } else {
                        guard let map = singleHeaders() else { return nil }
                        headers = map
                    }
                case "multiValueHeaders":
                    bit = 4
                    if takeLiteral("null") { multi = nil } else {
                        guard let map = multiHeaders() else { return nil }
                        multi = map
                    }
                case "body":
                    bit = 8
                    if takeLiteral("null") { body = nil } else {
                        guard let text = string() else { return nil }
                        body = text
                    }
                case "isBase64Encoded":
                    bit = 16
                    if takeLiteral("null") { base64 = nil } else {
                        guard let flag = boolean() else { return nil }
                        base64 = flag
                    }
                default:
                    return nil
                }
                guard seen & bit == 0 else { return nil }
                seen |= bit
                skipSpace()
                if take(UInt8(ascii: ",")) { continue }
                guard take(UInt8(ascii: "}")) else { return nil }
                break
            }
        }
        skipSpace()
        guard i == bytes.count, let status else { return nil }
        return Fields(statusCode: status, headers: headers, multiValueHeaders: multi, body: body, isBase64Encoded: base64)
    }

    private mutating func singleHeaders() -> [(String, String)]? {
        guard take(UInt8(ascii: "{")) else { return nil }
        var out: [(String, String)] = []
        skipSpace()
        if take(UInt8(ascii: "}")) { return out }
        while true {
            skipSpace()
            guard let name = string() else { return nil }
            skipSpace()
            guard take(UInt8(ascii: ":")) else { return nil }
            skipSpace()
            guard let value = scalar() else { return nil }
            out.append((name, value))
            skipSpace()
            if take(UInt8(ascii: ",")) { continue }
            guard take(UInt8(ascii: "}")) else { return nil }
            return Self.hasDuplicateNames(out.map(\.0)) ? nil : out
        }
    }

    private mutating func multiHeaders() -> [(String, [String])]? {
        guard take(UInt8(ascii: "{")) else { return nil }
        var out: [(String, [String])] = []
        skipSpace()
        if take(UInt8(ascii: "}")) { return out }
        while true {
            skipSpace()
            guard let name = string() else { return nil }
            skipSpace()
            guard take(UInt8(ascii: ":")) else { return nil }
            skipSpace()
            guard take(UInt8(ascii: "[")) else { return nil }
            var values: [String] = []
            skipSpace()
            if !take(UInt8(ascii: "]")) {
                while true {
                    skipSpace()
                    guard let value = scalar() else { return nil }
                    values.append(value)
                    skipSpace()
                    if take(UInt8(ascii: ",")) { continue }
                    guard take(UInt8(ascii: "]")) else { return nil }
                    break
                }
            }
            out.append((name, values))
            skipSpace()
            if take(UInt8(ascii: ",")) { continue }
            guard take(UInt8(ascii: "}")) else { return nil }
            return Self.hasDuplicateNames(out.map(\.0)) ? nil : out
        }
    }

    /// Duplicate names are left to Foundation (which keeps one of them).
    private static func hasDuplicateNames(_ names: [String]) -> Bool {
        if names.count < 2 { return false }
        if names.count < 16 {
            for a in 0..<names.count {
                for b in (a + 1)..<names.count where names[a] == names[b] { return true }
            }
            return false
        }
        return Set(names).count != names.count
    }

    // MARK: - Values

    /// A header value: a string, `true`/`false`, or an integer literal, as text.
    private mutating func scalar() -> String? {
        guard i < bytes.count else { return nil }
        switch bytes[i] {
        case UInt8(ascii: "\""): return string()
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return boolean().map { $0 ? "true" : "false" }
        default: return integer().map { String($0) }
        }
    }

    private mutating func boolean() -> Bool? {
        if takeLiteral("true") { return true }
        if takeLiteral("false") { return false }
        return nil
    }

    /// `-?(0|[1-9][0-9]*)` with at most 15 digits, not followed by a fraction or exponent.
    private mutating func integer() -> Int? {
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
    private mutating func string() -> String? {
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
            guard i < bytes.count else { return nil }
            let e = bytes[i]
            i += 1
            switch e {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                guard let unit = hex4() else { return nil }
                var scalarValue = unit
                if unit >= 0xD800 && unit < 0xDC00 {
                    guard i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else { return nil }
                    i += 2
                    guard let low = hex4(), low >= 0xDC00, low < 0xE000 else { return nil }
                    scalarValue = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                } else if unit >= 0xDC00 && unit < 0xE000 {
                    return nil
                }
                guard let scalar = Unicode.Scalar(scalarValue) else { return nil }
                out.append(contentsOf: UTF8.encode(scalar)!)
            default:
                return nil
            }
        }
        return nil
    }

    private mutating func hex4() -> UInt32? {
        guard i + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[i]
            let digit: UInt8
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = b - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = b - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = b - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
            i += 1
        }
        return value
    }

    // MARK: - Lexing

    private mutating func skipSpace() {
        while i < bytes.count {
            switch bytes[i] {
            case 0x20, 0x09, 0x0A, 0x0D: i += 1
            default: return
            }
        }
    }

    private mutating func take(_ byte: UInt8) -> Bool {
        guard i < bytes.count, bytes[i] == byte else { return false }
        i += 1
        return true
    }

    private mutating func takeLiteral(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard i + count <= bytes.count else { return false }
        let matches = literal.withUTF8Buffer { word in
            for k in 0..<count where bytes[i + k] != word[k] { return false }
            return true
        }
        guard matches else { return false }
        // A literal must not run on into more letters (`nullx`, `trueish`).
        if i + count < bytes.count, Self.isLetter(bytes[i + count]) { return false }
        i += count
        return true
    }

    private static func isLetter(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
            || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9"))
    }
}
