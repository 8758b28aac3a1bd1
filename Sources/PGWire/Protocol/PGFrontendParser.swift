/// Frames and decodes what a PostgreSQL client sends: a pure value over bytes.
///
/// It exists so framing is testable and fuzzable without sockets: `append` buffers bytes,
/// `next()` returns one complete message, nil when more bytes are needed, or throws a FATAL
/// `08P01` when the frame itself is broken (a length below 4, above the limit, an unknown type).
/// Before the startup packet the frames have no type byte; `expectStartup` switches phases.
public struct PGFrontendParser: Sendable {
    public let limits: PGWireLimits
    /// True until a startup packet was accepted (SSLRequest keeps it true).
    public var expectStartup = true
    private var buffer: [UInt8] = []
    private var start = 0

    public init(limits: PGWireLimits = .dsql) {
        self.limits = limits
    }

    /// Bytes buffered but not yet returned as messages.
    public var bufferedCount: Int { buffer.count - start }

    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        compact()
        buffer.append(contentsOf: bytes)
    }

    public mutating func append(_ bytes: [UInt8]) {
        compact()
        buffer.append(contentsOf: bytes)
    }

    private mutating func compact() {
        if start > 0 && (start == buffer.count || start > 65_536) {
            buffer.removeFirst(start)
            start = 0
        }
    }

    /// The next complete message, or nil when it is not complete yet.
    public mutating func next() throws(PGError) -> PGFrontendMessage? {
        expectStartup ? try nextStartup() : try nextTyped()
    }

    private mutating func nextStartup() throws(PGError) -> PGFrontendMessage? {
        guard bufferedCount >= 4 else { return nil }
        let length = Int(PGByteCursor.int32(buffer[...], at: start))
        guard length >= 8, length <= limits.maxStartupBytes else {
            throw PGError.protocolViolation("invalid length of startup packet")
        }
        guard bufferedCount >= length else { return nil }
        let body = buffer[(start + 4)..<(start + length)]
        start += length
        var cursor = PGByteCursor(body)
        let code = try cursor.int32()
        switch code {
        case PGFrontendMessage.sslCode: return .sslRequest
        case PGFrontendMessage.gssCode: return .gssEncRequest
        case PGFrontendMessage.cancelCode:
            guard cursor.remaining == 8 else { throw PGError.protocolViolation("invalid length of startup packet") }
            return .cancelRequest(processID: try cursor.int32(), secretKey: try cursor.int32())
        default:
            guard code >> 16 == 3 else {
                throw PGError(severity: "FATAL", sqlstate: "0A000",
                              message: "unsupported frontend protocol \(code >> 16).\(code & 0xFFFF): server supports 3.0 to 3.0")
            }
            var parameters: [String: String] = [:]
            do throws(PGError) {
                while true {
                    let key = try cursor.cString()
                    if key.isEmpty { break }
                    parameters[key] = try cursor.cString()
                }
                try cursor.finish()
            } catch {
                throw error.sqlstate == "22021" ? error.fatal : PGError.protocolViolation("invalid startup packet layout: expected terminator as last byte")
            }
            expectStartup = false
            return .startup(protocolVersion: code, parameters: parameters)
        }
    }

    private mutating func nextTyped() throws(PGError) -> PGFrontendMessage? {
        guard bufferedCount >= 5 else {
            if bufferedCount >= 1 { try checkType(buffer[start]) }
            return nil
        }
        let type = buffer[start]
        try checkType(type)
        let length = Int(PGByteCursor.int32(buffer[...], at: start + 1))
        guard length >= 4, length <= limits.maxMessageBytes else {
            throw PGError.protocolViolation("invalid message length")
        }
        guard bufferedCount >= length + 1 else { return nil }
        let body = buffer[(start + 5)..<(start + 1 + length)]
        start += length + 1
        do throws(PGError) {
            return try Self.decode(type: type, body: body)
        } catch {
            return .invalid(error, extended: type != UInt8(ascii: "Q") && type != UInt8(ascii: "p"))
        }
    }

    private func checkType(_ type: UInt8) throws(PGError) {
        switch type {
        case UInt8(ascii: "p"), UInt8(ascii: "Q"), UInt8(ascii: "P"), UInt8(ascii: "B"), UInt8(ascii: "D"),
            UInt8(ascii: "E"), UInt8(ascii: "C"), UInt8(ascii: "S"), UInt8(ascii: "H"), UInt8(ascii: "X"),
            UInt8(ascii: "d"), UInt8(ascii: "c"), UInt8(ascii: "f"), UInt8(ascii: "F"):
            return
        default:
            throw PGError.protocolViolation("invalid frontend message type \(type)")
        }
    }

    static func decode(type: UInt8, body: ArraySlice<UInt8>) throws(PGError) -> PGFrontendMessage {
        var c = PGByteCursor(body)
        let message: PGFrontendMessage
        switch type {
        case UInt8(ascii: "p"): message = .password(try c.cString())
        case UInt8(ascii: "Q"): message = .query(try c.cString())
        case UInt8(ascii: "P"):
            let name = try c.cString()
            let query = try c.cString()
            let count = Int(try c.int16())
            guard count >= 0 else { throw PGByteCursor.malformed }
            var types: [Int32] = []
            for _ in 0..<count { types.append(try c.int32()) }
            message = .parse(name: name, query: query, parameterTypes: types)
        case UInt8(ascii: "B"):
            let portal = try c.cString()
            let statement = try c.cString()
            let formatCount = Int(try c.int16())
            guard formatCount >= 0 else { throw PGByteCursor.malformed }
            var formats: [Int16] = []
            for _ in 0..<formatCount { formats.append(try c.int16()) }
            let paramCount = Int(try c.int16())
            guard paramCount >= 0 else { throw PGByteCursor.malformed }
            var params: [[UInt8]?] = []
            for _ in 0..<paramCount {
                let n = Int(try c.int32())
                if n == -1 { params.append(nil) } else { params.append(try c.bytes(n)) }
            }
            let resultCount = Int(try c.int16())
            guard resultCount >= 0 else { throw PGByteCursor.malformed }
            var results: [Int16] = []
            for _ in 0..<resultCount { results.append(try c.int16()) }
            message = .bind(portal: portal, statement: statement, parameterFormats: formats, parameters: params, resultFormats: results)
        case UInt8(ascii: "D"), UInt8(ascii: "C"):
            let kind = try c.byte()
            guard kind == UInt8(ascii: "S") || kind == UInt8(ascii: "P") else {
                let word = type == UInt8(ascii: "D") ? "DESCRIBE" : "CLOSE"
                throw PGError.protocolViolation("invalid \(word) message subtype \(kind)", fatal: false)
            }
            let name = try c.cString()
            message = type == UInt8(ascii: "D") ? .describe(kind: kind, name: name) : .close(kind: kind, name: name)
        case UInt8(ascii: "E"):
            let portal = try c.cString()
            message = .execute(portal: portal, maxRows: try c.int32())
        case UInt8(ascii: "S"): message = .sync
        case UInt8(ascii: "H"): message = .flush
        case UInt8(ascii: "X"): message = .terminate
        default:
            // COPY data/done/fail and FunctionCall: DSQL supports neither COPY FROM STDIN nor the fast path.
            throw PGError(sqlstate: "0A000", message: "unsupported frontend message type \(Character(Unicode.Scalar(type)))")
        }
        try c.finish()
        return message
    }
}
