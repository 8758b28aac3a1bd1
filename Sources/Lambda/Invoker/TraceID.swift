/// X-Ray trace header values: `Root=1-<8 hex epoch s>-<24 hex>;Parent=<16 hex>;Sampled=0|1`.
///
/// Lambda passes an incoming `X-Amzn-Trace-Id` through unchanged and otherwise makes one; the
/// value reaches the handler as `context.traceID` and `_X_AMZN_TRACE_ID`.
public enum TraceID {
    /// A new trace header for a request starting at `epochSeconds`.
    public static func generate(epochSeconds: Int64, sampled: Bool, ids: IdentifierSource) -> String {
        let seconds = UInt32(truncatingIfNeeded: epochSeconds)
        let time = String(unsafeUninitializedCapacity: 8) { out in
            for i in 0..<8 { out[i] = hexDigits[Int((seconds >> UInt32(28 - 4 * i)) & 0xF)] }
            return 8
        }
        return "Root=1-\(time)-\(ids.hex(24));Parent=\(ids.hex(16));Sampled=\(sampled ? 1 : 0)"
    }

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
