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
        var out: [UInt8] = []
        for _ in 0..<count { out.append(alphabet[Int(random.next() % UInt64(alphabet.count))]) }
        return String(decoding: out, as: UTF8.self)
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

    /// A random (version 4) UUID in lower case, the form of `x-amzn-RequestId`.
    public mutating func uuid() -> String {
        var bytes: [UInt8] = []
        for _ in 0..<2 { withUnsafeBytes(of: random.next()) { bytes.append(contentsOf: $0) } }
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        var out: [UInt8] = []
        for (i, b) in bytes.enumerated() {
            if i == 4 || i == 6 || i == 8 || i == 10 { out.append(UInt8(ascii: "-")) }
            out.append(Self.hex[Int(b >> 4)])
            out.append(Self.hex[Int(b & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A 16-character extended request id ending in `=` (15 URL-safe base64 characters), the form of
    /// `x-amz-apigw-id` and `$context.extendedRequestId`.
    public mutating func extendedRequestID() -> String { pick(15, from: Self.base64) + "=" }

    /// An X-Ray trace header value `Root=1-<8 hex epoch seconds>-<24 hex>`.
    public mutating func traceID(epochSeconds: Int64) -> String {
        let seconds = String(UInt32(truncatingIfNeeded: max(0, epochSeconds)), radix: 16)
        let padded = String(repeating: "0", count: max(0, 8 - seconds.count)) + seconds
        return "Root=1-\(padded)-\(pick(24, from: Self.hex))"
    }
}
