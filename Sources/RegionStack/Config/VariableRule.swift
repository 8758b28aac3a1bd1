/// One validation rule of a declared variable, as the seed's `validation` blocks state it.
///
/// Each rule checks an already type-converted value and, when it fails, names the rule in words
/// ("must be between 1 and 900") so the error can say which variable, which value and why.
public enum VariableRule: Sendable, Equatable {
    /// The value must be one of these strings; `message` says what the list means.
    case oneOf([String], message: String)
    /// The whole string must match the regular expression (RE2/Swift syntax); `allowEmpty`
    /// also admits "" (the seed's `var == "" || can(regex(...))`).
    case pattern(String, allowEmpty: Bool)
    /// `min <= value <= max`; `allowNull` also admits null.
    case range(Double, Double, allowNull: Bool)
    /// `value > bound`.
    case greaterThan(Double)
    /// The value must be one of these numbers.
    case oneOfNumbers([Int])
    /// A map or list with at most this many entries.
    case maxEntries(Int)
    /// A number without a fractional part (AWS takes these settings as integers).
    case wholeNumber

    /// The rule in words, as it appears in parentheses in an error message.
    public var requirement: String {
        switch self {
        case .oneOf(_, let message): return message
        case .pattern(let regex, let allowEmpty):
            return allowEmpty ? "must be empty or match \(regex)" : "must match \(regex)"
        case .range(let lo, let hi, let allowNull):
            let base = "between \(HCLValue.formatNumber(lo)) and \(HCLValue.formatNumber(hi))"
            return allowNull ? "must be null or " + base : "must be " + base
        case .greaterThan(let bound): return "must be greater than \(HCLValue.formatNumber(bound))"
        case .oneOfNumbers(let values):
            return "must be one of " + values.map(String.init).joined(separator: ", ")
        case .maxEntries(let n): return "must have at most \(n) entries"
        case .wholeNumber: return "must be a whole number"
        }
    }

    /// True when `value` satisfies the rule. Null satisfies only the rules that allow it.
    public func accepts(_ value: HCLValue) -> Bool {
        switch (self, value) {
        case let (.oneOf(allowed, _), .string(s)): return allowed.contains(s)
        case let (.pattern(regex, allowEmpty), .string(s)):
            if allowEmpty && s.isEmpty { return true }
            guard let compiled = try? Regex(regex) else { return false }
            return s.wholeMatch(of: compiled) != nil
        case (.range(_, _, true), .null): return true
        case let (.range(lo, hi, _), .number(n)): return n >= lo && n <= hi
        case let (.greaterThan(bound), .number(n)): return n > bound
        case let (.oneOfNumbers(values), .number(n)): return values.contains { Double($0) == n }
        case let (.maxEntries(limit), .object(entries)): return entries.count <= limit
        case let (.maxEntries(limit), .list(items)): return items.count <= limit
        case (.wholeNumber, .null): return true
        case let (.wholeNumber, .number(n)): return n == n.rounded() && abs(n) < 9.0e15
        default: return false
        }
    }
}
