import Testing
@testable import PGWire

@Suite("PGBinaryCodec")
struct PGBinaryCodecTests {
    @Test("text -> binary -> text round-trips per type", arguments: [
        (PGTypeOID.int2, "-32768"), (PGTypeOID.int4, "2147483647"), (PGTypeOID.int8, "-9223372036854775808"),
        (PGTypeOID.float8, "1.5"), (PGTypeOID.float4, "0.25"), (PGTypeOID.bool, "t"), (PGTypeOID.bool, "f"),
        (PGTypeOID.text, "héllo"), (PGTypeOID.varchar, ""), (PGTypeOID.jsonb, #"{"a": 1}"#),
        (PGTypeOID.uuid, "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"), (PGTypeOID.bytea, "\\x00ff10"),
        (PGTypeOID.date, "2026-12-02"), (PGTypeOID.date, "1999-12-31"), (PGTypeOID.date, "0044-03-15 BC"),
        (PGTypeOID.timestamp, "2026-12-02 08:00:00.123456"), (PGTypeOID.timestamp, "1970-01-01 00:00:00"),
        (PGTypeOID.time, "23:59:59.5"),
        (PGTypeOID.numeric, "0"), (PGTypeOID.numeric, "123456789.000100"), (PGTypeOID.numeric, "-0.0001"),
        (PGTypeOID.numeric, "10000"), (PGTypeOID.numeric, "1.50"), (PGTypeOID.numeric, "NaN"),
    ])
    func roundTrip(oid: Int32, text: String) throws {
        let binary = try PGBinaryCodec.encode(text: text, oid: oid)
        #expect(try PGBinaryCodec.decode(binary: binary, oid: oid) == text)
    }

    @Test("known encodings: int4, numeric, date, timestamptz in UTC")
    func knownBytes() throws {
        #expect(try PGBinaryCodec.encode(text: "1", oid: PGTypeOID.int4) == [0, 0, 0, 1])
        // 12345.67: ndigits 3, weight 1, sign 0, dscale 2, digits 1 2345 6700
        #expect(try PGBinaryCodec.encode(text: "12345.67", oid: PGTypeOID.numeric)
            == [0, 3, 0, 1, 0, 0, 0, 2, 0, 1, 0x09, 0x29, 0x1A, 0x2C])
        #expect(try PGBinaryCodec.encode(text: "2000-01-02", oid: PGTypeOID.date) == [0, 0, 0, 1])
        let zoned = try PGBinaryCodec.encode(text: "2000-01-01 02:00:00+02", oid: PGTypeOID.timestamptz)
        #expect(zoned == [UInt8](repeating: 0, count: 8))
        #expect(try PGBinaryCodec.decode(binary: zoned, oid: PGTypeOID.timestamptz) == "2000-01-01 00:00:00+00")
    }

    @Test("short binary input is 22P03, never a trap")
    func shortInput() {
        for oid in [PGTypeOID.int4, PGTypeOID.int8, PGTypeOID.uuid, PGTypeOID.numeric, PGTypeOID.date, PGTypeOID.float8] {
            #expect(throws: PGError.self) { try PGBinaryCodec.decode(binary: [1, 2, 3], oid: oid) }
        }
    }
}

@Suite("PGBinaryCodec limits")
struct PGBinaryCodecLimitTests {
    @Test("out-of-range dates, timestamps and zones are invalid input, never an overflow")
    func ranges() {
        for text in ["999999999999999999-01-01", "9999999-01-01 00:00:00", "2026-01-01 00:00:00+999999999999999",
                     "2026-01-01 999999999999999999:00:00"] {
            #expect(throws: PGError.self) { try PGBinaryCodec.encode(text: text, oid: PGTypeOID.timestamptz) }
        }
        #expect(throws: PGError.self) { try PGBinaryCodec.encode(text: "99999999-01-01", oid: PGTypeOID.date) }
    }
}
