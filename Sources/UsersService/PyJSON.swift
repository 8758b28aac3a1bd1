/// A JSON value that prints exactly like Python's `json.dumps` with default settings.
///
/// The seed's Lambda builds bodies with `json.dumps(body, default=str)`: keys in insertion order,
/// `", "` and `": "` separators, and `ensure_ascii` escaping (`\uXXXX` for every non-ASCII
/// character). Clients that compare bodies byte for byte see the same text from the emulator.
public indirect enum PyJSON: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([PyJSON])
    /// An object with keys in insertion order.
    case object([(String, PyJSON)])

    /// A string, or `null` when nil.
    public static func optional(_ value: String?) -> PyJSON { value.map(PyJSON.string) ?? .null }

    /// The `json.dumps` text.
    public var text: String { String(decoding: utf8, as: UTF8.self) }

    /// The `json.dumps` text as UTF-8 bytes (always ASCII: `ensure_ascii` escapes the rest).
    public var utf8: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(to: &out)
        return out
    }

    /// The value of `key` in an object (last match), for tests.
    public subscript(key: String) -> PyJSON? {
        guard case .object(let pairs) = self else { return nil }
        return pairs.last { $0.0 == key }?.1
    }

    /// Appends the `json.dumps` text.
    func write(to out: inout [UInt8]) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .int(let i): Self.appendInteger(i, to: &out)
        case .double(let d):
            if d.isNaN {
                out.append(contentsOf: "NaN".utf8)
            } else if d.isInfinite {
                out.append(contentsOf: (d < 0 ? "-Infinity" : "Infinity").utf8)
            } else {
                out.append(contentsOf: "\(d)".utf8)
            }
        case .string(let s): Self.quote(s, into: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(contentsOf: ", ".utf8) }
                item.write(to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let pairs):
            out.append(UInt8(ascii: "{"))
            for (i, (key, value)) in pairs.enumerated() {
                if i > 0 { out.append(contentsOf: ", ".utf8) }
                Self.quote(key, into: &out)
                out.append(contentsOf: ": ".utf8)
                value.write(to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// Python's `ensure_ascii` string escaping.
    static func quote(_ s: String, into out: inout [UInt8]) {
        var s = s
        s.withUTF8 { quote(utf8: $0, into: &out) }
    }

    /// `quote` over UTF-8 bytes (valid UTF-8, as Swift strings are). Runs of printable ASCII are
    /// copied at once; only the bytes between them are escaped one by one.
    static func quote(utf8 bytes: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var i = 0
        while i < bytes.count {
            var end = i
            while end < bytes.count {
                let b = bytes[end]
                if b < 0x20 || b >= 0x7F || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") { break }
                end += 1
            }
            if end > i {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i..<end]))
                i = end
                if i == bytes.count { break }
            }
            let b = bytes[i]
            switch b {
            case UInt8(ascii: "\""): out.append(contentsOf: [92, 34])
            case UInt8(ascii: "\\"): out.append(contentsOf: [92, 92])
            case 0x0A: out.append(contentsOf: [92, UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [92, UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [92, UInt8(ascii: "t")])
            case 0x08: out.append(contentsOf: [92, UInt8(ascii: "b")])
            case 0x0C: out.append(contentsOf: [92, UInt8(ascii: "f")])
            case 0..<0x20, 0x7F: hex4(UInt32(b), into: &out)
            default:
                // A multi-byte scalar: decode it, then \uXXXX (a surrogate pair above the BMP).
                let length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2
                var v = UInt32(b) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
                for k in 1..<length where i + k < bytes.count { v = v << 6 | (UInt32(bytes[i + k]) & 0x3F) }
                i += length - 1
                if v > 0xFFFF {
                    let u = v - 0x10000
                    hex4(0xD800 + (u >> 10), into: &out)
                    hex4(0xDC00 + (u & 0x3FF), into: &out)
                } else {
                    hex4(v, into: &out)
                }
            }
            i += 1
        }
        out.append(UInt8(ascii: "\""))
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    private static func hex4(_ v: UInt32, into out: inout [UInt8]) {
        out.append(92)
        out.append(UInt8(ascii: "u"))
        for shift in stride(from: 12, through: 0, by: -4) { out.append(hexDigits[Int((v >> UInt32(shift)) & 0xF)]) }
    }

    static func appendInteger(_ value: Int, to out: inout [UInt8]) {
        if value >= 0 && value < 10 {
            out.append(UInt8(ascii: "0") + UInt8(value))
            return
        }
        out.append(contentsOf: String(value).utf8)
    }
}

extension PyJSON {
    /// Equal when `json.dumps` prints the same text.
    public static func == (a: PyJSON, b: PyJSON) -> Bool { a.text == b.text }
}
