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

    /// Reads `'...'` starting at the opening quote; `''` is a quote; with `escapes` (an `E'...'`
    /// string), PostgreSQL's backslash escapes: `\b \f \n \r \t`, octal `\o`..`\ooo`, hex `\xh`
    /// or `\xhh` (bytes that must form UTF-8, and never NUL), `\uXXXX` and `\UXXXXXXXX` (code
    /// points, surrogate pairs combined), any other character as itself.
    private mutating func quoted(escapes: Bool) throws(DSQLError) -> String {
        let start = pos
        pos += 1
        var v = String.UnicodeScalarView()
        var bytes: [UInt8] = []  // pending octal/hex escape bytes, decoded as UTF-8 together
        func flush() throws(DSQLError) {
            guard !bytes.isEmpty else { return }
            guard let decoded = Self.decodeUTF8(bytes, into: &v) else { throw Self.invalidEncoding(bytes) }
            _ = decoded
            bytes.removeAll()
        }
        while true {
            guard let d = peek() else { throw DSQLError.unterminatedString }
            pos += 1
            if d == "'" {
                if peek() == "'" { try flush(); v.append("'"); pos += 1; continue }
                try flush()
                return String(v)
            }
            if escapes, d == "\\", let e = peek() {
                pos += 1
                if let byte = try byteEscape(e) { bytes.append(byte); continue }
                try flush()
                switch e {
                case "n": v.append("\n")
                case "t": v.append("\t")
                case "r": v.append("\r")
                case "b": v.append("\u{08}")
                case "f": v.append("\u{0C}")
                case "u", "U": v.append(try unicodeEscape(long: e == "U", literalStart: start))
                default: v.append(e)
                }
                continue
            }
            try flush()
            v.append(d)
        }
    }

    /// An octal (`\1`..`\377`) or hex (`\x4`, `\x41`) escape's byte, after its first character `e`.
    private mutating func byteEscape(_ e: Unicode.Scalar) throws(DSQLError) -> UInt8? {
        if ("0"..."7").contains(e) {
            var value = Int(e.value - 48)
            for _ in 0..<2 {
                guard let o = peek(), ("0"..."7").contains(o) else { break }
                value = value * 8 + Int(o.value - 48)
                pos += 1
            }
            return UInt8(truncatingIfNeeded: value)
        }
        if e == "x", let h = peek(), let first = Self.hexValue(h) {
            pos += 1
            var value = first
            if let h2 = peek(), let second = Self.hexValue(h2) { value = value * 16 + second; pos += 1 }
            return UInt8(value)
        }
        return nil
    }

    /// `\uXXXX` / `\UXXXXXXXX` after the `u`/`U`: PostgreSQL's code point rules (no NUL, no lone
    /// surrogate, at most U+10FFFF), with a high surrogate followed by `\u` low surrogate combined.
    private mutating func unicodeEscape(long: Bool, literalStart: Int) throws(DSQLError) -> Unicode.Scalar {
        let escapeStart = pos - 2
        func digits(_ n: Int) throws(DSQLError) -> UInt32 {
            var value: UInt32 = 0
            for _ in 0..<n {
                guard let h = peek(), let d = Self.hexValue(h) else {
                    throw DSQLError.syntax("invalid Unicode escape at or near \"\(text(escapeStart, pos))\"")
                }
                value = value * 16 + UInt32(d)
                pos += 1
            }
            return value
        }
        var code = try digits(long ? 8 : 4)
        if (0xD800...0xDBFF).contains(code) {
            guard peek() == "\\", peek(1) == "u" || peek(1) == "U" else {
                throw DSQLError.syntax("invalid Unicode surrogate pair at or near \"\(text(escapeStart, pos))\"")
            }
            let isLong = peek(1) == "U"
            pos += 2
            let low = try digits(isLong ? 8 : 4)
            guard (0xDC00...0xDFFF).contains(low) else {
                throw DSQLError.syntax("invalid Unicode surrogate pair at or near \"\(text(escapeStart, pos))\"")
            }
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
        } else if (0xDC00...0xDFFF).contains(code) {
            throw DSQLError.syntax("invalid Unicode surrogate pair at or near \"\(text(escapeStart, pos))\"")
        }
        guard code != 0, let scalar = Unicode.Scalar(code) else {
            throw DSQLError.syntax("invalid Unicode escape value at or near \"\(text(escapeStart, pos))\"")
        }
        return scalar
    }

    private static func hexValue(_ c: Unicode.Scalar) -> Int? {
        switch c {
        case "0"..."9": Int(c.value - 48)
        case "a"..."f": Int(c.value - 87)
        case "A"..."F": Int(c.value - 55)
        default: nil
        }
    }

    /// Appends the UTF-8 `bytes` to `out`; nil when they are not valid UTF-8 or hold NUL.
    static func decodeUTF8(_ bytes: [UInt8], into out: inout String.UnicodeScalarView) -> Bool? {
        if bytes.contains(0) { return nil }
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let s): out.append(s)
            case .emptyInput: return true
            case .error: return nil
            }
        }
    }

    /// PostgreSQL's `22021` for escape bytes that are not UTF-8 (or are NUL): the offending bytes.
    static func invalidEncoding(_ bytes: [UInt8]) -> DSQLError {
        guard let bad = bytes.firstIndex(where: { $0 == 0 || $0 >= 0x80 }) else { return .nulInText }
        if bytes[bad] == 0 { return .nulInText }
        // Report the sequence that starts at the first byte that cannot begin or continue a valid one.
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            let length = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1
            var candidate = String.UnicodeScalarView()
            if b == 0 { return .nulInText }
            if b < 0x80 { i += 1; continue }
            let end = min(i + length, bytes.count)
            if length > 1, end - i == length, decodeUTF8(Array(bytes[i..<end]), into: &candidate) == true {
                i = end
                continue
            }
            let shown = bytes[i..<end].map { "0x" + String($0, radix: 16, uppercase: false).leftPadded(2) }
            return DSQLError(sqlstate: "22021",
                             message: "invalid byte sequence for encoding \"UTF8\": \(shown.joined(separator: " "))")
        }
        return .nulInText
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

extension String {
    /// The string with `0`s in front up to `width` characters.
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
