/// A bounds-checked reader over one message body.
///
/// Every read fails with `08P01` `invalid message format` instead of trapping, so truncated
/// and hostile messages end as an ErrorResponse.
struct PGByteCursor {
    let bytes: ArraySlice<UInt8>
    var index: Int

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        index = bytes.startIndex
    }

    static let malformed = PGError.protocolViolation("invalid message format", fatal: false)

    var remaining: Int { bytes.endIndex - index }

    mutating func byte() throws(PGError) -> UInt8 {
        guard remaining >= 1 else { throw Self.malformed }
        defer { index += 1 }
        return bytes[index]
    }

    mutating func int16() throws(PGError) -> Int16 {
        guard remaining >= 2 else { throw Self.malformed }
        defer { index += 2 }
        return Int16(bitPattern: UInt16(bytes[index]) << 8 | UInt16(bytes[index + 1]))
    }

    mutating func int32() throws(PGError) -> Int32 {
        guard remaining >= 4 else { throw Self.malformed }
        defer { index += 4 }
        return PGByteCursor.int32(bytes, at: index)
    }

    static func int32(_ b: ArraySlice<UInt8>, at i: Int) -> Int32 {
        Int32(bitPattern: UInt32(b[i]) << 24 | UInt32(b[i + 1]) << 16 | UInt32(b[i + 2]) << 8 | UInt32(b[i + 3]))
    }

    mutating func bytes(_ n: Int) throws(PGError) -> [UInt8] {
        guard n >= 0, remaining >= n else { throw Self.malformed }
        defer { index += n }
        return Array(bytes[index..<index + n])
    }

    /// A NUL-terminated string, validated as UTF-8 (`22021` otherwise).
    mutating func cString() throws(PGError) -> String {
        guard let end = bytes[index...].firstIndex(of: 0) else { throw Self.malformed }
        let raw = bytes[index..<end]
        index = end + 1
        return try PGByteCursor.utf8(raw)
    }

    static func utf8(_ raw: ArraySlice<UInt8>) throws(PGError) -> String {
        var it = raw.makeIterator()
        var decoder = UTF8()
        var offset = raw.startIndex
        while true {
            switch decoder.decode(&it) {
            case .scalarValue(let s): offset += UTF8.width(s)
            case .emptyInput: return String(decoding: raw, as: UTF8.self)
            case .error:
                let bad = raw[offset...].prefix(2).map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }
                throw PGError(sqlstate: "22021", message: "invalid byte sequence for encoding \"UTF8\": 0x" + bad.joined(separator: " 0x"))
            }
        }
    }

    /// Fails unless the body was consumed exactly.
    func finish() throws(PGError) {
        if remaining != 0 { throw Self.malformed }
    }
}
