/// A declared input variable: name, type, default and validation rules.
///
/// This mirrors a `variable "name" { type, default, validation }` block of the seed's
/// `variables.tf`, so configuration errors can be reported the way Terraform reports them and the
/// example tfvars file can be checked against the full declaration list.
public struct VariableDeclaration: Sendable, Equatable {
    public let name: String
    public let type: VariableType
    public let defaultValue: HCLValue
    /// Whether `null` is a meaningful value (only `lambda_reserved_concurrency` in the seed).
    public let nullable: Bool
    public let rules: [VariableRule]
    public let description: String

    public init(_ name: String, _ type: VariableType, default defaultValue: HCLValue,
                nullable: Bool = false, rules: [VariableRule] = [], description: String) {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.nullable = nullable
        self.rules = rules
        self.description = description
    }

    /// Converts and validates a value for this variable; the error names variable, value and rule.
    public func check(_ raw: HCLValue) -> Result<HCLValue, ConfigError> {
        let value: HCLValue
        switch type.convert(raw) {
        case .success(let converted): value = converted
        case .failure(let mismatch):
            return .failure(.typeMismatch(variable: name, value: raw.hclText,
                                          expected: type.description, reason: mismatch.reason))
        }
        if value == .null && !nullable {
            return .failure(.typeMismatch(variable: name, value: "null", expected: type.description,
                                          reason: "\(type.requirement); null is not allowed"))
        }
        for rule in rules where !rule.accepts(value) {
            return .failure(.invalidValue(variable: name, value: VariableDeclaration.show(value),
                                          rule: rule.requirement))
        }
        return .success(value)
    }

    /// The value as shown in an error: HCL text, or an entry count for large collections.
    static func show(_ value: HCLValue) -> String {
        switch value {
        case .object(let entries) where entries.count > 3: return "a map with \(entries.count) entries"
        case .list(let items) where items.count > 5: return "a list with \(items.count) items"
        default: return value.hclText
        }
    }
}
