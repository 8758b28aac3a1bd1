/// X-Ray trace header values: `Root=1-<8 hex epoch s>-<24 hex>;Parent=<16 hex>;Sampled=0|1`.
///
/// Lambda passes an incoming `X-Amzn-Trace-Id` through unchanged and otherwise makes one; the
/// value reaches the handler as `context.traceID` and `_X_AMZN_TRACE_ID`.
public enum TraceID {
    /// A new trace header for a request starting at `epochSeconds`.
    ///
    /// `Root=1-<8 hex seconds>-<24 hex>;Parent=<16 hex>;Sampled=<0|1>`, written into one string
    /// (the random digits are drawn as `ids.hex(24)` then `ids.hex(16)` would draw them).
    public static func generate(epochSeconds: Int64, sampled: Bool, ids: IdentifierSource) -> String {
        let seconds = UInt32(truncatingIfNeeded: epochSeconds)
        return String(unsafeUninitializedCapacity: length) { out in
            var o = 0
            func put(_ text: StaticString) {
                text.withUTF8Buffer { bytes in
                    for byte in bytes {
                        out[o] = byte
                        o += 1
                    }
                }
            }
            put("Root=1-")
            for i in 0..<8 { out[o + i] = hexDigits[Int((seconds >> UInt32(28 - 4 * i)) & 0xF)] }
            o += 8
            put("-")
            let root = o..<(o + 24)
            o += 24
            put(";Parent=")
            let parent = o..<(o + 16)
            o += 16
            put(sampled ? ";Sampled=1" : ";Sampled=0")
            ids.writeHex(into: out, root, parent)
            return o
        }
    }

    /// The generated header's length in bytes.
    static let length = 7 + 8 + 1 + 24 + 8 + 16 + 10

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// True when `value` has the generated layout.
    public static func isWellFormed(_ value: String) -> Bool {
        let parts = value.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, parts[0].hasPrefix("Root=1-"), parts[1].hasPrefix("Parent="),
            parts[2] == "Sampled=0" || parts[2] == "Sampled=1"
        else { return false }
        let root = parts[0].dropFirst("Root=1-".count).split(separator: "-", omittingEmptySubsequences: false)
        let parent = parts[1].dropFirst("Parent=".count)
        return root.count == 2 && root[0].count == 8 && root[1].count == 24 && parent.count == 16
            && (root[0] + root[1] + parent).allSatisfy { "0123456789abcdef".contains($0) }
    }
}
