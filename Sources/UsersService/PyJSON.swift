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
    public var text: String {
        var out = ""
        write(to: &out)
        return out
    }

    /// The value of `key` in an object (last match), for tests.
    public subscript(key: String) -> PyJSON? {
        guard case .object(let pairs) = self else { return nil }
        return pairs.last { $0.0 == key }?.1
    }

    func write(to out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d):
            if d.isNaN { out += "NaN" } else if d.isInfinite { out += d < 0 ? "-Infinity" : "Infinity" } else { out += "\(d)" }
        case .string(let s): Self.quote(s, into: &out)
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += ", " }
                item.write(to: &out)
            }
            out += "]"
        case .object(let pairs):
            out += "{"
            for (i, (key, value)) in pairs.enumerated() {
                if i > 0 { out += ", " }
                Self.quote(key, into: &out)
                out += ": "
                value.write(to: &out)
            }
            out += "}"
        }
    }

    /// Python's `ensure_ascii` string escaping.
    static func quote(_ s: String, into out: inout String) {
        out += "\""
        // Fast path: printable ASCII without quote or backslash needs no escaping at all.
        if s.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }) {
            out += s
            out += "\""
            return
        }
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                let v = scalar.value
                if v >= 0x20 && v < 0x7F {
                    out.unicodeScalars.append(scalar)
                } else if v > 0xFFFF {
                    let u = v - 0x10000
                    hex4(0xD800 + (u >> 10), into: &out)
                    hex4(0xDC00 + (u & 0x3FF), into: &out)
                } else {
                    hex4(v, into: &out)
                }
            }
        }
        out += "\""
    }

    private static func hex4(_ v: UInt32, into out: inout String) {
        out += "\\u"
        for shift in stride(from: 12, through: 0, by: -4) {
            let d = UInt8((v >> UInt32(shift)) & 0xF)
            out.unicodeScalars.append(Unicode.Scalar(d < 10 ? d + 0x30 : d + 0x57))
        }
    }
}

extension PyJSON {
    /// Equal when `json.dumps` prints the same text.
    public static func == (a: PyJSON, b: PyJSON) -> Bool { a.text == b.text }
}
