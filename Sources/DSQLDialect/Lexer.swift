import DSQLClient

/// Splits PostgreSQL-dialect SQL text into tokens.
///
/// Handles identifiers, quoted identifiers, string literals (`'..'`, `E'..'` with backslash escapes,
/// `$$..$$` and `$tag$..$tag$`), numbers, `$n` parameters, multi-character operators (`::`, `||`,
/// `->>`, `<>`, `!=`, `>=`, `<=`, `#>>`) and `--` / nested `/* */` comments.
public struct Lexer: Sendable {
    let chars: [Unicode.Scalar]
    var pos = 0

    public init(_ source: String) {
        chars = Array(source.unicodeScalars)
    }

    /// Tokenises the whole input; the last token is `.eof`.
    public static func tokenize(_ source: String) throws(DSQLError) -> [Token] {
        // No PostgreSQL text holds NUL; a query string cannot carry one either.
        if DSQLError.containsNUL(source) { throw .nulInText }
        var lexer = Lexer(source)
        var tokens: [Token] = []
        while true {
            let t = try lexer.next()
            tokens.append(t)
            if t.kind == .eof { return tokens }
        }
    }

    func peek(_ ahead: Int = 0) -> Unicode.Scalar? {
        pos + ahead < chars.count ? chars[pos + ahead] : nil
    }

    func text(_ from: Int, _ to: Int) -> String {
        var s = String.UnicodeScalarView()
        s.append(contentsOf: chars[from..<to])
        return String(s)
    }

    static func isIdentStart(_ c: Unicode.Scalar) -> Bool {
        c == "_" || c.properties.isAlphabetic || c.value >= 128
    }

    static func isIdentPart(_ c: Unicode.Scalar) -> Bool {
        isIdentStart(c) || ("0"..."9").contains(c) || c == "$"
    }

