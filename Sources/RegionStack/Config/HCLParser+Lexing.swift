/// Character-level helpers of `HCLParser`: position tracking, trivia, identifiers, strings and
/// numbers.
extension HCLParser {
    var position: HCLPosition { HCLPosition(line: line, column: column) }

    func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        let i = index + offset
        return i < scalars.count ? scalars[i] : nil
    }

    mutating func advance() {
        guard index < scalars.count else { return }
        if scalars[index] == "\n" {
            line += 1
            column = 1
        } else {
            column += 1
        }
        index += 1
    }

    func error(_ kind: HCLParseError.Kind, _ message: String) -> HCLParseError {
        HCLParseError(kind: kind, message: message, source: source, line: line, column: column)
    }

    func describePeek() -> String {
        peek().map(HCLParser.describe) ?? "the end of the input"
    }

    static func describe(_ ch: Unicode.Scalar) -> String {
        switch ch {
        case "\n": return "a newline"
        case "\"": return "'\"'"
        default:
            if ch.value < 0x20 { return "the control character U+\(hex4(ch.value).uppercased())" }
            return "\"\(Character(ch))\""
        }
    }

    static func isNewline(_ ch: Unicode.Scalar) -> Bool { ch == "\n" }

    static func isIdentifierStart(_ ch: Unicode.Scalar) -> Bool {
        ch == "_" || ch.properties.isAlphabetic
    }

    static func isIdentifierContinue(_ ch: Unicode.Scalar) -> Bool {
        isIdentifierStart(ch) || ch == "-" || ("0"..."9").contains(ch)
    }

    /// Skips spaces, tabs, carriage returns and comments; newlines too when `newlines` is true.
    /// A `#` or `//` comment stops before its newline, which still separates items.
    mutating func skipTrivia(newlines: Bool) throws(HCLParseError) {
        while let ch = peek() {
            switch ch {
            case " ", "\t", "\r":
                advance()
            case "\n" where newlines:
                advance()
            case "#":
                while let c = peek(), c != "\n" { advance() }
            case "/" where peek(1) == "/":
                while let c = peek(), c != "\n" { advance() }
            case "/" where peek(1) == "*":
                let start = position
                advance(); advance()
                while true {
                    guard let c = peek() else {
                        throw HCLParseError(kind: .unterminatedComment,
                                            message: "unterminated comment: expected \"*/\" to close the \"/*\" opened here",
                                            source: source, line: start.line, column: start.column)
                    }
                    if c == "*" && peek(1) == "/" { advance(); advance(); break }
                    advance()
                }
            default:
                return
            }
        }
    }

    mutating func readIdentifier() -> String {
        var out = String.UnicodeScalarView()
        while let ch = peek(), HCLParser.isIdentifierContinue(ch) {
            out.append(ch)
            advance()
        }
        return String(out)
    }

    /// Reads a double-quoted string literal, decoding escapes; `${` and `%{` are refused.
    mutating func parseString() throws(HCLParseError) -> String {
        let start = position
        advance()  // opening quote
        var out = String.UnicodeScalarView()
        while true {
            guard let ch = peek(), ch != "\n" else {
                throw HCLParseError(kind: .unterminatedString,
                                    message: "unterminated string: expected a closing '\"' on the same line as the opening one",
                                    source: source, line: start.line, column: start.column)
            }
            switch ch {
            case "\"":
                advance()
                return String(out)
            case "\\":
                out.append(try readEscape())
            case "$" where peek(1) == "$" && peek(2) == "{", "%" where peek(1) == "%" && peek(2) == "{":
                out.append(ch); out.append("{")
                advance(); advance(); advance()
            case "$" where peek(1) == "{":
                throw error(.interpolationNotAllowed,
                            "template interpolation \"${...}\" is not allowed in a variable definitions file (values must be constants; write \"$${\" for a literal \"${\")")
            case "%" where peek(1) == "{":
                throw error(.interpolationNotAllowed,
                            "template directive \"%{...}\" is not allowed in a variable definitions file (write \"%%{\" for a literal \"%{\")")
            default:
                out.append(ch)
                advance()
            }
        }
    }

    private mutating func readEscape() throws(HCLParseError) -> Unicode.Scalar {
        let start = position
        advance()  // backslash
        guard let ch = peek() else {
            throw error(.unterminatedString, "unterminated string: expected an escape character after \"\\\"")
        }
        advance()
        switch ch {
        case "n": return "\n"
        case "r": return "\r"
        case "t": return "\t"
        case "\"": return "\""
        case "\\": return "\\"
        case "u", "U":
            let count = ch == "u" ? 4 : 8
            var value: UInt32 = 0
            for _ in 0..<count {
                guard let d = peek(), d.isASCII, let digit = UInt32(String(Character(d)), radix: 16) else {
                    throw HCLParseError(kind: .invalidEscape,
                                        message: "invalid escape sequence: expected \(count) hex digits after \"\\\(Character(ch))\"",
                                        source: source, line: start.line, column: start.column)
                }
                value = value * 16 + digit
                advance()
            }
            guard let scalar = Unicode.Scalar(value) else {
                throw HCLParseError(kind: .invalidEscape,
                                    message: "invalid escape sequence: U+\(String(value, radix: 16, uppercase: true)) is not a Unicode scalar value",
                                    source: source, line: start.line, column: start.column)
            }
            return scalar
        default:
            throw HCLParseError(kind: .invalidEscape,
                                message: "invalid escape sequence \"\\\(Character(ch))\": expected one of \\n \\r \\t \\\" \\\\ \\uNNNN \\UNNNNNNNN",
                                source: source, line: start.line, column: start.column)
        }
    }

    /// Reads `-?digits(.digits)?([eE][+-]?digits)?`; a letter glued to the end is an error.
    mutating func parseNumber() throws(HCLParseError) -> Double {
        let start = position
        var text = ""
        func isDigit(_ c: Unicode.Scalar?) -> Bool { c.map { ("0"..."9").contains($0) } ?? false }
        if peek() == "-" {
            text.append("-")
            advance()
            guard isDigit(peek()) else {
                throw error(.invalidNumber, "expected a digit after \"-\", found \(describePeek())")
            }
        }
        while isDigit(peek()) { text.unicodeScalars.append(peek()!); advance() }
        if peek() == "." {
            text.append(".")
            advance()
            guard isDigit(peek()) else {
                throw error(.invalidNumber, "expected a digit after the decimal point, found \(describePeek())")
            }
            while isDigit(peek()) { text.unicodeScalars.append(peek()!); advance() }
        }
        if peek() == "e" || peek() == "E" {
            text.append("e")
            advance()
            if peek() == "+" || peek() == "-" { text.unicodeScalars.append(peek()!); advance() }
            guard isDigit(peek()) else {
                throw error(.invalidNumber, "expected a digit in the exponent, found \(describePeek())")
            }
            while isDigit(peek()) { text.unicodeScalars.append(peek()!); advance() }
        }
        if let ch = peek(), HCLParser.isIdentifierContinue(ch) || ch == "." {
            throw error(.invalidNumber, "expected the end of the number \(text), found \(HCLParser.describe(ch))")
        }
        guard let value = Double(text), value.isFinite else {
            throw HCLParseError(kind: .invalidNumber, message: "invalid number \(text)",
                                source: source, line: start.line, column: start.column)
        }
        return value
    }
}
