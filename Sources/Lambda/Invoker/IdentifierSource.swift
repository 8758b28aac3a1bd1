import Determinism
import Synchronization

/// Seeded source of request ids, log stream suffixes and trace ids.
///
/// Seeded so a test or drill with a fixed seed sees the same ids in the same order (for the
/// same invocation order); thread-safe behind a `Mutex`.
public final class IdentifierSource: Sendable {
    private let generator: Mutex<SeededGenerator>

    /// Creates a source; with no seed, one is drawn from the system generator.
    public init(seed: UInt64? = nil) {
        generator = Mutex(SeededGenerator(seed: seed ?? UInt64.random(in: .min ... .max)))
    }

    /// `count` random lowercase hex digits.
    public func hex(_ count: Int) -> String {
        generator.withLock { rng in
            var text = ""
            text.reserveCapacity(count)
            let digits = Array("0123456789abcdef")
            for _ in 0..<count { text.append(digits[Int(rng.next() & 0xF)]) }
            return text
        }
    }

    /// A random (version 4) UUID in lowercase, like Lambda request ids.
    public func uuid() -> String {
        var bytes: [UInt8] = generator.withLock { rng in (0..<16).map { _ in UInt8(truncatingIfNeeded: rng.next()) } }
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = bytes.map { String($0, radix: 16).leftPadded(to: 2) }.joined()
        let h = Array(hex)
        return String(h[0..<8]) + "-" + String(h[8..<12]) + "-" + String(h[12..<16]) + "-" + String(h[16..<20]) + "-"
            + String(h[20..<32])
    }
}
