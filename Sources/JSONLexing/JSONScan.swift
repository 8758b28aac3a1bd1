/// JSON's insignificant whitespace and its literal words (`true`, `false`, `null`), scanned on bytes.
///
/// It exists so that the three byte-level JSON readers (the gateway's response reader, the users
/// service's `json.loads`, DSQL's json input) agree on what whitespace is and match words the
/// same way, without allocating.
public enum JSONScan {
    /// Moves `i` past space, tab, line feed and carriage return (RFC 8259's whitespace).
    @inlinable
    public static func skipSpace<Bytes: RandomAccessCollection>(_ bytes: Bytes, at i: inout Int)
    where Bytes.Element == UInt8, Bytes.Index == Int {
        while i < bytes.endIndex {
            switch bytes[i] {
            case 0x20, 0x09, 0x0A, 0x0D: i += 1
            default: return
            }
        }
    }

    /// Consumes `word` when the input at `i` continues with it; true if it did.
    @inlinable
    public static func takeLiteral<Bytes: RandomAccessCollection>(_ word: StaticString, in bytes: Bytes, at i: inout Int) -> Bool
    where Bytes.Element == UInt8, Bytes.Index == Int {
        let count = word.utf8CodeUnitCount
        guard i + count <= bytes.endIndex else { return false }
        let start = i
        let matches = word.withUTF8Buffer { w in
            for k in 0..<count where bytes[start + k] != w[k] { return false }
            return true
        }
        if matches { i += count }
        return matches
    }
}
