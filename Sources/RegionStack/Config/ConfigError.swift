/// Everything that can be wrong with a stack configuration, each with enough context to fix it.
///
/// Cases can be matched in code and tests; `description` is the line printed to the user, for
/// example `invalid value for variable "lambda_timeout": 0 (must be between 1 and 900)`.
public enum ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The tfvars text (or a `-var` value) is not valid HCL.
    case syntax(HCLParseError)
    /// A value was assigned to a name the seed does not declare. `location` is
    /// `file:line:column` or `-var`.
    case undeclaredVariable(name: String, location: String)
    /// A `-var` argument is not `name=value`.
    case malformedOverride(String)
    /// The value cannot be converted to the variable's type.
    case typeMismatch(variable: String, value: String, expected: String, reason: String)
    /// The value breaks one of the variable's validation rules.
    case invalidValue(variable: String, value: String, rule: String)
    /// `lambda_environment_variables` uses keys that Lambda reserves.
    case reservedEnvironmentKeys(LambdaEnvironmentError)
    /// A check across several variables failed (for example two regions are the same).
    case inconsistent(variables: [String], message: String)
    /// The configuration file could not be read.
    case unreadableFile(path: String, reason: String)

    public var description: String {
        switch self {
        case .syntax(let error):
            return error.description
        case let .undeclaredVariable(name, location):
            return "\(location): Value for undeclared variable: a variable named \"\(name)\" was assigned a value, but the root module does not declare a variable of that name."
        case .malformedOverride(let text):
            return "Invalid -var option: the given -var option \(HCLValue.quote(text)) is not correctly specified. Must be a variable name and value separated by an equals sign, like -var=\"key=value\"."
        case let .typeMismatch(variable, value, expected, reason):
            return "invalid value for variable \"\(variable)\": \(value) (\(reason); the variable's type is \(expected))"
        case let .invalidValue(variable, value, rule):
            return "invalid value for variable \"\(variable)\": \(value) (\(rule))"
        case .reservedEnvironmentKeys(let error):
            return "invalid value for variable \"lambda_environment_variables\": \(error.code): \(error.message)"
        case let .inconsistent(variables, message):
            return "invalid combination of variables " + variables.map { "\"\($0)\"" }.joined(separator: ", ")
                + ": " + message
        case let .unreadableFile(path, reason):
            return "cannot read the variable definitions file \(path): \(reason)"
        }
    }

    /// The variable the error is about, when there is exactly one.
    public var variable: String? {
        switch self {
        case .undeclaredVariable(let name, _): return name
        case .typeMismatch(let v, _, _, _), .invalidValue(let v, _, _): return v
        case .reservedEnvironmentKeys: return "lambda_environment_variables"
        default: return nil
        }
    }
}
