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

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// `count` random lowercase hex digits (one draw per digit).
    public func hex(_ count: Int) -> String {
        String(unsafeUninitializedCapacity: count) { out in
            generator.withLock { rng in
                for i in 0..<count { out[i] = Self.hexDigits[Int(rng.next() & 0xF)] }
            }
            return count
        }
    }

    /// Writes random lowercase hex digits into two ranges of `out` under one lock: the same
    /// digits, in the same order, as `hex(first.count)` followed by `hex(second.count)`.
    func writeHex(into out: UnsafeMutableBufferPointer<UInt8>, _ first: Range<Int>, _ second: Range<Int>) {
        generator.withLock { rng in
            for i in first { out[i] = Self.hexDigits[Int(rng.next() & 0xF)] }
            for i in second { out[i] = Self.hexDigits[Int(rng.next() & 0xF)] }
        }
    }

    /// A random (version 4) UUID in lowercase, like Lambda request ids (one draw per byte).
    public func uuid() -> String {
        String(unsafeUninitializedCapacity: 36) { out in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 16) { bytes in
                generator.withLock { rng in
                    for i in 0..<16 { bytes[i] = UInt8(truncatingIfNeeded: rng.next()) }
                }
                bytes[6] = (bytes[6] & 0x0F) | 0x40
                bytes[8] = (bytes[8] & 0x3F) | 0x80
                var o = 0
                for i in 0..<16 {
                    if i == 4 || i == 6 || i == 8 || i == 10 {
                        out[o] = UInt8(ascii: "-")
                        o += 1
                    }
                    out[o] = Self.hexDigits[Int(bytes[i] >> 4)]
                    out[o + 1] = Self.hexDigits[Int(bytes[i] & 0xF)]
                    o += 2
                }
            }
            return 36
        }
    }
}
