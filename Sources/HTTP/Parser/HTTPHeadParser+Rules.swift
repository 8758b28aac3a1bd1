extension HTTPHeadParser {
    /// Splits `name ":" OWS value OWS`; the name must be a non-empty token (so whitespace before
    /// the colon is rejected, RFC 9112 §5.1) and the value must hold no NUL, CR, LF or other CTL.
    static func splitField(_ line: UnsafeRawBufferPointer) -> Result<Field, FieldError> {
        var colon = 0
        while colon < line.count, line[colon] != ASCII.colon {
            if !ASCII.isTchar(line[colon]) { return .failure(.name) }
            colon += 1
        }
        if colon == 0 || colon == line.count { return .failure(.name) }
        var start = colon + 1
        var end = line.count
        while start < end, line[start] == ASCII.sp || line[start] == ASCII.htab { start += 1 }
        while end > start, line[end - 1] == ASCII.sp || line[end - 1] == ASCII.htab { end -= 1 }
        for i in start..<end where !ASCII.isFieldValueByte(line[i]) { return .failure(.value) }
        return .success(Field(name: 0..<colon, value: start..<end))
    }

    /// `method SP request-target SP HTTP-version`, with exactly one SP between parts.
    static func parseRequestLine(_ line: UnsafeRawBufferPointer) -> Result<(String, String, Int), HTTPParseError> {
        guard let firstSpace = line.firstIndex(of: ASCII.sp), firstSpace > 0 else {
            return .failure(.invalidRequestLine("no method"))
        }
        for i in 0..<firstSpace where !ASCII.isTchar(line[i]) { return .failure(.invalidRequestLine("method")) }
        var targetEnd = firstSpace + 1
        while targetEnd < line.count, line[targetEnd] != ASCII.sp {
            let b = line[targetEnd]
            if b <= 0x20 || b >= 0x7F { return .failure(.invalidRequestLine("target byte")) }
            targetEnd += 1
        }
        if targetEnd == firstSpace + 1 || targetEnd == line.count {
            return .failure(.invalidRequestLine("no target"))
        }
        let version = UnsafeRawBufferPointer(rebasing: line[(targetEnd + 1)...])
        let minor: Int
        if version.elementsEqual("HTTP/1.1".utf8) {
            minor = 1
        } else if version.elementsEqual("HTTP/1.0".utf8) {
            minor = 0
        } else if version.count == 8, version.starts(with: "HTTP/".utf8),
            (0x30...0x39).contains(version[5]), version[6] == UInt8(ascii: "."), (0x30...0x39).contains(version[7])
        {
            return .failure(.unsupportedVersion)
        } else {
            return .failure(.invalidRequestLine("version"))
        }
        let target = string(line, (firstSpace + 1)..<targetEnd)
        let method = string(line, 0..<firstSpace)
        // origin-form, absolute-form, asterisk-form (OPTIONS only) or authority-form (CONNECT only).
        let formOK = target.utf8.first == UInt8(ascii: "/") || target.contains("://")
            || (target == "*" && method == "OPTIONS") || method == "CONNECT"
        if !formOK { return .failure(.invalidRequestLine("target form")) }
        return .success((method, target, minor))
    }

    /// `1*DIGIT` with no sign, separator, hex prefix or overflow; nil when invalid.
    static func parseContentLength(_ value: UnsafeRawBufferPointer) -> Int? {
        if value.isEmpty || value.count > 18 { return nil }
        var n = 0
        for b in value {
            guard b >= 0x30 && b <= 0x39 else { return nil }
            n = n * 10 + Int(b - 0x30)
        }
        return n
    }

    /// Host = uri-host [ ":" port ]: registered-name, IPv4 or IP-literal characters only.
    static func isValidHost(_ value: UnsafeRawBufferPointer) -> Bool {
        for b in value {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"):
                continue
            default:
                if !"-._~!$&'()*+,;=:[]%".utf8.contains(b) { return false }
            }
        }
        return true
    }

    /// Calls `body` for each non-empty comma-separated token, trimmed of OWS.
    static func forEachToken(_ value: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) -> Void) {
        var start = 0
        while start <= value.count {
            var end = start
            while end < value.count, value[end] != UInt8(ascii: ",") { end += 1 }
            var a = start
            var z = end
            while a < z, value[a] == ASCII.sp || value[a] == ASCII.htab { a += 1 }
            while z > a, value[z - 1] == ASCII.sp || value[z - 1] == ASCII.htab { z -= 1 }
            if z > a { body(UnsafeRawBufferPointer(rebasing: value[a..<z])) }
            start = end + 1
        }
    }

    /// ASCII case-insensitive comparison of bytes with a lowercase literal.
    @inline(__always)
    static func equalsLower(_ bytes: UnsafeRawBufferPointer, _ lower: StaticString) -> Bool {
        guard bytes.count == lower.utf8CodeUnitCount else { return false }
        let p = lower.utf8Start
        for i in 0..<bytes.count where ASCII.lower(bytes[i]) != p[i] { return false }
        return true
    }

    @inline(__always)
    static func string(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> String {
        String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }
}
