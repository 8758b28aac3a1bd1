/// Encodes the messages a PostgreSQL server sends, appending to one output buffer.
///
/// It exists so the connection machine writes protocol messages by name and the byte layout
/// (type byte, big-endian length that includes itself, NUL-terminated strings) lives in one place.
public struct PGMessageWriter: Sendable {
    public var bytes: [UInt8] = []

    public init() {}

    private var mark = 0

    mutating func begin(_ type: Character) {
        bytes.append(type.asciiValue!)
        mark = bytes.count
        bytes.append(contentsOf: [0, 0, 0, 0])
    }

    mutating func end() {
        let length = UInt32(bytes.count - mark)
        bytes[mark] = UInt8(length >> 24)
        bytes[mark + 1] = UInt8(truncatingIfNeeded: length >> 16)
        bytes[mark + 2] = UInt8(truncatingIfNeeded: length >> 8)
        bytes[mark + 3] = UInt8(truncatingIfNeeded: length)
    }

    mutating func int16(_ v: Int16) {
        let u = UInt16(bitPattern: v)
        bytes.append(UInt8(u >> 8))
        bytes.append(UInt8(truncatingIfNeeded: u))
    }

    mutating func int32(_ v: Int32) {
        let u = UInt32(bitPattern: v)
        bytes.append(UInt8(u >> 24))
        bytes.append(UInt8(truncatingIfNeeded: u >> 16))
        bytes.append(UInt8(truncatingIfNeeded: u >> 8))
        bytes.append(UInt8(truncatingIfNeeded: u))
    }

    mutating func cString(_ s: String) {
        bytes.append(contentsOf: s.utf8)
        bytes.append(0)
    }

    // MARK: Messages

    /// The single-byte answer to SSLRequest / GSSENCRequest (`S` or `N`).
    public mutating func sslAnswer(_ accept: Bool) { bytes.append(accept ? UInt8(ascii: "S") : UInt8(ascii: "N")) }

    /// AuthenticationOk (0) or AuthenticationCleartextPassword (3).
    public mutating func authentication(_ code: Int32) {
        begin("R"); int32(code); end()
    }

    public mutating func parameterStatus(_ name: String, _ value: String) {
        begin("S"); cString(name); cString(value); end()
    }

    public mutating func backendKeyData(processID: Int32, secretKey: Int32) {
        begin("K"); int32(processID); int32(secretKey); end()
    }

    public mutating func readyForQuery(_ status: PGTransactionStatus) {
        begin("Z"); bytes.append(status.rawValue); end()
    }

    public mutating func rowDescription(_ columns: [PGColumn], formats: [Int16]) {
        begin("T")
        int16(Int16(truncatingIfNeeded: columns.count))
        for (i, column) in columns.enumerated() {
            cString(column.name)
            int32(column.tableOID)
            int16(column.attributeNumber)
            int32(column.typeOID)
            int16(PGTypeOID.size(column.typeOID))
            int32(column.typeModifier)
            int16(PGMessageWriter.format(formats, i))
        }
        end()
    }

    /// The format of column `i` under PostgreSQL's rule: none = all text, one = all alike.
    static func format(_ formats: [Int16], _ i: Int) -> Int16 {
        formats.isEmpty ? 0 : formats.count == 1 ? formats[0] : (i < formats.count ? formats[i] : 0)
    }

    public mutating func dataRow(_ cells: [[UInt8]?]) {
        begin("D")
        int16(Int16(truncatingIfNeeded: cells.count))
        for cell in cells {
            if let cell {
                int32(Int32(cell.count))
                bytes.append(contentsOf: cell)
            } else {
                int32(-1)
            }
        }
        end()
    }

    public mutating func commandComplete(_ tag: String) { begin("C"); cString(tag); end() }
    public mutating func emptyQueryResponse() { begin("I"); end() }
    public mutating func parseComplete() { begin("1"); end() }
    public mutating func bindComplete() { begin("2"); end() }
    public mutating func closeComplete() { begin("3"); end() }
    public mutating func noData() { begin("n"); end() }
    public mutating func portalSuspended() { begin("s"); end() }

    public mutating func parameterDescription(_ oids: [Int32]) {
        begin("t")
        int16(Int16(truncatingIfNeeded: oids.count))
        for oid in oids { int32(oid) }
        end()
    }

    public mutating func error(_ e: PGError) { fields("E", severity: e.severity, e) }

    public mutating func notice(_ message: String, sqlstate: String = "00000") {
        fields("N", severity: "NOTICE", PGError(severity: "NOTICE", sqlstate: sqlstate, message: message))
    }

    private mutating func fields(_ type: Character, severity: String, _ e: PGError) {
        begin(type)
        bytes.append(UInt8(ascii: "S")); cString(severity)
        bytes.append(UInt8(ascii: "V")); cString(severity)
        bytes.append(UInt8(ascii: "C")); cString(e.sqlstate)
        bytes.append(UInt8(ascii: "M")); cString(e.message)
        if let d = e.detail { bytes.append(UInt8(ascii: "D")); cString(d) }
        if let h = e.hint { bytes.append(UInt8(ascii: "H")); cString(h) }
        bytes.append(0)
        end()
    }
}

/// The transaction status in ReadyForQuery: idle, in a transaction block, or in a failed one.
public enum PGTransactionStatus: UInt8, Sendable, Hashable {
    case idle = 73  // I
    case inTransaction = 84  // T
    case failed = 69  // E
}

/// One result column as RowDescription describes it.
public struct PGColumn: Sendable, Hashable {
    public var name: String
    public var typeOID: Int32
    public var typeModifier: Int32
    public var tableOID: Int32
    public var attributeNumber: Int16

    public init(name: String, typeOID: Int32, typeModifier: Int32 = -1, tableOID: Int32 = 0, attributeNumber: Int16 = 0) {
        self.name = name
        self.typeOID = typeOID
        self.typeModifier = typeModifier
        self.tableOID = tableOID
        self.attributeNumber = attributeNumber
    }
}
