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

    let bytes: UnsafeBufferPointer<UInt8>
    var i = 0

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
}
