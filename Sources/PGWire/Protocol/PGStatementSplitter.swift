/// Splits a simple-query string into its statements at top-level semicolons.
///
/// It exists because one Query message may carry several statements (`psql -c "A; B"`), while a
/// backend runs one statement at a time. Quotes (`'...'`, `E'...'`, `"..."`), dollar quotes
/// (`$tag$...$tag$`) and comments (`--`, nested `/* */`) are skipped, never split.
public enum PGStatementSplitter {
    public static func split(_ sql: String) -> [String] {
        let u = Array(sql.utf8)
        var out: [String] = []
        var begin = 0
        var i = 0
        func flush(_ end: Int) {
            let piece = String(decoding: u[begin..<end], as: UTF8.self)
            if !isBlank(piece) { out.append(piece.trimmingWhitespace()) }
        }
        while i < u.count {
            let c = u[i]
            switch c {
            case UInt8(ascii: ";"):
                flush(i)
                begin = i + 1
                i += 1
            case UInt8(ascii: "'"):
                let escapes = i > 0 && (u[i - 1] == UInt8(ascii: "E") || u[i - 1] == UInt8(ascii: "e"))
                    && (i < 2 || !isIdentifier(u[i - 2]))
                i = skipQuoted(u, from: i, quote: c, backslash: escapes)
            case UInt8(ascii: "\""):
                i = skipQuoted(u, from: i, quote: c, backslash: false)
            case UInt8(ascii: "-") where i + 1 < u.count && u[i + 1] == UInt8(ascii: "-"):
                while i < u.count && u[i] != UInt8(ascii: "\n") { i += 1 }
            case UInt8(ascii: "/") where i + 1 < u.count && u[i + 1] == UInt8(ascii: "*"):
                var depth = 1
                i += 2
                while i < u.count && depth > 0 {
                    if u[i] == UInt8(ascii: "*") && i + 1 < u.count && u[i + 1] == UInt8(ascii: "/") { depth -= 1; i += 2 }
                    else if u[i] == UInt8(ascii: "/") && i + 1 < u.count && u[i + 1] == UInt8(ascii: "*") { depth += 1; i += 2 }
                    else { i += 1 }
                }
            case UInt8(ascii: "$") where i == 0 || !isIdentifier(u[i - 1]):
                i = skipDollar(u, from: i)
            default:
                i += 1
            }
        }
        flush(u.count)
        return out
    }

    static func isIdentifier(_ c: UInt8) -> Bool {
        (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 95 || c >= 128
    }

    static func skipQuoted(_ u: [UInt8], from start: Int, quote: UInt8, backslash: Bool) -> Int {
        var i = start + 1
        while i < u.count {
            if backslash && u[i] == 92 { i += 2; continue }
            if u[i] == quote {
                if i + 1 < u.count && u[i + 1] == quote { i += 2; continue }
                return i + 1
            }
            i += 1
        }
        return u.count
    }

    /// `$tag$ ... $tag$`; a `$` that does not open a dollar quote (`$1`) is ordinary.
    static func skipDollar(_ u: [UInt8], from start: Int) -> Int {
        var j = start + 1
        while j < u.count && u[j] != UInt8(ascii: "$") {
            guard isIdentifier(u[j]), !(j == start + 1 && u[j] >= 48 && u[j] <= 57) else { return start + 1 }
            j += 1
        }
        guard j < u.count else { return start + 1 }
        let tag = u[start...j]
        var i = j + 1
        while i + tag.count <= u.count {
            if u[i] == UInt8(ascii: "$") && u[i..<(i + tag.count)].elementsEqual(tag) { return i + tag.count }
            i += 1
        }
        return u.count
    }

    static func isBlank(_ s: String) -> Bool {
        // A piece holding only whitespace and comments is no statement.
        let u = Array(s.utf8)
        var i = 0
        while i < u.count {
            let c = u[i]
            if c == 32 || (c >= 9 && c <= 13) {
                i += 1
            } else if c == UInt8(ascii: "-") && i + 1 < u.count && u[i + 1] == UInt8(ascii: "-") {
                while i < u.count && u[i] != 10 { i += 1 }
            } else if c == UInt8(ascii: "/") && i + 1 < u.count && u[i + 1] == UInt8(ascii: "*") {
                i += 2
                while i + 1 < u.count && !(u[i] == UInt8(ascii: "*") && u[i + 1] == UInt8(ascii: "/")) { i += 1 }
                i += 2
            } else {
                return false
            }
        }
        return true
    }
}

extension String {
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}
