/// An ordered list of HTTP header fields with case-insensitive lookup.
///
/// Duplicates are kept in arrival order: AWS clients repeat `x-amz-meta-*` fields and SigV4 joins
/// repeated fields with commas, so collapsing them into a dictionary would lose information.
public struct HTTPHeaders: Sendable, Equatable, Sequence {
    /// The fields in arrival order.
    public private(set) var fields: [(name: String, value: String)]

    /// Creates a header list from ordered pairs.
    public init(_ fields: [(name: String, value: String)] = []) {
        self.fields = fields
    }

    /// The number of fields (duplicates counted).
    public var count: Int { fields.count }

    /// Appends a field, keeping any existing field of the same name.
    public mutating func add(name: String, value: String) {
        fields.append((name, value))
    }

    /// Removes every field with this name (case-insensitive).
    public mutating func remove(name: String) {
        fields.removeAll { Self.equalsIgnoringCase($0.name, name) }
    }

    /// The first value for a name (case-insensitive), or nil.
    public subscript(name: String) -> String? {
        for field in fields where Self.equalsIgnoringCase(field.name, name) {
            return field.value
        }
        return nil
    }

    /// Every value for a name (case-insensitive), in arrival order.
    public func values(for name: String) -> [String] {
        fields.filter { Self.equalsIgnoringCase($0.name, name) }.map(\.value)
    }

    /// Iterates the fields in arrival order.
    public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> {
        fields.makeIterator()
    }

    public static func == (lhs: HTTPHeaders, rhs: HTTPHeaders) -> Bool {
        lhs.fields.count == rhs.fields.count
            && zip(lhs.fields, rhs.fields).allSatisfy { $0.name == $1.name && $0.value == $1.value }
    }

    /// ASCII case-insensitive comparison without allocating.
    static func equalsIgnoringCase(_ a: String, _ b: String) -> Bool {
        var a = a.utf8.makeIterator()
        var b = b.utf8.makeIterator()
        while true {
            switch (a.next(), b.next()) {
            case (nil, nil): return true
            case let (x?, y?):
                if ASCII.lower(x) != ASCII.lower(y) { return false }
            default: return false
            }
        }
    }
}

/// Byte constants and classification used by the parser (RFC 9110 §5.6.2 tokens).
enum ASCII {
    static let cr: UInt8 = 0x0D
    static let lf: UInt8 = 0x0A
    static let sp: UInt8 = 0x20
    static let htab: UInt8 = 0x09
    static let colon: UInt8 = 0x3A

    @inline(__always) static func lower(_ b: UInt8) -> UInt8 {
        (b >= 0x41 && b <= 0x5A) ? b | 0x20 : b
    }

    /// tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA
    static let tcharTable: [Bool] = {
        var t = [Bool](repeating: false, count: 256)
        for b in UInt8(ascii: "0")...UInt8(ascii: "9") { t[Int(b)] = true }
        for b in UInt8(ascii: "a")...UInt8(ascii: "z") { t[Int(b)] = true }
        for b in UInt8(ascii: "A")...UInt8(ascii: "Z") { t[Int(b)] = true }
        for c in "!#$%&'*+-.^_`|~".utf8 { t[Int(c)] = true }
        return t
    }()

    @inline(__always) static func isTchar(_ b: UInt8) -> Bool { tcharTable[Int(b)] }

    /// field-vchar / SP / HTAB (obs-text allowed); rejects NUL, CR, LF, other CTLs and DEL.
    @inline(__always) static func isFieldValueByte(_ b: UInt8) -> Bool {
        b == htab || (b >= 0x20 && b != 0x7F)
    }

    @inline(__always) static func hexValue(_ b: UInt8) -> UInt64? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt64(b &- 0x30)
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt64(b &- 0x57)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt64(b &- 0x37)
        default: return nil
        }
    }
}
