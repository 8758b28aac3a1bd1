import Determinism

/// Draws every identifier API Gateway makes up (API, resource and key ids, key values, request ids,
/// extended request ids, trace ids) from a seeded generator.
///
/// The same seed gives the same ids, so a test can predict an event byte for byte and a failing run
/// replays exactly.
public struct GatewayIDGenerator: Sendable {
    private var random: SeededGenerator

    public init(seed: UInt64) { random = SeededGenerator(seed: seed) }
    public init(_ generator: SeededGenerator) { random = generator }

    private static let lowerAlnum = Array("abcdefghijklmnopqrstuvwxyz0123456789".utf8)
    private static let mixedAlnum = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8)
    private static let base64 = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
    private static let hex = Array("0123456789abcdef".utf8)

    private mutating func pick(_ count: Int, from alphabet: [UInt8]) -> String {
        String(unsafeUninitializedCapacity: count) { out in
            for i in 0..<count { out[i] = alphabet[Int(random.next() % UInt64(alphabet.count))] }
            return count
        }
    }

    /// A 10-character lower-case alphanumeric id, like REST API ids and API key ids.
    public mutating func apiID() -> String { pick(10, from: Self.lowerAlnum) }
    /// A 6-character lower-case alphanumeric id, like resource and deployment ids.
    public mutating func shortID() -> String { pick(6, from: Self.lowerAlnum) }
    /// A 10-character lower-case alphanumeric id for an API key.
    public mutating func apiKeyID() -> String { pick(10, from: Self.lowerAlnum) }
    /// A 40-character `[A-Za-z0-9]` API key value.
    public mutating func apiKeyValue() -> String { pick(40, from: Self.mixedAlnum) }
    /// A 6-character lower-case alphanumeric id for a usage plan.
    public mutating func usagePlanID() -> String { pick(6, from: Self.lowerAlnum) }

    /// A random (version 4) UUID in lower case, the form of `x-amzn-RequestId` (two draws, their
    /// little-endian bytes in order).
    public mutating func uuid() -> String {
        let high = random.next()
        let low = random.next()
        return String(unsafeUninitializedCapacity: 36) { out in
            var o = 0
            for i in 0..<16 {
                var b = UInt8(truncatingIfNeeded: (i < 8 ? high : low) >> UInt64(8 * (i % 8)))
                if i == 6 { b = (b & 0x0F) | 0x40 }
                if i == 8 { b = (b & 0x3F) | 0x80 }
                if i == 4 || i == 6 || i == 8 || i == 10 {
                    out[o] = UInt8(ascii: "-")
                    o += 1
                }
                out[o] = Self.hex[Int(b >> 4)]
                out[o + 1] = Self.hex[Int(b & 0xF)]
                o += 2
            }
            return 36
        }
    }

    /// A 16-character extended request id ending in `=` (15 URL-safe base64 characters), the form of
    /// `x-amz-apigw-id` and `$context.extendedRequestId`.
    public mutating func extendedRequestID() -> String {
        String(unsafeUninitializedCapacity: 16) { out in
            for i in 0..<15 { out[i] = Self.base64[Int(random.next() % UInt64(Self.base64.count))] }
            out[15] = UInt8(ascii: "=")
            return 16
        }
    }

    /// An X-Ray trace header value `Root=1-<8 hex epoch seconds>-<24 hex>`.
    public mutating func traceID(epochSeconds: Int64) -> String {
        let seconds = UInt32(truncatingIfNeeded: max(0, epochSeconds))
        let prefix = Array("Root=1-".utf8)
        return String(unsafeUninitializedCapacity: 40) { out in
            for i in 0..<7 { out[i] = prefix[i] }
            for i in 0..<8 { out[7 + i] = Self.hex[Int((seconds >> UInt32(28 - 4 * i)) & 0xF)] }
            out[15] = UInt8(ascii: "-")
            for i in 0..<24 { out[16 + i] = Self.hex[Int(random.next() % UInt64(Self.hex.count))] }
            return 40
        }
    }
}
