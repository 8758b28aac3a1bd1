/// A parser for the constant subset of HCL that `terraform.tfvars` files and `-var` values use.
///
/// Terraform accepts only literal values in a variable definitions file, so this parser covers
/// exactly that: `name = value` lines whose values are strings, numbers, bools, null, lists
/// (`[a, b,]`, newlines allowed) and objects (`{ key = value, "quoted" : value }`, commas or
/// newlines between items), with `#`, `//` and `/* */` comments. Anything else (interpolation,
/// references, function calls, blocks) is refused with a positioned error that says what was
/// expected. It is a pure function of its input text.
public struct HCLParser: Sendable {
    /// One `name = value` line of a variable definitions file.
    public struct Attribute: Sendable, Equatable {
        public let name: String
        public let value: HCLValue
        public let position: HCLPosition
    }

    let scalars: [Unicode.Scalar]
    let source: String
    var index = 0
    var line = 1
    var column = 1

    init(text: String, source: String) {
        var scalars = Array(text.unicodeScalars)
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }  // a UTF-8 byte order mark
        self.scalars = scalars
        self.source = source
    }

    /// Parses a whole variable definitions file into its attributes, in source order.
    /// A name assigned twice is an error, as in Terraform.
    public static func parseFile(_ text: String, source: String = "terraform.tfvars")
        throws(HCLParseError) -> [Attribute]
    {
        var parser = HCLParser(text: text, source: source)
        return try parser.parseBody()
    }

    /// Parses one standalone value, as Terraform does for a non-string `-var` value.
    public static func parseValue(_ text: String, source: String = "<value>")
        throws(HCLParseError) -> HCLValue
    {
        var parser = HCLParser(text: text, source: source)
        try parser.skipTrivia(newlines: true)
        let value = try parser.parseValue()
        try parser.skipTrivia(newlines: true)
        if let ch = parser.peek() {
            throw parser.error(.trailingContent,
                               "expected the end of the value, found \(describe(ch))")
        }
        return value
    }

    // MARK: Body

    mutating func parseBody() throws(HCLParseError) -> [Attribute] {
        var attributes: [Attribute] = []
        var seen: [String: HCLPosition] = [:]
        while true {
            try skipTrivia(newlines: true)
            guard let ch = peek() else { break }
            let start = position
            guard HCLParser.isIdentifierStart(ch) else {
                throw error(.unexpectedCharacter,
                            "expected a variable name (letters, digits, \"_\" and \"-\"), found \(HCLParser.describe(ch))")
            }
            let name = readIdentifier()
            try skipTrivia(newlines: false)
            if peek() == "{" || peek() == "\"" {
                throw error(.expressionNotAllowed,
                            "blocks are not allowed in a variable definitions file; expected \"=\" after \"\(name)\"")
            }
            guard peek() == "=" else {
                throw error(peek() == nil ? .unexpectedEndOfInput : .unexpectedCharacter,
                            "expected \"=\" after the variable name \"\(name)\", found \(describePeek())")
            }
            advance()
            try skipTrivia(newlines: false)
            let value = try parseValue()
            try skipTrivia(newlines: false)
            if let next = peek(), !HCLParser.isNewline(next) {
                throw error(.missingNewline,
                            "expected a newline after the value of \"\(name)\", found \(HCLParser.describe(next))")
            }
            if let first = seen[name] {
                throw HCLParseError(
                    kind: .duplicateKey,
                    message: "Attribute redefined: the argument \"\(name)\" was already set at \(source):\(first.line):\(first.column). Each argument may be set only once.",
                    source: source, line: start.line, column: start.column)
            }
            seen[name] = start
            attributes.append(Attribute(name: name, value: value, position: start))
        }
        return attributes
    }

    // MARK: Values

    mutating func parseValue() throws(HCLParseError) -> HCLValue {
        guard let ch = peek() else {
            throw error(.unexpectedEndOfInput,
                        "expected a value (string, number, bool, null, list or object), found the end of the input")
        }
        switch ch {
        case "\"": return .string(try parseString())
        case "[": return try parseList()
        case "{": return try parseObject()
        case "-", "0"..."9": return .number(try parseNumber())
        case "<" where peek(1) == "<":
            throw error(.expressionNotAllowed,
                        "heredoc strings are not supported; use a quoted string with \\n escapes")
        default:
            if HCLParser.isIdentifierStart(ch) {
                let start = position
                let word = readIdentifier()
                switch word {
                case "true": return .bool(true)
                case "false": return .bool(false)
                case "null": return .null
                default:
                    let what = peek() == "(" ? "function calls" : "variables and references"
                    throw HCLParseError(
                        kind: .expressionNotAllowed,
                        message: "expected a value, found the identifier \"\(word)\" (\(what) are not allowed in a variable definitions file)",
                        source: source, line: start.line, column: start.column)
                }
            }
            throw error(.unexpectedCharacter,
                        "expected a value (string, number, bool, null, list or object), found \(HCLParser.describe(ch))")
        }
    }

    mutating func parseList() throws(HCLParseError) -> HCLValue {
        advance()  // [
        var items: [HCLValue] = []
        while true {
            try skipTrivia(newlines: true)
            if peek() == "]" { advance(); return .list(items) }
            if peek() == nil {
                throw error(.unexpectedEndOfInput, "expected a list item or \"]\", found the end of the input")
            }
            items.append(try parseValue())
            try skipTrivia(newlines: true)
            switch peek() {
            case ",": advance()
            case "]": advance(); return .list(items)
            default:
                throw error(peek() == nil ? .unexpectedEndOfInput : .unexpectedCharacter,
                            "expected \",\" or \"]\" after a list item, found \(describePeek())")
            }
        }
    }

    mutating func parseObject() throws(HCLParseError) -> HCLValue {
        advance()  // {
        var entries: [(key: String, value: HCLValue)] = []
        var seen: [String: HCLPosition] = [:]
        while true {
            try skipTrivia(newlines: true)
            if peek() == "}" { advance(); return .object(entries) }
            let start = position
            let key: String
            switch peek() {
            case "\"": key = try parseString()
            case let ch? where HCLParser.isIdentifierStart(ch): key = readIdentifier()
            default:
                throw error(peek() == nil ? .unexpectedEndOfInput : .unexpectedCharacter,
                            "expected an object key (a name or a quoted string) or \"}\", found \(describePeek())")
            }
            try skipTrivia(newlines: false)
            guard peek() == "=" || peek() == ":" else {
                throw error(peek() == nil ? .unexpectedEndOfInput : .unexpectedCharacter,
                            "expected \"=\" or \":\" after the object key \"\(key)\", found \(describePeek())")
            }
            advance()
            try skipTrivia(newlines: false)
            let value = try parseValue()
            if let first = seen[key] {
                throw HCLParseError(
                    kind: .duplicateKey,
                    message: "duplicate object key \"\(key)\" (first set at \(first.line):\(first.column))",
                    source: source, line: start.line, column: start.column)
            }
            seen[key] = start
            entries.append((key: key, value: value))
            try skipTrivia(newlines: false)
            switch peek() {
            case ",": advance()
            case "}": advance(); return .object(entries)
            case let ch? where HCLParser.isNewline(ch): advance()
            default:
                throw error(peek() == nil ? .unexpectedEndOfInput : .unexpectedCharacter,
                            "expected \",\", a newline or \"}\" after an object item, found \(describePeek())")
            }
        }
    }
}
