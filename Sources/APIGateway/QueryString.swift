/// Parsing of raw query strings and percent-decoding, as API Gateway fills query parameters.
///
/// Names and values are form-decoded: `+` becomes a space and `%XX` escapes are decoded (so a
/// literal plus must be sent as `%2B`), as REST APIs fill `queryStringParameters` (aws-cdk issue
/// 19827 shows `sort=-+createdAt` arriving as `"- createdAt"`). A parameter without `=` has the empty
/// value. Order of first appearance is kept.
public enum QueryString {
    /// `(name, value)` pairs in order, decoded.
    public static func parse(_ raw: String?) -> [(String, String)] {
        guard let raw, !raw.isEmpty else { return [] }
        var out: [(String, String)] = []
        for piece in raw.split(separator: "&", omittingEmptySubsequences: true) {
            if let eq = piece.firstIndex(of: "=") {
                out.append((formDecode(piece[..<eq]), formDecode(piece[piece.index(after: eq)...])))
            } else {
                out.append((formDecode(piece), ""))
            }
        }
        return out
    }

    /// `+` to space, then `%XX` escapes decoded.
    public static func formDecode<S: StringProtocol>(_ s: S) -> String {
        percentDecode(s.replacingPlusWithSpace())
    }

    /// Decodes `%XX` escapes; malformed escapes are left as they are; invalid UTF-8 is repaired.
    public static func percentDecode<S: StringProtocol>(_ s: S) -> String {
        let bytes = Array(s.utf8)
        guard bytes.contains(UInt8(ascii: "%")) else { return String(s) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "%"), i + 2 < bytes.count, let hi = hexValue(bytes[i + 1]), let lo = hexValue(bytes[i + 2]) {
                out.append(hi << 4 | lo)
                i += 3
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}

extension StringProtocol {
    fileprivate func replacingPlusWithSpace() -> String {
        String(String.UnicodeScalarView(unicodeScalars.map { $0 == "+" ? " " : $0 }))
    }
}
