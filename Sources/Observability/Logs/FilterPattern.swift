/// A CloudWatch Logs filter pattern for unstructured events, as `FilterLogEvents` and
/// `aws logs tail --filter-pattern` take it.
///
/// Supported, as CloudWatch documents them: terms separated by spaces, all of which must occur
/// (`ERROR Exception`); double-quoted terms for text with spaces or punctuation
/// (`"REPORT RequestId"`); `?term`, of which at least one must occur (`?ERROR ?WARN`); and `-term`,
/// which must not occur (`ERROR -Exiting`). Matching is case-sensitive. JSON (`{ $.x = ... }`),
/// space-delimited (`[ip, ...]`) and regular-expression (`%...%`) patterns are refused with
/// `InvalidParameterException` saying this emulator does not implement them.
public struct FilterPattern: Sendable, Hashable {
    /// Terms that must all occur.
    public var required: [String] = []
    /// Terms of which one must occur (when any).
    public var anyOf: [String] = []
    /// Terms that must not occur.
    public var excluded: [String] = []

    /// The pattern matching every event.
    public static let all = FilterPattern()

    /// A pattern of one literal term.
    public init(term: String) { required = [term] }

    /// The empty pattern (matches everything).
    public init() {}

    /// Parses a pattern; throws `InvalidParameterException` for malformed or unsupported ones.
    public static func parse(_ text: String) throws(LogsError) -> FilterPattern {
        var pattern = FilterPattern()
        let chars = Array(text)
        var i = 0
        func unsupported(_ kind: String) -> LogsError {
            .invalidParameter("Invalid filter pattern: \(kind) filter patterns are not implemented by this emulator (RegionStack)")
        }
        if let first = chars.first(where: { !$0.isWhitespace }) {
            if first == "{" { throw unsupported("JSON") }
            if first == "[" { throw unsupported("space-delimited") }
            if first == "%" { throw unsupported("regular expression") }
        }
        while i < chars.count {
            while i < chars.count, chars[i].isWhitespace { i += 1 }
            guard i < chars.count else { break }
            var kind: Character = " "
            if chars[i] == "?" || chars[i] == "-" {
                kind = chars[i]
                i += 1
            }
            var term = ""
            if i < chars.count, chars[i] == "\"" {
                i += 1
                var closed = false
                while i < chars.count {
                    if chars[i] == "\\", i + 1 < chars.count {
                        term.append(chars[i + 1])
                        i += 2
                        continue
                    }
                    if chars[i] == "\"" {
                        closed = true
                        i += 1
                        break
                    }
                    term.append(chars[i])
                    i += 1
                }
                guard closed else { throw .invalidParameter("Invalid filter pattern: unterminated quoted term") }
            } else {
                while i < chars.count, !chars[i].isWhitespace {
                    term.append(chars[i])
                    i += 1
                }
            }
            guard !term.isEmpty else {
                if kind == " " { continue }
                throw .invalidParameter("Invalid filter pattern: '\(kind)' must be followed by a term")
            }
            switch kind {
            case "?": pattern.anyOf.append(term)
            case "-": pattern.excluded.append(term)
            default: pattern.required.append(term)
            }
        }
        return pattern
    }

    /// True when `message` matches.
    public func matches(_ message: String) -> Bool {
        for term in required where !message.contains(term) { return false }
        if !anyOf.isEmpty, !anyOf.contains(where: { message.contains($0) }) { return false }
        for term in excluded where message.contains(term) { return false }
        return true
    }

    /// True for the pattern that matches everything.
    public var isEmpty: Bool { required.isEmpty && anyOf.isEmpty && excluded.isEmpty }
}
