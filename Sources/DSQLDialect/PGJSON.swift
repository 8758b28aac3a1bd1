import JSONLexing

/// PostgreSQL's `json` and `jsonb` input: validation, and `jsonb`'s canonical text.
///
/// `json` keeps its input text (PostgreSQL does too, after validation). `jsonb` is stored in
/// PostgreSQL's canonical output form: object keys sorted (shorter first, then bytewise), the last
/// duplicate key wins, `", "` and `": "` separators. So equality and output match PostgreSQL.
///
/// The reader keeps the document in a flat node table and walks it with explicit stacks, so no
/// input can exhaust a thread's stack, and both reading and writing are linear in the input (the
/// canonical text is appended to one buffer). Nesting deeper than `maxDepth` fails as
/// PostgreSQL's recursive parser does when it runs out of stack: `54001`.
public enum PGJSON {
    /// The deepest nesting accepted (PostgreSQL's own limit is its stack, `max_stack_depth`;
    /// 6,400 is the limit its incremental JSON parser states).
    public static let maxDepth = 6400

    /// Why the input was refused.
    public enum Failure: Error, Equatable, Sendable {
        /// Not JSON: `22P02 invalid input syntax for type json`.
        case syntax
        /// Nested deeper than `maxDepth`: `54001 stack depth limit exceeded`.
        case tooDeep
        /// `\u0000` in a `jsonb` string: `22P05 unsupported Unicode escape sequence`.
        case nulEscape
    }

    /// Validates `text` as JSON; its parsed form.
    static func parse(_ text: String) throws(Failure) -> Document {
        var reader = JSONReader(bytes: Array(text.utf8))
        return try reader.document()
    }

    /// The canonical `jsonb` text of valid JSON, or nil when it is refused.
    public static func jsonb(_ text: String) -> String? { try? parse(text).canonical(refusingNUL: true) }

    /// A parsed document: nodes in the order their values start; node 0 is the root.
    struct Document {
        enum Node {
            /// A literal, number or string, already in output form (strings quoted).
            case scalar(String)
            /// A string scalar that holds U+0000 (`jsonb` refuses it).
            case nulString(String)
            /// An array and its elements' nodes.
            case array([Int])
            /// An object and its members' keys and value nodes, in input order.
            case object([(String, Int)])
        }

        var nodes: [Node] = []

        /// PostgreSQL's `jsonb` output text.
        func canonical(refusingNUL: Bool) throws(Failure) -> String {
            var out: [UInt8] = []
            // Work items: a node to write, or literal bytes (separators, closing brackets).
            enum Item { case node(Int), text(StaticString), key(String) }
            var work: [Item] = [.node(0)]
            while let item = work.popLast() {
                switch item {
                case .text(let s): s.withUTF8Buffer { out.append(contentsOf: $0) }
                case .key(let k):
                    PGJSON.quote(k, into: &out)
                    out.append(contentsOf: ": ".utf8)
                case .node(let n):
                    switch nodes[n] {
                    case .scalar(let s): out.append(contentsOf: s.utf8)
                    case .nulString(let s):
                        if refusingNUL { throw .nulEscape }
                        out.append(contentsOf: s.utf8)
                    case .array(let items):
                        out.append(UInt8(ascii: "["))
                        work.append(.text("]"))
                        for (i, child) in items.enumerated().reversed() {
                            work.append(.node(child))
                            if i > 0 { work.append(.text(", ")) }
                        }
                    case .object(let members):
                        out.append(UInt8(ascii: "{"))
                        work.append(.text("}"))
                        let sorted = Self.lastValueByKey(members)
                        for (i, (key, child)) in sorted.enumerated().reversed() {
                            work.append(.node(child))
                            work.append(.key(key))
                            if i > 0 { work.append(.text(", ")) }
                        }
                    }
                }
            }
            return String(decoding: out, as: UTF8.self)
        }

        /// The members with the last value of each key, sorted as `jsonb` orders keys.
        static func lastValueByKey(_ members: [(String, Int)]) -> [(String, Int)] {
            var last: [String: Int] = [:]
            last.reserveCapacity(members.count)
            for (key, node) in members { last[key] = node }
            return last.map { ($0.key, $0.value) }.sorted { a, b in
                let (x, y) = (a.0.utf8, b.0.utf8)
                return x.count != y.count ? x.count < y.count : x.lexicographicallyPrecedes(y)
            }
        }
    }
}

extension PGJSON {
    /// Appends `s` as PostgreSQL's `escape_json` writes it.
    static func quote(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""): out.append(contentsOf: [92, 34])
            case UInt8(ascii: "\\"): out.append(contentsOf: [92, 92])
            case 0x0A: out.append(contentsOf: [92, UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [92, UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [92, UInt8(ascii: "t")])
            case 0x08: out.append(contentsOf: [92, UInt8(ascii: "b")])
            case 0x0C: out.append(contentsOf: [92, UInt8(ascii: "f")])
            case 0..<0x20:
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                out.append(contentsOf: [92, UInt8(ascii: "u"), 48, 48, hex[Int(b >> 4)], hex[Int(b & 0xF)]])
            default: out.append(b)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// `quote` as a string.
    static func quote(_ s: String) -> String {
        var out: [UInt8] = []
        quote(s, into: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
