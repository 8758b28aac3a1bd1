import JSONLexing
/// A Terraform output value: the tree `terraform output -json` would print.
///
/// Objects are dictionaries and are always written with their keys sorted, as Terraform does,
/// so the JSON and text renderings are deterministic byte for byte.
public indirect enum OutputValue: Sendable, Equatable {
    case string(String)
    case number(Double)
    case bool(Bool)
    case null
    case list([OutputValue])
    case object([String: OutputValue])

    /// A number output from an integer.
    public static func int(_ n: Int) -> OutputValue { .number(Double(n)) }

    /// A string, or null when absent (Terraform's `try(..., null)`).
    public static func optional(_ s: String?) -> OutputValue { s.map(OutputValue.string) ?? .null }

    /// Follows a dotted path (`api_gateway_endpoints.primary.health_url`) through objects.
    public subscript(path path: String) -> OutputValue? {
        var current: OutputValue? = self
        for key in path.split(separator: ".") {
            guard case .object(let entries)? = current else { return nil }
            current = entries[String(key)]
        }
        return current
    }

    /// The string inside, if this is a string.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The value as JSON; `pretty` indents by two spaces. Keys are sorted.
    public func json(pretty: Bool = false) -> String {
        var out = ""
        OutputJSON.write(self, into: &out, pretty: pretty, indent: 0)
        return out
    }
}

/// A minimal JSON writer for `OutputValue` with sorted keys and no `\/` escaping.
///
/// Foundation's serializer escapes slashes on Linux and does not promise key order, both of
/// which would make the outputs harder to read and to compare.
public enum OutputJSON {
    /// A JSON string literal for `s`.
    public static func quote(_ s: String) -> String { JSONEscape.quote(s) }

    static func write(_ value: OutputValue, into out: inout String, pretty: Bool, indent: Int) {
        let pad = pretty ? String(repeating: "  ", count: indent + 1) : ""
        let closePad = pretty ? String(repeating: "  ", count: indent) : ""
        let newline = pretty ? "\n" : ""
        switch value {
        case .string(let s): out += quote(s)
        case .number(let n): out += HCLValue.formatNumber(n)
        case .bool(let b): out += b ? "true" : "false"
        case .null: out += "null"
        case .list(let items):
            if items.isEmpty { out += "[]"; return }
            out += "[" + newline
            for (i, item) in items.enumerated() {
                out += pad
                write(item, into: &out, pretty: pretty, indent: indent + 1)
                out += (i < items.count - 1 ? "," : "") + newline
            }
            out += closePad + "]"
        case .object(let entries):
            if entries.isEmpty { out += "{}"; return }
            out += "{" + newline
            let keys = entries.keys.sorted()
            for (i, key) in keys.enumerated() {
                out += pad + quote(key) + (pretty ? ": " : ":")
                write(entries[key]!, into: &out, pretty: pretty, indent: indent + 1)
                out += (i < keys.count - 1 ? "," : "") + newline
            }
            out += closePad + "}"
        }
    }
}
