import JSONLexing

extension PyJSONParser {
    /// Parses a whole document like `parse`, but of a top-level object keeps only the members named
    /// in `keys`; every other member's value is checked with the same grammar (the same errors,
    /// the same depth limit) and skipped without building it. Any other document is parsed whole.
    ///
    /// The users handler reads three members of a proxy event (`httpMethod`, `path`, `body`) out of
    /// dozens, and two of a body (`name`, `email`); building and freeing the rest was a visible
    /// share of each request.
    public static func parse(_ bytes: [UInt8], keepingTopLevelKeys keys: [String]) throws(Failure) -> PyJSON {
        var parser = PyJSONParser(bytes)
        parser.skipSpace()
        let value: PyJSON
        if parser.index < bytes.count, bytes[parser.index] == UInt8(ascii: "{") {
            value = try parser.filteredObject(keeping: keys)
        } else {
            value = try parser.value(depth: 0)
        }
        try parser.finish()
        return value
    }

    /// `parse(_:keepingTopLevelKeys:)` of a string.
    public static func parse(_ text: String, keepingTopLevelKeys keys: [String]) throws(Failure) -> PyJSON {
        try parse(Array(text.utf8), keepingTopLevelKeys: keys)
    }

    /// A top-level object (the index at `{`) of which only the members in `keys` are built.
    mutating func filteredObject(keeping keys: [String]) throws(Failure) -> PyJSON {
        index += 1
        var members = PyJSONMembers()
        skipSpace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object([])
        }
        while true {
            let key = try memberKey()
            if keys.contains(key) {
                members.set(key, try value(depth: 1))
            } else {
                try skipValue(depth: 1)
            }
            skipSpace()
            guard index < bytes.count else { throw fail("Expecting ',' delimiter") }
            if bytes[index] == UInt8(ascii: "}") {
                index += 1
                return .object(members.pairs)
            }
            guard bytes[index] == UInt8(ascii: ",") else { throw fail("Expecting ',' delimiter") }
            index += 1
            skipSpace()
        }
    }

    /// `value(depth:)` without building the value: the same grammar, errors and depth limit, with
    /// a stack of one flag per open container.
    mutating func skipValue(depth: Int) throws(Failure) {
        var open: [Bool] = []  // true for an object
        while true {
            guard index < bytes.count else { throw fail("Expecting value") }
            switch bytes[index] {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                let isObject = bytes[index] == UInt8(ascii: "{")
                guard depth + open.count < Self.maxDepth else { throw recursion(object: isObject) }
                index += 1
                skipSpace()
                if index < bytes.count, bytes[index] == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                    index += 1
                } else {
                    if isObject { try skipMemberKey() }
                    open.append(isObject)
                    continue
                }
            case UInt8(ascii: "\""):
                try skipString()
            default:
                _ = try scalar()
            }
            while let isObject = open.last {
                skipSpace()
                guard index < bytes.count else { throw fail("Expecting ',' delimiter") }
                if bytes[index] == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                    index += 1
                    open.removeLast()
                    continue
                }
                guard bytes[index] == UInt8(ascii: ",") else { throw fail("Expecting ',' delimiter") }
                index += 1
                skipSpace()
                if isObject { try skipMemberKey() }
                break
            }
            if open.isEmpty { return }
        }
    }

    /// `memberKey()` without building the key.
    mutating func skipMemberKey() throws(Failure) {
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw fail("Expecting property name") }
        try skipString()
        skipSpace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw fail("Expecting ':' delimiter") }
        index += 1
        skipSpace()
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
