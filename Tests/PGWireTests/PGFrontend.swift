import PGWire

/// Builds frontend messages as a client would send them, for tests.
enum PGFrontend {
    static func be32(_ v: Int32) -> [UInt8] {
        let u = UInt32(bitPattern: v)
        return [UInt8(u >> 24), UInt8(truncatingIfNeeded: u >> 16), UInt8(truncatingIfNeeded: u >> 8), UInt8(truncatingIfNeeded: u)]
    }

    static func be16(_ v: Int16) -> [UInt8] {
        let u = UInt16(bitPattern: v)
        return [UInt8(u >> 8), UInt8(truncatingIfNeeded: u)]
    }

    static func cstr(_ s: String) -> [UInt8] { Array(s.utf8) + [0] }

    static func startup(_ params: [(String, String)]) -> [UInt8] {
        var body = be32(196_608)
        for (k, v) in params { body += cstr(k) + cstr(v) }
        body.append(0)
        return be32(Int32(body.count + 4)) + body
    }

    static let sslRequest = be32(8) + be32(80_877_103)
    static let gssRequest = be32(8) + be32(80_877_104)

    static func cancel(pid: Int32, key: Int32) -> [UInt8] { be32(16) + be32(80_877_102) + be32(pid) + be32(key) }

    static func typed(_ type: Character, _ body: [UInt8]) -> [UInt8] {
        [type.asciiValue!] + be32(Int32(body.count + 4)) + body
    }

    static func password(_ p: String) -> [UInt8] { typed("p", cstr(p)) }
    static func query(_ q: String) -> [UInt8] { typed("Q", cstr(q)) }
    static func parse(_ name: String, _ q: String, _ types: [Int32] = []) -> [UInt8] {
        typed("P", cstr(name) + cstr(q) + be16(Int16(types.count)) + types.flatMap(be32))
    }
    static func bind(_ portal: String, _ stmt: String, formats: [Int16] = [], params: [[UInt8]?], results: [Int16] = []) -> [UInt8] {
        var body = cstr(portal) + cstr(stmt) + be16(Int16(formats.count)) + formats.flatMap(be16) + be16(Int16(params.count))
        for p in params { body += p.map { be32(Int32($0.count)) + $0 } ?? be32(-1) }
        body += be16(Int16(results.count)) + results.flatMap(be16)
        return typed("B", body)
    }
    static func describe(_ kind: Character, _ name: String) -> [UInt8] { typed("D", [kind.asciiValue!] + cstr(name)) }
    static func execute(_ portal: String, _ max: Int32 = 0) -> [UInt8] { typed("E", cstr(portal) + be32(max)) }
    static let sync = typed("S", [])
    static let terminate = typed("X", [])
}

/// Decodes backend messages for assertions: (type, body).
enum PGBackendReader {
    static func messages(_ bytes: [UInt8]) -> [(Character, [UInt8])] {
        var out: [(Character, [UInt8])] = []
        var i = 0
        while i < bytes.count {
            let t = Character(Unicode.Scalar(bytes[i]))
            if i + 5 > bytes.count { out.append((t, [])); break }
            let n = Int(UInt32(bytes[i + 1]) << 24 | UInt32(bytes[i + 2]) << 16 | UInt32(bytes[i + 3]) << 8 | UInt32(bytes[i + 4]))
            out.append((t, Array(bytes[(i + 5)..<min(bytes.count, i + 1 + n)])))
            i += 1 + n
        }
        return out
    }

    static func types(_ bytes: [UInt8]) -> String { String(messages(bytes).map(\.0)) }

    /// The `C` (SQLSTATE) and `M` fields of an ErrorResponse body.
    static func error(_ body: [UInt8]) -> (severity: String, code: String, message: String) {
        var fields: [Character: String] = [:]
        var i = 0
        while i < body.count, body[i] != 0 {
            let key = Character(Unicode.Scalar(body[i]))
            var j = i + 1
            while j < body.count, body[j] != 0 { j += 1 }
            fields[key] = String(decoding: body[(i + 1)..<j], as: UTF8.self)
            i = j + 1
        }
        return (fields["S"] ?? "", fields["C"] ?? "", fields["M"] ?? "")
    }
}
