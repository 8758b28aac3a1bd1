/// A literal value from a `terraform.tfvars` file or a `-var` override.
///
/// tfvars files may only hold constant values, so this tree is the whole data model: no
/// expressions, references or function calls survive parsing. Objects keep their entries in
/// source order so duplicate keys and error positions can be reported faithfully.
public enum HCLValue: Sendable, Equatable {
    case string(String)
    case number(Double)
    case bool(Bool)
    case null
    case list([HCLValue])
    case object([(key: String, value: HCLValue)])

    public static func == (lhs: HCLValue, rhs: HCLValue) -> Bool {
        switch (lhs, rhs) {
        case let (.string(a), .string(b)): return a == b
        case let (.number(a), .number(b)): return a == b
        case let (.bool(a), .bool(b)): return a == b
        case (.null, .null): return true
        case let (.list(a), .list(b)): return a == b
        case let (.object(a), .object(b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: return false
        }
    }

    /// A short name of the value's kind, as Terraform's type errors word it.
    public var kindDescription: String {
        switch self {
        case .string: return "string"
        case .number: return "number"
        case .bool: return "bool"
        case .null: return "null"
        case .list: return "tuple"
        case .object: return "object"
        }
    }

    /// The value written back as HCL, for error messages (`"us-east-9"`, `0`, `["a", "b"]`).
    public var hclText: String {
        switch self {
        case .string(let s): return HCLValue.quote(s)
        case .number(let n): return HCLValue.formatNumber(n)
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        case .list(let items): return "[" + items.map(\.hclText).joined(separator: ", ") + "]"
        case .object(let entries):
            if entries.isEmpty { return "{}" }
            return "{ " + entries.map { "\(HCLValue.quote($0.key)) = \($0.value.hclText)" }
                .joined(separator: ", ") + " }"
        }
    }

    /// Formats a number the way Terraform prints it: integers without a fraction.
    public static func formatNumber(_ n: Double) -> String {
        if n.isFinite, n == n.rounded(), abs(n) < 1e15 { return String(Int64(n)) }
        return String(n)
    }

    /// Quotes a string with HCL escapes (`"`, `\`, control characters, and `${` as `$${`).
    public static func quote(_ s: String) -> String {
        var out = "\""
        var previous: Character? = nil
        for ch in s {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "{" where previous == "$" || previous == "%":
                out.append(previous!)
                out += "{"
            default:
                if let scalar = ch.unicodeScalars.first, ch.unicodeScalars.count == 1,
                   scalar.value < 0x20 {
                    out += "\\u" + hex4(scalar.value)
                } else {
                    out.append(ch)
                }
            }
            previous = ch
        }
        return out + "\""
    }
}

/// Four lowercase hex digits, zero-padded (for `\uNNNN` escapes).
func hex4(_ value: UInt32) -> String {
    let hex = String(value, radix: 16)
    return String(repeating: "0", count: max(0, 4 - hex.count)) + hex
}
