import JSONLexing

/// Byte-level JSON reader (RFC 8259) into a `PGJSON.Document`, with an explicit stack of open
/// containers: depth-bounded, linear, never recursive.
struct JSONReader {
    let bytes: [UInt8]
    var i = 0

    mutating func skipSpace() { JSONScan.skipSpace(bytes, at: &i) }

    /// An open container: its node, whether it is an object, its members so far and the key of
    /// the member being read.
    private struct Open {
        var node: Int
        var isObject: Bool
        var items: [Int] = []
        var members: [(String, Int)] = []
        var key = ""
    }

    /// The whole input as one document (only whitespace may follow the value).
    mutating func document() throws(PGJSON.Failure) -> PGJSON.Document {
        var doc = PGJSON.Document()
        var stack: [Open] = []
        while true {
            skipSpace()
            guard i < bytes.count else { throw .syntax }
            let node = doc.nodes.count
            switch bytes[i] {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                let isObject = bytes[i] == UInt8(ascii: "{")
                guard stack.count < PGJSON.maxDepth else { throw .tooDeep }
                i += 1
                doc.nodes.append(.array([]))  // placeholder until it closes
                skipSpace()
                if i < bytes.count, bytes[i] == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                    i += 1
                    doc.nodes[node] = isObject ? .object([]) : .array([])
                } else {
                    var open = Open(node: node, isObject: isObject)
                    if isObject { open.key = try memberKey() }
                    stack.append(open)
                    continue
                }
            case UInt8(ascii: "\""):
                let (text, hasNUL) = try string()
                let quoted = PGJSON.quote(text)
                doc.nodes.append(hasNUL ? .nulString(quoted) : .scalar(quoted))
            case UInt8(ascii: "t"): doc.nodes.append(.scalar(try literal("true")))
            case UInt8(ascii: "f"): doc.nodes.append(.scalar(try literal("false")))
            case UInt8(ascii: "n"): doc.nodes.append(.scalar(try literal("null")))
            default: doc.nodes.append(.scalar(try number()))
            }
            // `node` is complete: add it to its container and close every container ending here.
            var done = node
            while let top = stack.indices.last {
                if stack[top].isObject {
                    stack[top].members.append((stack[top].key, done))
                } else {
                    stack[top].items.append(done)
                }
                skipSpace()
                guard i < bytes.count else { throw .syntax }
                if bytes[i] == UInt8(ascii: ",") {
                    i += 1
                    if stack[top].isObject { stack[top].key = try memberKey() }
                    break
                }
                guard bytes[i] == (stack[top].isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) else { throw .syntax }
                i += 1
                let open = stack.removeLast()
                doc.nodes[open.node] = open.isObject ? .object(open.members) : .array(open.items)
                done = open.node
            }
            if stack.isEmpty {
                skipSpace()
                guard i == bytes.count else { throw .syntax }
                return doc
            }
        }
    }

    /// `"key" :`, leaving the index at the value.
    private mutating func memberKey() throws(PGJSON.Failure) -> String {
        skipSpace()
        guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw .syntax }
        let (key, _) = try string()
        skipSpace()
        guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw .syntax }
        i += 1
        return key
    }

    private mutating func literal(_ word: StaticString) throws(PGJSON.Failure) -> String {
        guard JSONScan.takeLiteral(word, in: bytes, at: &i) else { throw .syntax }
        return word.description
    }

    private mutating func number() throws(PGJSON.Failure) -> String {
        let start = i
        func digits(_ r: inout JSONReader) -> Int {
            let s = r.i
            while r.i < r.bytes.count, r.bytes[r.i] >= 48, r.bytes[r.i] <= 57 { r.i += 1 }
            return r.i - s
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "-") { i += 1 }
        let intStart = i
        guard digits(&self) > 0 else { throw .syntax }
        if bytes[intStart] == 48, i - intStart > 1 { throw .syntax }
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            i += 1
            guard digits(&self) > 0 else { throw .syntax }
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard digits(&self) > 0 else { throw .syntax }
        }
        return String(decoding: bytes[start..<i], as: UTF8.self)
    }

    /// A string literal's text, and whether it holds U+0000 (from `\u0000`).
    private mutating func string() throws(PGJSON.Failure) -> (String, Bool) {
        i += 1
        var out: [UInt8] = []
        var hasNUL = false
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") {
                i += 1
                return (String(decoding: out, as: UTF8.self), hasNUL)
            }
            if b < 0x20 { throw .syntax }
            if b != UInt8(ascii: "\\") {
                var end = i + 1
                while end < bytes.count, bytes[end] != UInt8(ascii: "\""), bytes[end] != UInt8(ascii: "\\"), bytes[end] >= 0x20 {
                    end += 1
                }
                out.append(contentsOf: bytes[i..<end])
                i = end
                continue
            }
            i += 1
            guard i < bytes.count, case .scalar(let u) = JSONEscape.decode(bytes, at: &i) else { throw .syntax }
            if u.value == 0 { hasNUL = true }
            out.append(contentsOf: UTF8.encode(u)!)
        }
        throw .syntax
    }
}
