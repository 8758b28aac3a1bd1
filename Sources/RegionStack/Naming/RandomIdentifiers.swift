import Determinism

/// Draws the random parts of AWS names and ids from a seeded generator.
///
/// Terraform's `random_id` (byte_length 3) gives the 6-hex deployment suffix; AWS assigns
/// cluster ids (26 lowercase base32 characters), REST API ids (10 lowercase alphanumerics) and
/// Route 53 health check ids (UUIDs). Drawing them from a `SeededGenerator` makes a whole run
/// reproducible from one seed.
public enum RandomIdentifiers {
    /// The alphabet of DSQL cluster ids: RFC 4648 base32, lowercased.
    public static let base32Alphabet = Array("abcdefghijklmnopqrstuvwxyz234567")
    /// The alphabet of API Gateway ids.
    public static let apiIDAlphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")

    /// `random_id` with `byte_length = 3`: 3 random bytes as 6 lowercase hex digits.
    public static func hexSuffix<G: RandomNumberGenerator>(using generator: inout G) -> String {
        let bytes = (0..<3).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return bytes.map { b in
            let s = String(b, radix: 16)
            return s.count == 1 ? "0" + s : s
        }.joined()
    }

    /// A DSQL cluster id: 26 lowercase base32 characters (`[a-z0-9]{26}`, 130 bits).
    public static func clusterID<G: RandomNumberGenerator>(using generator: inout G) -> String {
        String((0..<26).map { _ in base32Alphabet[Int.random(in: 0..<32, using: &generator)] })
    }

    /// A REST API id: 10 lowercase alphanumerics (`[a-z0-9]{10}`), like `a1b2c3d4e5`.
    public static func restAPIID<G: RandomNumberGenerator>(using generator: inout G) -> String {
        String((0..<10).map { _ in apiIDAlphabet[Int.random(in: 0..<36, using: &generator)] })
    }

    /// A lowercase version-4 UUID, the form of Route 53 health check ids.
    public static func uuid<G: RandomNumberGenerator>(using generator: inout G) -> String {
        var bytes = (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = bytes.map { b -> String in
            let s = String(b, radix: 16)
            return s.count == 1 ? "0" + s : s
        }.joined()
        let c = Array(hex)
        return [c[0..<8], c[8..<12], c[12..<16], c[16..<20], c[20..<32]].map { String($0) }.joined(separator: "-")
    }

    /// A seed drawn from the system's generator, for runs started without `--seed`. Record it
    /// (it is in `ResourceNames.seed` and the outputs) so the run can be reproduced.
    public static func systemSeed() -> UInt64 {
        var system = SystemRandomNumberGenerator()
        return system.next()
    }
}
