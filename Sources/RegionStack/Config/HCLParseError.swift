/// A syntax error in a tfvars file or a `-var` value, with its position.
///
/// Errors say what the parser expected and where (1-based line and column, counted in
/// characters), so a user can jump straight to the mistake: `terraform.tfvars:4:19: expected a
/// value (string, number, bool, null, list or object), found "}"`.
public struct HCLParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of mistake this is, for matching in code and tests.
    public enum Kind: Sendable, Equatable {
        case unexpectedCharacter
        case unexpectedEndOfInput
        case unterminatedString
        case unterminatedComment
        case invalidEscape
        case interpolationNotAllowed
        case invalidNumber
        case expressionNotAllowed
        case duplicateKey
        case missingNewline
        case trailingContent
    }

    public let kind: Kind
    public let message: String
    /// The file name (or `-var` label) the text came from.
    public let source: String
    public let line: Int
    public let column: Int

    public init(kind: Kind, message: String, source: String, line: Int, column: Int) {
        self.kind = kind
        self.message = message
        self.source = source
        self.line = line
        self.column = column
    }

    public var description: String { "\(source):\(line):\(column): \(message)" }
}

/// A position in a source text (1-based line and column).
public struct HCLPosition: Sendable, Equatable, CustomStringConvertible {
    public let line: Int
    public let column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public var description: String { "\(line):\(column)" }
}
