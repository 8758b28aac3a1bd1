/// JSON's backslash escapes (RFC 8259 section 7), decoded from bytes.
///
/// It exists because three readers share them, each with its own policy on top: the function
/// response reader at the gateway (a strict subset), the seed's `json.loads` (Python's errors and
/// offsets, lone surrogates as U+FFFD) and DSQL's json/jsonb input. What an escape means, how a
/// surrogate pair combines and what counts as four hex digits is decided here, once.
public enum JSONEscape {
    /// What one escape decodes to.
    public enum Decoded: Equatable, Sendable {
        /// A character: one of `\" \\ \/ \b \f \n \r \t`, or `\uXXXX` (a surrogate pair combined).
        case scalar(Unicode.Scalar)
        /// A `\uD800`-`\uDFFF` that no low surrogate completes (nothing after it is consumed).
        case loneSurrogate(UInt32)
        /// The backslash is followed by a character that starts no escape.
        case invalidEscape
        /// `\u` without four hex digits after it; the index is left at the first of them.
        case invalidHex
    }

    /// Decodes the escape whose letter is at `i` (the byte after the backslash, which the caller
    /// checked exists) and moves `i` past it: past both halves of a surrogate pair, past `\u`
    /// and the digits of a lone surrogate, and to the digits for `invalidHex`.
    @inlinable
    public static func decode<Bytes: RandomAccessCollection>(_ bytes: Bytes, at i: inout Int) -> Decoded
    where Bytes.Element == UInt8, Bytes.Index == Int {
        let letter = bytes[i]
        i += 1
        switch letter {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): return .scalar(Unicode.Scalar(letter))
        case UInt8(ascii: "b"): return .scalar("\u{08}")
        case UInt8(ascii: "f"): return .scalar("\u{0C}")
        case UInt8(ascii: "n"): return .scalar("\n")
        case UInt8(ascii: "r"): return .scalar("\r")
        case UInt8(ascii: "t"): return .scalar("\t")
        case UInt8(ascii: "u"):
            guard let unit = hex4(bytes, at: i) else { return .invalidHex }
            i += 4
            if (0xD800..<0xDC00).contains(unit), i + 6 <= bytes.endIndex, bytes[i] == UInt8(ascii: "\\"),
                bytes[i + 1] == UInt8(ascii: "u"), let low = hex4(bytes, at: i + 2), (0xDC00..<0xE000).contains(low)
            {
                i += 6
                return .scalar(Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))!)
            }
            guard let scalar = Unicode.Scalar(unit) else { return .loneSurrogate(unit) }
            return .scalar(scalar)
        default:
            return .invalidEscape
        }
    }

    /// The value of the four hex digits at `i` (either case), or nil.
    @inlinable
    public static func hex4<Bytes: RandomAccessCollection>(_ bytes: Bytes, at i: Int) -> UInt32?
    where Bytes.Element == UInt8, Bytes.Index == Int {
        guard i >= bytes.startIndex, i + 4 <= bytes.endIndex else { return nil }
        var value: UInt32 = 0
        for k in i..<(i + 4) {
            let b = bytes[k]
            let digit: UInt8
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = b - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = b - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = b - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }
}
