/// A seeded, deterministic random number generator (xoshiro256** seeded through SplitMix64).
///
/// Everything that decides anything in a simulation or a reproducible run draws from one of these,
/// never from `SystemRandomNumberGenerator`: the same seed must give the same run, and a failing
/// seed must replay exactly. `fork()` derives an independent child stream (per node, per link)
/// without disturbing the parent's sequence more than one draw.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    /// The seed this generator started from; print it when a test fails.
    public let seed: UInt64
    private var state: (UInt64, UInt64, UInt64, UInt64)

    public init(seed: UInt64) {
        self.seed = seed
        var sm = seed
        func splitMix(_ x: inout UInt64) -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        state = (splitMix(&sm), splitMix(&sm), splitMix(&sm), splitMix(&sm))
    }

    public mutating func next() -> UInt64 {
        let result = rotl(state.1 &* 5, 7) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = rotl(state.3, 45)
        return result
    }

    /// A child generator whose stream is independent of this one's.
    public mutating func fork() -> SeededGenerator {
        SeededGenerator(seed: next())
    }

    /// True with probability `p` (0...1).
    public mutating func chance(_ p: Double) -> Bool {
        p > 0 && Double(next() >> 11) * 0x1.0p-53 < p
    }

    private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }
}
