/// Case-insensitive comparisons of header names without building lower-cased copies.
///
/// Header names are almost always ASCII, where `lowercased()` only maps `A`-`Z`; comparing bytes
/// with that folding gives exactly what comparing `lowercased()` copies gives, without allocating
/// them (names over 15 bytes, like `Access-Control-Allow-Headers`, cost a heap string each time).
/// Anything non-ASCII falls back to the `lowercased()` comparison itself.
enum CaseInsensitive {
    /// `a.lowercased() == b.lowercased()`.
    static func equals(_ a: String, _ b: String) -> Bool {
        let answer: Bool? = a.utf8.withContiguousStorageIfAvailable { x in
            b.utf8.withContiguousStorageIfAvailable { y -> Bool? in
                guard x.count == y.count else { return isASCII(x) && isASCII(y) ? false : nil }
                for i in 0..<x.count {
                    let p = x[i]
                    let q = y[i]
                    if p >= 0x80 || q >= 0x80 { return nil }
                    if p != q && fold(p) != fold(q) { return false }
                }
                return true
            } ?? nil
        } ?? nil
        return answer ?? (a.lowercased() == b.lowercased())
    }

    /// `a.lowercased() < b.lowercased()`.
    static func less(_ a: String, _ b: String) -> Bool {
        let answer: Bool? = a.utf8.withContiguousStorageIfAvailable { x in
            b.utf8.withContiguousStorageIfAvailable { y -> Bool? in
                guard isASCII(x), isASCII(y) else { return nil }
                for i in 0..<min(x.count, y.count) {
                    let p = fold(x[i])
                    let q = fold(y[i])
                    if p != q { return p < q }
                }
                return x.count < y.count
            } ?? nil
        } ?? nil
        return answer ?? (a.lowercased() < b.lowercased())
    }

    private static func fold(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b | 0x20 : b }

    private static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        for b in bytes where b >= 0x80 { return false }
        return true
    }
}
