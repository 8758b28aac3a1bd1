import DSQLClient

/// String literals: `'...'` and `E'...'` with PostgreSQL's backslash escapes, checked as UTF-8
/// without NUL (PostgreSQL's `22021`), and its Unicode escape errors (`42601`).
extension Lexer {
    /// Reads `'...'` starting at the opening quote; `''` is a quote; with `escapes` (an `E'...'`
    /// string), PostgreSQL's backslash escapes: `\b \f \n \r \t`, octal `\o`..`\ooo`, hex `\xh`
    /// or `\xhh` (bytes that must form UTF-8, and never NUL), `\uXXXX` and `\UXXXXXXXX` (code
    /// points, surrogate pairs combined), any other character as itself.
    mutating func quoted(escapes: Bool) throws(DSQLError) -> String {
        let start = pos
        pos += 1
        var v = String.UnicodeScalarView()
        var bytes: [UInt8] = []  // pending octal/hex escape bytes, decoded as UTF-8 together
        func flush() throws(DSQLError) {
            guard !bytes.isEmpty else { return }
            guard Self.decodeUTF8(bytes, into: &v) else { throw Self.invalidEncoding(bytes) }
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

    static func hexValue(_ c: Unicode.Scalar) -> Int? {
        switch c {
        case "0"..."9": Int(c.value - 48)
        case "a"..."f": Int(c.value - 87)
        case "A"..."F": Int(c.value - 55)
        default: nil
        }
    }

    /// Appends the UTF-8 `bytes` to `out`; false when they are not valid UTF-8 or hold NUL.
    static func decodeUTF8(_ bytes: [UInt8], into out: inout String.UnicodeScalarView) -> Bool {
        if bytes.contains(0) { return false }
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let s): out.append(s)
            case .emptyInput: return true
            case .error: return false
            }
        }
    }

    /// PostgreSQL's `22021` for escape bytes that are not UTF-8 (or hold NUL), naming the bytes of
    /// the first sequence that does not decode.
    static func invalidEncoding(_ bytes: [UInt8]) -> DSQLError {
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == 0 { return .nulInText }
            let length = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1
            let end = min(i + length, bytes.count)
            var scratch = String.UnicodeScalarView()
            if b < 0x80 || (length > 1 && end - i == length && decodeUTF8(Array(bytes[i..<end]), into: &scratch)) {
                i = end
                continue
            }
            let shown = bytes[i..<end].map { "0x" + String($0, radix: 16).leftPadded(2) }
            return DSQLError(sqlstate: "22021",
                             message: "invalid byte sequence for encoding \"UTF8\": \(shown.joined(separator: " "))")
        }
        return .nulInText
    }
}

extension String {
    /// The string with `0`s in front up to `width` characters.
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
