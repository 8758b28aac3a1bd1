/// The type constraint of a declared input variable, with Terraform's conversions.
///
/// Terraform converts values between primitive types when it can (`30` to `"30"`, `"true"` to
/// `true`) and refuses otherwise with "a number is required" and the like. The seed declares
/// only these five types, so that is all this models.
public enum VariableType: Sendable, Equatable, CustomStringConvertible {
    case string
    case number
    case bool
    case listOfString
    case mapOfString

    public var description: String {
        switch self {
        case .string: return "string"
        case .number: return "number"
        case .bool: return "bool"
        case .listOfString: return "list(string)"
        case .mapOfString: return "map(string)"
        }
    }

    /// Terraform's wording for a value that cannot be converted to this type.
    public var requirement: String {
        switch self {
        case .string: return "a string is required"
        case .number: return "a number is required"
        case .bool: return "a bool is required"
        case .listOfString: return "a list of string is required"
        case .mapOfString: return "a map of string is required"
        }
    }

    /// Converts `value` to this type, or returns the reason it cannot (an element path such as
    /// `element 2: a string is required` for collections). `null` passes through unchanged.
    public func convert(_ value: HCLValue) -> Result<HCLValue, TypeMismatch> {
        if value == .null { return .success(.null) }
        switch self {
        case .string:
            return VariableType.toString(value).map { .success(.string($0)) }
                ?? .failure(TypeMismatch(requirement))
        case .number:
            switch value {
            case .number: return .success(value)
            case .string(let s):
                if let n = Double(s), n.isFinite, !s.isEmpty, s.first != "+", !s.contains(where: \.isWhitespace) {
                    return .success(.number(n))
                }
                return .failure(TypeMismatch(requirement))
            default: return .failure(TypeMismatch(requirement))
            }
        case .bool:
            switch value {
            case .bool: return .success(value)
            case .string("true"): return .success(.bool(true))
            case .string("false"): return .success(.bool(false))
            default: return .failure(TypeMismatch(requirement))
            }
        case .listOfString:
            guard case .list(let items) = value else { return .failure(TypeMismatch(requirement)) }
            var out: [HCLValue] = []
            for (i, item) in items.enumerated() {
                guard let s = VariableType.toString(item) else {
                    return .failure(TypeMismatch("element \(i): a string is required"))
                }
                out.append(.string(s))
            }
            return .success(.list(out))
        case .mapOfString:
            guard case .object(let entries) = value else { return .failure(TypeMismatch(requirement)) }
            var out: [(key: String, value: HCLValue)] = []
            for entry in entries {
                guard let s = VariableType.toString(entry.value) else {
                    return .failure(TypeMismatch("element \(HCLValue.quote(entry.key)): a string is required"))
                }
                out.append((key: entry.key, value: .string(s)))
            }
            return .success(.object(out))
        }
    }

    private static func toString(_ value: HCLValue) -> String? {
        switch value {
        case .string(let s): return s
        case .number(let n): return HCLValue.formatNumber(n)
        case .bool(let b): return b ? "true" : "false"
        default: return nil
        }
    }

    /// Why a value does not fit a type.
    public struct TypeMismatch: Error, Sendable, Equatable {
        public let reason: String
        public init(_ reason: String) { self.reason = reason }
    }
}