    private mutating func skipTrivia() throws(DSQLError) {
        while let c = peek() {
            if c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\u{0C}" {
                pos += 1
            } else if c == "-", peek(1) == "-" {
                while let d = peek(), d != "\n" { pos += 1 }
            } else if c == "/", peek(1) == "*" {
                var depth = 0
                repeat {
                    if peek() == "/", peek(1) == "*" { depth += 1; pos += 2 }
                    else if peek() == "*", peek(1) == "/" { depth -= 1; pos += 2 }
                    else if peek() == nil { throw DSQLError.unterminatedComment }
                    else { pos += 1 }
                } while depth > 0
            } else {
                return
            }
        }
    }

    /// Returns the next token.
    public mutating func next() throws(DSQLError) -> Token {
        try skipTrivia()
        let start = pos
        guard let c = peek() else { return Token(kind: .eof, value: "", text: "", offset: pos) }
        // E'...' escape string.
        if (c == "e" || c == "E"), peek(1) == "'" {
            pos += 1
            let v = try quoted(escapes: true)
            return Token(kind: .string, value: v, text: text(start, pos), offset: start)
        }
        if Self.isIdentStart(c) {
            while let d = peek(), Self.isIdentPart(d) { pos += 1 }
            let raw = text(start, pos)
            return Token(kind: .word, value: raw.lowercased(), text: raw, offset: start)
        }
        if c == "\"" {
            pos += 1
            var v = String.UnicodeScalarView()
            while true {
                guard let d = peek() else { throw DSQLError.unterminatedQuotedIdentifier }
                pos += 1
                if d == "\"" {
                    if peek() == "\"" { v.append("\""); pos += 1 } else { break }
                } else { v.append(d) }
            }
            if v.isEmpty { throw DSQLError.zeroLengthIdentifier }
            return Token(kind: .quotedIdent, value: String(v), text: text(start, pos), offset: start)
        }
        if c == "'" {
            let v = try quoted(escapes: false)
            return Token(kind: .string, value: v, text: text(start, pos), offset: start)
        }
        if c == "$" {
            if let d = peek(1), ("0"..."9").contains(d) {
                pos += 1
                while let e = peek(), ("0"..."9").contains(e) { pos += 1 }
                if let e = peek(), Self.isIdentStart(e) {
                    while let f = peek(), Self.isIdentPart(f) { pos += 1 }
                    throw DSQLError.syntax("trailing junk after parameter at or near \"\(text(start, pos))\"")
                }
                let n = text(start + 1, pos)
                return Token(kind: .param, value: n, text: text(start, pos), offset: start)
            }
            if let v = try dollarQuoted() {
                return Token(kind: .string, value: v, text: text(start, pos), offset: start)
            }
        }
        if ("0"..."9").contains(c) || (c == "." && peek(1).map { ("0"..."9").contains($0) } == true) {
            return try number(start)
        }
        for op in ["->>", "#>>", "::", "||", "<>", "!=", ">=", "<=", "->", "#>", "@>", "<@"] {
            let scalars = Array(op.unicodeScalars)
            if (0..<scalars.count).allSatisfy({ peek($0) == scalars[$0] }) {
                pos += scalars.count
                return Token(kind: .op, value: op == "!=" ? "<>" : op, text: op, offset: start)
            }
        }
        pos += 1
        let s = String(c)
        return Token(kind: .op, value: s, text: s, offset: start)
    }

    /// A numeric literal with PostgreSQL 16's rules: `0x`/`0o`/`0b` integers, `_` between digits,
    /// and `42601 trailing junk after numeric literal` when an identifier follows (`123abc`).
    /// The token's value has the underscores removed (and is decimal for the prefixed forms).
    private mutating func number(_ start: Int) throws(DSQLError) -> Token {
        if chars[pos] == "0", let p = peek(1), let radix = ["x": 16, "X": 16, "o": 8, "O": 8, "b": 2, "B": 2][Character(p)] {
            pos += 2
            var value: UInt64 = 0
            var overflow = false
            var digits = 0
            while let d = peek() {
                if d == "_", digits > 0, let n = peek(1), Self.digitValue(n, radix) != nil { pos += 1; continue }
                guard let v = Self.digitValue(d, radix) else { break }
                let (m, o1) = value.multipliedReportingOverflow(by: UInt64(radix))
                let (a, o2) = m.addingReportingOverflow(UInt64(v))
                overflow = overflow || o1 || o2
                value = a
                digits += 1
                pos += 1
            }
            try refuseJunk(start, hasDigits: digits > 0)
            guard !overflow, value <= UInt64(Int64.max) else { throw DSQLError.outOfRange("bigint") }
            return Token(kind: .number, value: String(value), text: text(start, pos), offset: start)
        }
        var value = String.UnicodeScalarView()
        func digits() {
            while let d = peek() {
                if ("0"..."9").contains(d) { value.append(d); pos += 1 }
                else if d == "_", let n = peek(1), ("0"..."9").contains(n), pos > start, ("0"..."9").contains(chars[pos - 1]) { pos += 1 }
                else { break }
            }
        }
        digits()
        if peek() == ".", peek(1) != "." {
            value.append(".")
            pos += 1
            digits()
        }
        if let e = peek(), e == "e" || e == "E" {
            let save = pos, saveValue = value
            value.append(e)
            pos += 1
            if let sign = peek(), sign == "+" || sign == "-" { value.append(sign); pos += 1 }
            if let d = peek(), ("0"..."9").contains(d) {
                digits()
            } else { pos = save; value = saveValue }
        }
        try refuseJunk(start, hasDigits: true)
        return Token(kind: .number, value: String(value), text: text(start, pos), offset: start)
    }

    /// PostgreSQL 16 refuses an identifier glued to a number (and a prefix without digits).
    private mutating func refuseJunk(_ start: Int, hasDigits: Bool) throws(DSQLError) {
        guard !hasDigits || peek().map(Self.isIdentStart) == true else { return }
        while let d = peek(), Self.isIdentPart(d) { pos += 1 }
        throw DSQLError.syntax("trailing junk after numeric literal at or near \"\(text(start, pos))\"")
    }

    private static func digitValue(_ c: Unicode.Scalar, _ radix: Int) -> Int? {
        guard let v = hexValue(c), v < radix else { return nil }
        return v
    }

    /// Reads `$tag$...$tag$` if the input at `pos` opens one; otherwise returns nil and moves nothing.
    private mutating func dollarQuoted() throws(DSQLError) -> String? {
        var end = pos + 1
        while end < chars.count, chars[end] != "$" {
            if !Self.isIdentPart(chars[end]) || chars[end] == "$" { return nil }
            end += 1
        }
        guard end < chars.count else { return nil }
        let tag = Array(chars[pos...end])
        pos = end + 1
        let bodyStart = pos
        while pos < chars.count {
            if chars[pos] == "$", pos + tag.count <= chars.count, Array(chars[pos..<pos + tag.count]) == tag {
                let body = text(bodyStart, pos)
                pos += tag.count
                return body
            }
            pos += 1
        }
        throw DSQLError.unterminatedDollarQuote
    }
}
