import Determinism
import JSONLexing
import Testing

/// JSON escapes: every RFC 8259 escape, surrogate pairs, and where the index stops on each
/// kind of failure (the Python-compatible reader reports offsets from it).
@Suite struct JSONEscapeTests {
    /// Decodes the escape in `text`, which starts with a backslash.
    func decode(_ text: String) -> (JSONEscape.Decoded, Int) {
        let bytes = Array(text.utf8)
        var i = 1
        let d = JSONEscape.decode(bytes, at: &i)
        return (d, i)
    }

    @Test(arguments: [
        (#"\""#, "\"" as Unicode.Scalar), (#"\\"#, "\\"), (#"\/"#, "/"), (#"\b"#, "\u{08}"), (#"\f"#, "\u{0C}"),
        (#"\n"#, "\n"), (#"\r"#, "\r"), (#"\t"#, "\t"), (#"\u00e9"#, "é"), (#"\u00E9"#, "é"), (#"\u0000"#, "\u{0}"),
    ])
    func simpleEscapes(text: String, scalar: Unicode.Scalar) {
        let (d, i) = decode(text)
        #expect(d == .scalar(scalar))
        #expect(i == text.utf8.count)
    }

    @Test func surrogatePairCombinesAndConsumesBothHalves() {
        let (d, i) = decode(#"\ud83d\ude00rest"#)
        #expect(d == .scalar("😀"))
        #expect(i == 12)
    }

    @Test func loneSurrogatesConsumeOnlyThemselves() {
        #expect(decode(#"\ud800"#) == (.loneSurrogate(0xD800), 6))
        #expect(decode(#"\ud800x"#) == (.loneSurrogate(0xD800), 6))
        // A high surrogate followed by an escape that is not a low surrogate leaves it for later.
        #expect(decode(#"\ud800\u0041"#) == (.loneSurrogate(0xD800), 6))
        #expect(decode(#"\ud800\uZZZZ"#) == (.loneSurrogate(0xD800), 6))
        #expect(decode(#"\udc00"#) == (.loneSurrogate(0xDC00), 6))
    }

    @Test func failuresSayWhereTheyStopped() {
        #expect(decode(#"\x"#) == (.invalidEscape, 2), "past the letter")
        #expect(decode(#"\u12G4"#) == (.invalidHex, 2), "at the digits")
        #expect(decode(#"\u12"#) == (.invalidHex, 2), "too few digits")
        #expect(decode(#"\u+abc"#) == (.invalidHex, 2), "a sign is not a hex digit")
    }

    @Test func everyScalarRoundTripsThroughItsEscape() {
        let seed: UInt64 = 8259
        var rng = SeededGenerator(seed: seed)
        for _ in 0..<5_000 {
            var value = UInt32.random(in: 0...0x10FFFF, using: &rng)
            if (0xD800..<0xE000).contains(value) { value = 0xFFFD }
            let scalar = Unicode.Scalar(value)!
            func hex(_ n: UInt32) -> String {
                let digits = String(n, radix: 16)
                return String(repeating: "0", count: 4 - digits.count) + digits
            }
            let text: String
            if value >= 0x10000 {
                let v = value - 0x10000
                let high: UInt32 = 0xD800 | (v >> 10)
                let low: UInt32 = 0xDC00 | (v & 0x3FF)
                text = "\\u" + hex(high) + "\\u" + hex(low).uppercased()
            } else {
                text = "\\u" + hex(value)
            }
            let (d, i) = decode(text)
            #expect(d == .scalar(scalar), "seed \(seed): \(text)")
            #expect(i == text.utf8.count, "seed \(seed): \(text)")
        }
    }
}
