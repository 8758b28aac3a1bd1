import Foundation

/// `terraform output -json`'s document: each output as `{"sensitive", "type", "value"}`, so
/// scripts written against Terraform's outputs (`jq -r .name.value`) read the emulator's too.
extension OutputValue {
    /// The value's Terraform type, as `terraform output -json` spells it: `"string"`,
    /// `"number"`, `"bool"`, `["object", {...}]`, `["tuple", [...]]`.
    public var terraformType: OutputValue {
        switch self {
        case .string: .string("string")
        case .number: .string("number")
        case .bool: .string("bool")
        case .null: .string("dynamic")
        case .list(let items): .list([.string("tuple"), .list(items.map(\.terraformType))])
        case .object(let entries): .list([.string("object"), .object(entries.mapValues(\.terraformType))])
        }
    }

    /// The whole document (pretty, keys sorted, final newline); `sensitive` names the outputs
    /// Terraform would mark sensitive (their values are still written, as Terraform does).
    public static func terraformOutputJSON(_ outputs: [String: OutputValue], sensitive: Set<String> = []) -> String {
        let wrapped = outputs.reduce(into: [String: OutputValue]()) { out, entry in
            out[entry.key] = .object([
                "sensitive": .bool(sensitive.contains(entry.key)), "type": entry.value.terraformType, "value": entry.value,
            ])
        }
        return OutputValue.object(wrapped).json(pretty: true) + "\n"
    }

    /// Reads an outputs document in `terraform output -json`'s shape (or the plain
    /// `{name: value}` shape of earlier versions): the values by name, and which are sensitive.
    public static func readTerraformOutputJSON(_ text: String) -> (values: [String: OutputValue], sensitive: Set<String>)? {
        guard let any = try? JSONSerialization.jsonObject(with: Data(text.utf8)), case .object(let entries) = OutputValue(json: any)
        else { return nil }
        var values: [String: OutputValue] = [:]
        var sensitive = Set<String>()
        for (name, entry) in entries {
            if case .object(let fields) = entry, let value = fields["value"], fields["type"] != nil {
                values[name] = value
                if fields["sensitive"] == .bool(true) { sensitive.insert(name) }
            } else {
                values[name] = entry
            }
        }
        return (values, sensitive)
    }
}

extension OutputValue {
    /// A value from Foundation's JSON parser.
    init(json any: Any) {
        switch any {
        case let s as String: self = .string(s)
        case let n as NSNumber: self = String(cString: n.objCType) == "c" ? .bool(n.boolValue) : .number(n.doubleValue)
        case let a as [Any]: self = .list(a.map(OutputValue.init(json:)))
        case let o as [String: Any]: self = .object(o.mapValues(OutputValue.init(json:)))
        default: self = .null
        }
    }
}
