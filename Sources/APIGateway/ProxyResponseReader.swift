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
    /// A top-level member other than the five proxy fields was met: malformed on every path.
    var unknownField = false

    private init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// The fields of `payload`, or nil when it is not in the accepted subset.
    static func read(_ payload: [UInt8]) -> Fields? {
        if case .fields(let fields) = outcome(payload) { return fields }
        return nil
    }

    /// What the reader decided about a payload.
    enum Outcome {
        /// In the accepted subset: these fields.
        case fields(Fields)
        /// Malformed whatever reads it: a top-level field other than the five proxy fields.
        case malformed
        /// Outside the subset: Foundation decides.
        case undecided
    }

    /// `read`, telling a payload that is malformed for sure from one Foundation must decide.
    static func outcome(_ payload: [UInt8]) -> Outcome {
        payload.withUnsafeBufferPointer { buffer in
            var reader = ProxyResponseReader(buffer)
            if let fields = reader.document() { return .fields(fields) }
            return reader.unknownField ? .malformed : .undecided
        }
    }

    // MARK: - Document

    private mutating func document() -> Fields? {
        skipSpace()
        var status: Int?
        var headers: [(String, String)]?
        var multi: [(String, [String])]?
        var body: String?
        var base64: Bool?
        var seen: UInt8 = 0
        let ok = members { r, key in
            let bit: UInt8
            switch key {
            case "statusCode":
                bit = 1
                guard let n = r.integer() else { return false }
                status = n
            case "headers":
                bit = 2
                guard let map = r.nullable({ $0.singleHeaders() }) else { return false }
                headers = map
            case "multiValueHeaders":
                bit = 4
                guard let map = r.nullable({ $0.multiHeaders() }) else { return false }
                multi = map
            case "body":
                bit = 8
                guard let text = r.nullable({ $0.string() }) else { return false }
                body = text
            case "isBase64Encoded":
                bit = 16
                guard let flag = r.nullable({ $0.boolean() }) else { return false }
                base64 = flag
            default:
                r.unknownField = true
                return false
            }
            guard seen & bit == 0 else { return false }
            seen |= bit
            return true
        }
        skipSpace()
        guard ok, i == bytes.count, let status else { return nil }
        return Fields(statusCode: status, headers: headers, multiValueHeaders: multi, body: body, isBase64Encoded: base64)
    }

    private mutating func singleHeaders() -> [(String, String)]? {
        var out: [(String, String)] = []
        let ok = members { r, name in
            guard let value = r.scalar() else { return false }
            out.append((name, value))
            return true
        }
        return ok && !Self.hasDuplicateNames(out.map(\.0)) ? out : nil
    }

    private mutating func multiHeaders() -> [(String, [String])]? {
        var out: [(String, [String])] = []
        let ok = members { r, name in
            var values: [String] = []
            let ok = r.elements { r in
                guard let value = r.scalar() else { return false }
                values.append(value)
                return true
            }
            out.append((name, values))
            return ok
        }
        return ok && !Self.hasDuplicateNames(out.map(\.0)) ? out : nil
    }

    // MARK: - Structure

    /// `null` (`.some(nil)`), else what `value` reads; nil when that fails.
    private mutating func nullable<T>(_ value: (inout Self) -> T?) -> T?? {
        if takeLiteral("null") { return .some(nil) }
        guard let v = value(&self) else { return nil }
        return .some(v)
    }

    /// `{ "name": value, ... }`: `member` reads each value, the reader at its first byte; false on
    /// any syntax error or when `member` returns false.
    private mutating func members(_ member: (inout Self, String) -> Bool) -> Bool {
        guard take(UInt8(ascii: "{")) else { return false }
        skipSpace()
        if take(UInt8(ascii: "}")) { return true }
        while true {
            skipSpace()
            guard let name = string() else { return false }
            skipSpace()
            guard take(UInt8(ascii: ":")) else { return false }
            skipSpace()
            guard member(&self, name) else { return false }
            skipSpace()
            if take(UInt8(ascii: ",")) { continue }
            return take(UInt8(ascii: "}"))
        }
    }

    /// `[ value, ... ]`: `element` reads each value; false on any syntax error or when it does.
    private mutating func elements(_ element: (inout Self) -> Bool) -> Bool {
        guard take(UInt8(ascii: "[")) else { return false }
        skipSpace()
        if take(UInt8(ascii: "]")) { return true }
        while true {
            skipSpace()
            guard element(&self) else { return false }
            skipSpace()
            if take(UInt8(ascii: ",")) { continue }
            return take(UInt8(ascii: "]"))
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
