import Determinism
import Synchronization
import Testing
@testable import DSQLDialect

/// `gen_random_uuid()` writes the canonical form directly, and `uuid` input already in that
/// form skips normalisation; both must agree with the slow path they replace.
@Suite struct UUIDFormatTests {
    @Test func generatedUUIDsAreCanonicalVersion4() {
        let seed: UInt64 = 42
        let state = DialectConnectionState()
        let rng = Mutex(SeededGenerator(seed: seed))
        state.random = { rng.withLock { $0.next() } }
        for _ in 0..<1_000 {
            let u = state.randomUUID()
            #expect(PGCoercion.isCanonicalUUID(u), "seed \(seed): \(u)")
            let b = Array(u.utf8)
            #expect(b[14] == UInt8(ascii: "4"), "seed \(seed): version nibble of \(u)")
            #expect([UInt8(ascii: "8"), UInt8(ascii: "9"), UInt8(ascii: "a"), UInt8(ascii: "b")].contains(b[19]),
                    "seed \(seed): variant of \(u)")
        }
    }

    @Test func sameBytesAsTheHexEncodingOfTheRandomWords() {
        let state = DialectConnectionState()
        let words: [UInt64] = [0x0011_2233_4455_6677, 0x8899_aabb_ccdd_eeff]
        let next = Mutex(0)
        state.random = { next.withLock { i in defer { i += 1 }; return words[i % 2] } }
        // Little end first: a = 77 66 55 44 33 22 11 00, b = ff ee dd cc bb aa 99 88,
        // version 4 in byte 6 (0x11 -> 0x41), variant 10 in byte 8 (0xff -> 0xbf).
        #expect(state.randomUUID() == "77665544-3322-4100-bfee-ddccbbaa9988")
    }

    @Test(arguments: [
        ("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"),
        ("A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"),
        ("{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"),
        ("a0eebc999c0b4ef8bb6d6bb9bd380a11", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"),
    ])
    func inputFormsNormalise(input: String, canonical: String) {
        #expect(PGCoercion.uuid(input) == canonical)
    }

    @Test(arguments: ["", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1", "g0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
                      "a0eebc99x9c0b-4ef8-bb6d-6bb9bd380a11", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a111"])
    func malformedInputIsRefused(input: String) {
        #expect(!PGCoercion.isCanonicalUUID(input))
        #expect(PGCoercion.uuid(input) == nil)
    }
}
