import JSONLexing

/// Parses JSON text the way Python's `json.loads` does, into `PyJSON`.
///
/// The seed validates bodies with `json.loads`, so what it accepts matters: `NaN`, `Infinity` and
/// `-Infinity` are accepted, control characters inside strings are not, duplicate keys keep the
/// last value, and anything after the value other than whitespace is an error. Integers too large
/// for `Int` become doubles (Python keeps them exact; the service only checks their type).
public struct PyJSONParser {
    /// Why the text is not JSON (the byte offset and a short reason).
    public struct Failure: Error, Sendable, Equatable {
        public var offset: Int
        public var reason: String
    }

    let bytes: [UInt8]
    var index = 0
    var depth = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Parses a whole document.
    public static func parse(_ text: String) throws(Failure) -> PyJSON { try parse(Array(text.utf8)) }

    /// Parses a whole document from UTF-8 bytes.
    public static func parse(_ bytes: [UInt8]) throws(Failure) -> PyJSON {
        var parser = PyJSONParser(bytes)
        parser.skipSpace()
        let value = try parser.value()
        parser.skipSpace()
        guard parser.index == bytes.count else { throw parser.fail("Extra data") }
        return value
    }

    func fail(_ reason: String) -> Failure { Failure(offset: index, reason: reason) }

    mutating func skipSpace() { JSONScan.skipSpace(bytes, at: &index) }

    /// Consumes `word` if the input continues with it (compared in place, no allocation).
    mutating func literal(_ word: StaticString) -> Bool { JSONScan.takeLiteral(word, in: bytes, at: &index) }

    mutating func value() throws(Failure) -> PyJSON {
        guard index < bytes.count else { throw fail("Expecting value") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object(keeping: nil)
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "n"): if literal("null") { return .null }
        case UInt8(ascii: "t"): if literal("true") { return .bool(true) }
        case UInt8(ascii: "f"): if literal("false") { return .bool(false) }
        case UInt8(ascii: "N"): if literal("NaN") { return .double(.nan) }
        case UInt8(ascii: "I"): if literal("Infinity") { return .double(.infinity) }
        case UInt8(ascii: "-"): if literal("-Infinity") { return .double(-.infinity) }
        default: break
        }
        return try number()
    }

    /// An object; with `keys`, only the members named there are built, every other member's
    /// value is checked with the same grammar (the same errors) and skipped (`skipValue`).
    /// Duplicate keys: the last one wins.
    mutating func object(keeping keys: [String]?) throws(Failure) -> PyJSON {
        depth += 1
        defer { depth -= 1 }
        guard depth < 512 else { throw fail("nesting too deep") }
        index += 1
        var pairs: [(String, PyJSON)] = []
        skipSpace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return .object(pairs) }
        while true {
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw fail("Expecting property name") }
            let key = try string()
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw fail("Expecting ':' delimiter") }
            index += 1
            skipSpace()
            if let keys, !keys.contains(key) {
                try skipValue()
            } else {
                let item = try value()
                if let existing = pairs.firstIndex(where: { $0.0 == key }) { pairs.remove(at: existing) }
                pairs.append((key, item))
            }
            skipSpace()
            guard index < bytes.count else { throw fail("Expecting ',' delimiter") }
            if bytes[index] == UInt8(ascii: "}") { index += 1; return .object(pairs) }
            guard bytes[index] == UInt8(ascii: ",") else { throw fail("Expecting ',' delimiter") }
            index += 1
        }
    }

    private mutating func array() throws(Failure) -> PyJSON {
        depth += 1
        defer { depth -= 1 }
        guard depth < 512 else { throw fail("nesting too deep") }
        index += 1
        var items: [PyJSON] = []
        skipSpace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
        while true {
            skipSpace()
            items.append(try value())
            skipSpace()
            guard index < bytes.count else { throw fail("Expecting ',' delimiter") }
            if bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
            guard bytes[index] == UInt8(ascii: ",") else { throw fail("Expecting ',' delimiter") }
            index += 1
        }
    }

    mutating func string() throws(Failure) -> String {
        index += 1
        // Fast path: no escape before the closing quote, so the text is the bytes themselves.
        var end = index
        while end < bytes.count {
            let b = bytes[end]
            if b == UInt8(ascii: "\"") {
                let text = String(decoding: bytes[index..<end], as: UTF8.self)
                index = end + 1
                return text
            }
            if b == UInt8(ascii: "\\") || b < 0x20 { break }
            end += 1
        }
        var scalars = String.UnicodeScalarView()
        var run: [UInt8] = []
        func flush(_ run: inout [UInt8], into scalars: inout String.UnicodeScalarView) {
            if !run.isEmpty { scalars.append(contentsOf: String(decoding: run, as: UTF8.self).unicodeScalars); run.removeAll() }
        }
        while index < bytes.count {
            let b = bytes[index]
            if b == UInt8(ascii: "\"") {
                index += 1
                flush(&run, into: &scalars)
                return String(scalars)
            }
            if b < 0x20 { throw fail("Invalid control character") }
            if b != UInt8(ascii: "\\") { run.append(b); index += 1; continue }
            flush(&run, into: &scalars)
            index += 1
            guard index < bytes.count else { break }
            switch JSONEscape.decode(bytes, at: &index) {
            case .scalar(let u): scalars.append(u)
            // Lone surrogates cannot live in a Swift String; they become U+FFFD.
            case .loneSurrogate: scalars.append("\u{FFFD}")
            case .invalidHex: throw fail("Invalid \\uXXXX escape")
            case .invalidEscape: throw fail("Invalid \\escape")
            }
        }
        throw fail("Unterminated string")
    }

    mutating func number() throws(Failure) -> PyJSON {
        let start = index
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        func digits(_ p: inout PyJSONParser) -> Int {
            let s = p.index
            while p.index < p.bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(p.bytes[p.index]) { p.index += 1 }
            return p.index - s
        }
        let intStart = index
        let intDigits = digits(&self)
        guard intDigits > 0 else { index = start; throw fail("Expecting value") }
        if intDigits > 1, bytes[intStart] == UInt8(ascii: "0") { index = intStart + 1; throw fail("Extra data") }
        var isFloat = false
        if index < bytes.count, bytes[index] == UInt8(ascii: "."), index + 1 < bytes.count,
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index + 1])
        {
            index += 1
            _ = digits(&self)
            isFloat = true
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            let save = index
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            if digits(&self) == 0 { index = save } else { isFloat = true }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        if !isFloat, let i = Int(text) { return .int(i) }
        return .double(Double(text) ?? .nan)
    }
}
