import JSONLexing

/// Parses JSON text the way Python's `json.loads` does, into `PyJSON`.
///
/// The seed validates bodies with `json.loads`, so what it accepts matters: `NaN`, `Infinity` and
/// `-Infinity` are accepted, control characters inside strings are not, duplicate keys keep the
/// first key's position and the last value (a `dict`), and anything after the value other than
/// whitespace is an error. Integers too large for `Int` become doubles (Python keeps them exact;
/// the service only checks their type).
///
/// Containers are parsed with an explicit stack, not by recursion, so no input can exhaust the
/// thread's stack, and the work is linear in the input: duplicate keys are found through an index
/// once an object has a few members, strings are built in one byte buffer. Nesting deeper than
/// `maxDepth` fails the way CPython's C scanner does inside the seed's handler: a `RecursionError`
/// (`isRecursion`), which the handler's `except json.JSONDecodeError` does not catch.
public struct PyJSONParser {
    /// Why the text is not JSON (the byte offset and a short reason).
    public struct Failure: Error, Sendable, Equatable {
        public var offset: Int
        public var reason: String
        /// True for Python's `RecursionError` (nesting past `maxDepth`), false for `JSONDecodeError`.
        public var isRecursion: Bool

        public init(offset: Int, reason: String, isRecursion: Bool = false) {
            self.offset = offset
            self.reason = reason
            self.isRecursion = isRecursion
        }
    }

    /// The deepest nesting `json.loads` reaches inside the seed's handler on Lambda's python3.11
    /// runtime: the recursion limit (1,000) less the frames below the scanner (the runtime's
    /// bootstrap, `run`, `handle_event_request`, the handler, `loads`, `decode`, `raw_decode`, the
    /// scanner call). Measured with CPython 3.11.7 and that frame layout: 991 levels parse, 992 raise.
    public static let maxDepth = 991

    let bytes: [UInt8]
    var index = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Parses a whole document.
    public static func parse(_ text: String) throws(Failure) -> PyJSON { try parse(Array(text.utf8)) }

    /// Parses a whole document from UTF-8 bytes.
    public static func parse(_ bytes: [UInt8]) throws(Failure) -> PyJSON {
        var parser = PyJSONParser(bytes)
        parser.skipSpace()
        let value = try parser.value(depth: 0)
        try parser.finish()
        return value
    }

    func fail(_ reason: String) -> Failure { Failure(offset: index, reason: reason) }

    /// Python's `RecursionError` text for the container that went one level too deep.
    func recursion(object: Bool) -> Failure {
        Failure(
            offset: index,
            reason: "maximum recursion depth exceeded while decoding a JSON \(object ? "object" : "array") from a unicode string",
            isRecursion: true)
    }

    /// Only whitespace may follow the value.
    mutating func finish() throws(Failure) {
        skipSpace()
        guard index == bytes.count else { throw fail("Extra data") }
    }

    mutating func skipSpace() { JSONScan.skipSpace(bytes, at: &index) }

    /// Consumes `word` if the input continues with it (compared in place, no allocation).
    mutating func literal(_ word: StaticString) -> Bool { JSONScan.takeLiteral(word, in: bytes, at: &index) }

    /// An open container while `value` parses its members.
    struct Frame {
        var isObject: Bool
        var items: [PyJSON] = []
        var members = PyJSONMembers()
        /// The key whose value is being parsed (objects).
        var key = ""
    }

