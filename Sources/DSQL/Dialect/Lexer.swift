/// Splits PostgreSQL-dialect SQL text into tokens.
///
/// Handles identifiers, quoted identifiers, string literals (`'..'`, `E'..'` with backslash escapes,
/// `$$..$$` and `$tag$..$tag$`), numbers, `$n` parameters, multi-character operators (`::`, `||`,
/// `->>`, `<>`, `!=`, `>=`, `<=`, `#>>`) and `--` / nested `/* */` comments.
public struct Lexer: Sendable {
    private let chars: [Unicode.Scalar]
    private var pos = 0

    public init(_ source: String) {
        chars = Array(source.unicodeScalars)
    }

    /// Tokenises the whole input; the last token is `.eof`.
    public static func tokenize(_ source: String) throws(DSQLError) -> [Token] {
        var lexer = Lexer(source)
        var tokens: [Token] = []
        while true {
            let t = try lexer.next()
            tokens.append(t)
            if t.kind == .eof { return tokens }
        }
    }

    private func peek(_ ahead: Int = 0) -> Unicode.Scalar? {
        pos + ahead < chars.count ? chars[pos + ahead] : nil
    }

    private func text(_ from: Int, _ to: Int) -> String {
        var s = String.UnicodeScalarView()
        s.append(contentsOf: chars[from..<to])
        return String(s)
    }

    private static func isIdentStart(_ c: Unicode.Scalar) -> Bool {
        c == "_" || c.properties.isAlphabetic || c.value >= 128
    }

    private static func isIdentPart(_ c: Unicode.Scalar) -> Bool {
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
                let n = text(start + 1, pos)
                return Token(kind: .param, value: n, text: text(start, pos), offset: start)
            }
            if let v = try dollarQuoted() {
                return Token(kind: .string, value: v, text: text(start, pos), offset: start)
            }
        }
        if ("0"..."9").contains(c) || (c == "." && peek(1).map { ("0"..."9").contains($0) } == true) {
            return number(start)
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

    private mutating func number(_ start: Int) -> Token {
        while let d = peek(), ("0"..."9").contains(d) { pos += 1 }
        if peek() == ".", peek(1) != "." {
            pos += 1
            while let d = peek(), ("0"..."9").contains(d) { pos += 1 }
        }
        if let e = peek(), e == "e" || e == "E" {
            let save = pos
            pos += 1
            if peek() == "+" || peek() == "-" { pos += 1 }
            if let d = peek(), ("0"..."9").contains(d) {
                while let d = peek(), ("0"..."9").contains(d) { pos += 1 }
            } else { pos = save }
        }
        let t = text(start, pos)
        return Token(kind: .number, value: t, text: t, offset: start)
    }

    /// Reads `'...'` starting at the opening quote; `''` is a quote; with `escapes`, backslash escapes.
    private mutating func quoted(escapes: Bool) throws(DSQLError) -> String {
        pos += 1
        var v = String.UnicodeScalarView()
        while true {
            guard let d = peek() else { throw DSQLError.unterminatedString }
            pos += 1
            if d == "'" {
                if peek() == "'" { v.append("'"); pos += 1; continue }
                // Adjacent literals separated by a newline concatenate in SQL; rare, not supported.
                return String(v)
            }
            if escapes, d == "\\", let e = peek() {
                pos += 1
                switch e {
                case "n": v.append("\n")
                case "t": v.append("\t")
                case "r": v.append("\r")
                case "b": v.append("\u{08}")
                case "f": v.append("\u{0C}")
                default: v.append(e)
                }
                continue
            }
            v.append(d)
        }
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
