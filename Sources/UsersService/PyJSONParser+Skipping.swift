import JSONLexing

extension PyJSONParser {
    /// Parses a whole document like `parse`, but of a top-level object keeps only the members named
    /// in `keys`; every other member's value is checked with the same grammar (the same errors) and
    /// skipped without building it. Any other document is parsed whole.
    ///
    /// The users handler reads three members of a proxy event (`httpMethod`, `path`, `body`) out of
    /// dozens; building and freeing the rest was a visible share of each request.
    public static func parse(_ bytes: [UInt8], keepingTopLevelKeys keys: [String]) throws(Failure) -> PyJSON {
        var parser = PyJSONParser(bytes)
        parser.skipSpace()
        let value: PyJSON
        if parser.index < bytes.count, bytes[parser.index] == UInt8(ascii: "{") {
            value = try parser.object(keeping: keys)
        } else {
            value = try parser.value()
        }
        parser.skipSpace()
        guard parser.index == bytes.count else { throw parser.fail("Extra data") }
        return value
    }

    /// `value()` without building the value.
    mutating func skipValue() throws(Failure) {
        guard index < bytes.count else { throw fail("Expecting value") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try skipContainer(close: UInt8(ascii: "}"), keyed: true)
        case UInt8(ascii: "["): return try skipContainer(close: UInt8(ascii: "]"), keyed: false)
        case UInt8(ascii: "\""): return try skipString()
        case UInt8(ascii: "n"): if literal("null") { return }
        case UInt8(ascii: "t"): if literal("true") { return }
        case UInt8(ascii: "f"): if literal("false") { return }
        case UInt8(ascii: "N"): if literal("NaN") { return }
        case UInt8(ascii: "I"): if literal("Infinity") { return }
        case UInt8(ascii: "-"): if literal("-Infinity") { return }
        default: break
        }
        _ = try number()
    }

    /// `object()` / `array()` without building them.
    private mutating func skipContainer(close: UInt8, keyed: Bool) throws(Failure) {
        depth += 1
        defer { depth -= 1 }
        guard depth < 512 else { throw fail("nesting too deep") }
        index += 1
        skipSpace()
        if index < bytes.count, bytes[index] == close { index += 1; return }
        while true {
            skipSpace()
            if keyed {
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw fail("Expecting property name") }
                try skipString()
                skipSpace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw fail("Expecting ':' delimiter") }
                index += 1
                skipSpace()
            }
            try skipValue()
            skipSpace()
            guard index < bytes.count else { throw fail("Expecting ',' delimiter") }
            if bytes[index] == close { index += 1; return }
            guard bytes[index] == UInt8(ascii: ",") else { throw fail("Expecting ',' delimiter") }
            index += 1
        }
    }

    /// `string()` without building the text: the same escapes are checked, the same errors thrown.
    mutating func skipString() throws(Failure) {
        index += 1
        while index < bytes.count {
            let b = bytes[index]
            if b == UInt8(ascii: "\"") {
                index += 1
                return
            }
            if b < 0x20 { throw fail("Invalid control character") }
            index += 1
            if b != UInt8(ascii: "\\") { continue }
            guard index < bytes.count else { break }
            switch JSONEscape.decode(bytes, at: &index) {
            case .scalar, .loneSurrogate: continue
            case .invalidHex: throw fail("Invalid \\uXXXX escape")
            case .invalidEscape: throw fail("Invalid \\escape")
            }
        }
        throw fail("Unterminated string")
    }
}
