/// Converts values between PostgreSQL's text form and its binary wire form, per type OID.
///
/// It exists because backends answer in text form (what psql prints) while clients such as
/// asyncpg and psycopg ask for binary results and send binary parameters: integers, floats,
/// numeric, bool, text types, uuid, bytea, date, time, timestamp(tz) and json(b).
public enum PGBinaryCodec {
    /// PostgreSQL's `42883`-style refusal for a type without a binary form here.
    static func noBinary(_ oid: Int32, output: Bool) -> PGError {
        PGError(sqlstate: "42883", message: "no binary \(output ? "output" : "input") function available for type \(oid)")
    }

    static func invalid(_ type: String, _ text: String) -> PGError {
        PGError(sqlstate: "22P02", message: "invalid input syntax for type \(type): \"\(text)\"")
    }

    static let insufficient = PGError(sqlstate: "22P03", message: "insufficient data left in message")

    // MARK: text -> binary (results)

    public static func encode(text: String, oid: Int32) throws(PGError) -> [UInt8] {
        switch oid {
        case PGTypeOID.bool: return [text == "t" || text == "true" ? 1 : 0]
        case PGTypeOID.int2:
            guard let v = Int16(text) else { throw invalid("smallint", text) }
            return bigEndian(UInt64(UInt16(bitPattern: v)), 2)
        case PGTypeOID.int4, PGTypeOID.oid:
            guard let v = Int32(text) else { throw invalid("integer", text) }
            return bigEndian(UInt64(UInt32(bitPattern: v)), 4)
        case PGTypeOID.int8:
            guard let v = Int64(text) else { throw invalid("bigint", text) }
            return bigEndian(UInt64(bitPattern: v), 8)
        case PGTypeOID.float4:
            guard let v = parseDouble(text) else { throw invalid("real", text) }
            return bigEndian(UInt64(Float(v).bitPattern), 4)
        case PGTypeOID.float8:
            guard let v = parseDouble(text) else { throw invalid("double precision", text) }
            return bigEndian(v.bitPattern, 8)
        case PGTypeOID.text, PGTypeOID.varchar, PGTypeOID.bpchar, PGTypeOID.name, PGTypeOID.json, PGTypeOID.unknown, PGTypeOID.char:
            return Array(text.utf8)
        case PGTypeOID.jsonb: return [1] + Array(text.utf8)
        case PGTypeOID.bytea: return try byteaDecode(text)
        case PGTypeOID.uuid: return try uuidBytes(text)
        case PGTypeOID.date:
            guard let d = PGCivilTime.parseDate(text) else { throw invalid("date", text) }
            return bigEndian(UInt64(UInt32(bitPattern: Int32(truncatingIfNeeded: d))), 4)
        case PGTypeOID.time:
            guard let t = PGCivilTime.parseTime(Substring(text)) else { throw invalid("time", text) }
            return bigEndian(UInt64(bitPattern: t), 8)
        case PGTypeOID.timestamp, PGTypeOID.timestamptz:
            guard let us = PGCivilTime.parseTimestamp(text, withZone: oid == PGTypeOID.timestamptz) else {
                throw invalid(oid == PGTypeOID.timestamp ? "timestamp" : "timestamp with time zone", text)
            }
            return bigEndian(UInt64(bitPattern: us), 8)
        case PGTypeOID.numeric: return try PGNumeric.encode(text)
        default: throw noBinary(oid, output: true)
        }
    }

    // MARK: binary -> text (parameters)