    /// Parses one value whose enclosing containers are `depth` deep, without recursion.
    mutating func value(depth: Int) throws(Failure) -> PyJSON {
        var stack: [Frame] = []
        while true {
            // A value starts here: a scalar completes at once, a non-empty container is pushed.
            var done: PyJSON
            guard index < bytes.count else { throw fail("Expecting value") }
            switch bytes[index] {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                let isObject = bytes[index] == UInt8(ascii: "{")
                guard depth + stack.count < Self.maxDepth else { throw recursion(object: isObject) }
                index += 1
                skipSpace()
                if index < bytes.count, bytes[index] == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                    index += 1
                    done = isObject ? .object([]) : .array([])
                } else {
                    var frame = Frame(isObject: isObject)
                    if isObject { frame.key = try memberKey() }
                    stack.append(frame)
                    continue
                }
            default:
                done = try scalar()
            }
            // Hand the finished value to its container; close every container that ends here.
            while let top = stack.indices.last {
                skipSpace()
                let close = stack[top].isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
                if stack[top].isObject {
                    stack[top].members.set(stack[top].key, done)
                } else {
                    stack[top].items.append(done)
                }
                guard index < bytes.count else { throw fail("Expecting ',' delimiter") }
                if bytes[index] == close {
                    index += 1
                    let frame = stack.removeLast()
                    done = frame.isObject ? .object(frame.members.pairs) : .array(frame.items)
                    continue
                }
                guard bytes[index] == UInt8(ascii: ",") else { throw fail("Expecting ',' delimiter") }
                index += 1
                skipSpace()
                if stack[top].isObject { stack[top].key = try memberKey() }
                break
            }
            if stack.isEmpty { return done }
        }
    }

    /// `"key" :` with the whitespace around the colon; the index is left at the value.
    mutating func memberKey() throws(Failure) -> String {
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw fail("Expecting property name") }
        let key = try string()
        skipSpace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw fail("Expecting ':' delimiter") }
        index += 1
        skipSpace()
        return key
    }

    /// A string, number or literal.
    mutating func scalar() throws(Failure) -> PyJSON {
        switch bytes[index] {
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

    /// A string literal (the index at its opening quote), built in one byte buffer.
    mutating func string() throws(Failure) -> String {
        index += 1
        let start = index
        // Fast path: no escape before the closing quote, so the text is the bytes themselves.
        while index < bytes.count {
            let b = bytes[index]
            if b == UInt8(ascii: "\"") {
                let text = String(decoding: bytes[start..<index], as: UTF8.self)
                index += 1
                return text
            }
            if b == UInt8(ascii: "\\") { break }
            if b < 0x20 { throw fail("Invalid control character") }
            index += 1
        }
        var out: [UInt8] = []
        out.reserveCapacity(index - start + 64)
        out.append(contentsOf: bytes[start..<index])
        while index < bytes.count {
            let b = bytes[index]
            if b == UInt8(ascii: "\"") {
                index += 1
                return String(decoding: out, as: UTF8.self)
            }
            if b < 0x20 { throw fail("Invalid control character") }
            if b != UInt8(ascii: "\\") {
                var end = index + 1
                while end < bytes.count, bytes[end] != UInt8(ascii: "\""), bytes[end] != UInt8(ascii: "\\"), bytes[end] >= 0x20 {
                    end += 1
                }
                out.append(contentsOf: bytes[index..<end])
                index = end
                continue
            }
            index += 1
            guard index < bytes.count else { break }
            switch JSONEscape.decode(bytes, at: &index) {
            case .scalar(let u): out.append(contentsOf: UTF8.encode(u)!)
            // Lone surrogates cannot live in a Swift String; they become U+FFFD.
            case .loneSurrogate: out.append(contentsOf: [0xEF, 0xBF, 0xBD])
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

/// An object's members as a Python `dict` builds them: a repeated key keeps its first position and
/// takes the new value. Small objects are searched in place; from `indexThreshold` members on, a
/// key-to-position index makes each insertion constant time (a 200,000-key body was quadratic).
struct PyJSONMembers {
    static let indexThreshold = 8
    private(set) var pairs: [(String, PyJSON)] = []
    /// Key to position, kept once `pairs` reaches `indexThreshold` (empty before).
    private var positions: [String: Int] = [:]

    mutating func set(_ key: String, _ value: PyJSON) {
        if pairs.count >= Self.indexThreshold {
            if let at = positions[key] {
                pairs[at].1 = value
            } else {
                positions[key] = pairs.count
                pairs.append((key, value))
            }
            return
        }
        if let at = pairs.firstIndex(where: { $0.0 == key }) {
            pairs[at].1 = value
            return
        }
        pairs.append((key, value))
        if pairs.count == Self.indexThreshold {
            positions.reserveCapacity(pairs.count * 2)
            for (i, pair) in pairs.enumerated() { positions[pair.0] = i }
        }
    }
}