    public static func decode(binary b: [UInt8], oid: Int32) throws(PGError) -> String {
        func need(_ n: Int) throws(PGError) { if b.count != n { throw insufficient } }
        switch oid {
        case PGTypeOID.bool:
            try need(1)
            return b[0] != 0 ? "t" : "f"
        case PGTypeOID.int2:
            try need(2)
            return String(Int16(bitPattern: UInt16(truncatingIfNeeded: int(b))))
        case PGTypeOID.int4, PGTypeOID.oid:
            try need(4)
            return String(Int32(bitPattern: UInt32(truncatingIfNeeded: int(b))))
        case PGTypeOID.int8:
            try need(8)
            return String(Int64(bitPattern: int(b)))
        case PGTypeOID.float4:
            try need(4)
            return formatDouble(Double(Float(bitPattern: UInt32(truncatingIfNeeded: int(b)))), float4: true)
        case PGTypeOID.float8:
            try need(8)
            return formatDouble(Double(bitPattern: int(b)), float4: false)
        case PGTypeOID.text, PGTypeOID.varchar, PGTypeOID.bpchar, PGTypeOID.name, PGTypeOID.json, PGTypeOID.unknown, PGTypeOID.char:
            return try PGByteCursor.utf8(b[...])
        case PGTypeOID.jsonb:
            guard b.first == 1 else { throw PGError(sqlstate: "22023", message: "unsupported jsonb version number \(b.first ?? 0)") }
            return try PGByteCursor.utf8(b[1...])
        case PGTypeOID.bytea: return "\\x" + hex(b)
        case PGTypeOID.uuid:
            try need(16)
            let h = Array(hex(b))
            return String(h[0..<8]) + "-" + String(h[8..<12]) + "-" + String(h[12..<16]) + "-" + String(h[16..<20]) + "-" + String(h[20..<32])
        case PGTypeOID.date:
            try need(4)
            return PGCivilTime.formatDate(Int(Int32(bitPattern: UInt32(truncatingIfNeeded: int(b)))))
        case PGTypeOID.time:
            try need(8)
            return PGCivilTime.formatTime(Int64(bitPattern: int(b)))
        case PGTypeOID.timestamp, PGTypeOID.timestamptz:
            try need(8)
            let text = PGCivilTime.formatTimestamp(Int64(bitPattern: int(b)))
            return oid == PGTypeOID.timestamptz ? text + "+00" : text
        case PGTypeOID.numeric: return try PGNumeric.decode(b)
        default: throw noBinary(oid, output: false)
        }
    }

    // MARK: helpers

    static func bigEndian(_ v: UInt64, _ n: Int) -> [UInt8] {
        (0..<n).map { UInt8(truncatingIfNeeded: v >> (8 * UInt64(n - 1 - $0))) }
    }

    static func int(_ b: [UInt8]) -> UInt64 { b.reduce(0) { $0 << 8 | UInt64($1) } }

    static func parseDouble(_ s: String) -> Double? {
        switch s.lowercased() {
        case "nan": .nan
        case "infinity", "inf": .infinity
        case "-infinity", "-inf": -.infinity
        default: Double(s)
        }
    }

    /// PostgreSQL's shortest round-trip float output (`Infinity`, `NaN`, `1e+100`).
    static func formatDouble(_ d: Double, float4: Bool) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-Infinity" : "Infinity" }
        if float4 { return Float(d).description }
        return d.description
    }

    static let hexDigits = Array("0123456789abcdef".utf8)

    static func hex(_ b: [UInt8]) -> String {
        var out = [UInt8]()
        out.reserveCapacity(b.count * 2)
        for x in b {
            out.append(hexDigits[Int(x >> 4)])
            out.append(hexDigits[Int(x & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case 48...57: c - 48
        case 97...102: c - 87
        case 65...70: c - 55
        default: nil
        }
    }

    static func byteaDecode(_ text: String) throws(PGError) -> [UInt8] {
        let u = Array(text.utf8)
        guard u.count >= 2, u[0] == 92, u[1] == UInt8(ascii: "x"), u.count % 2 == 0 else { return u }
        var out = [UInt8]()
        var i = 2
        while i < u.count {
            guard let hi = nibble(u[i]), let lo = nibble(u[i + 1]) else { throw invalid("bytea", text) }
            out.append(hi << 4 | lo)
            i += 2
        }
        return out
    }

    static func uuidBytes(_ text: String) throws(PGError) -> [UInt8] {
        let digits = text.utf8.filter { $0 != UInt8(ascii: "-") && $0 != UInt8(ascii: "{") && $0 != UInt8(ascii: "}") }
        guard digits.count == 32 else { throw invalid("uuid", text) }
        var out = [UInt8]()
        for i in stride(from: 0, to: 32, by: 2) {
            guard let hi = nibble(digits[i]), let lo = nibble(digits[i + 1]) else { throw invalid("uuid", text) }
            out.append(hi << 4 | lo)
        }
        return out
    }
}
