/// Renders a response head into bytes, adding the framing fields the connection decides.
///
/// Kept apart from the connection state machine so the byte layout is tested once; it allocates
/// one array per response and writes ASCII directly, with no Foundation formatting.
enum HTTPResponseSerializer {
    static let continueBytes: [UInt8] = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    /// True when a response with this status to this method carries no body (RFC 9110 §6.4.1).
    static func omitsBody(status: Int, isHead: Bool) -> Bool {
        isHead || status == 204 || status == 304 || (100..<200).contains(status)
    }

    /// The head bytes; when `inlineBody` is set and the body is small, the body is appended so the
    /// whole response is one buffer.
    static func render(
        _ response: HTTPResponse, isHead: Bool, versionMinor: Int, keepAlive: Bool, date: [UInt8]
    ) -> [UInt8] {
        var out: [UInt8] = []
        let sendBody = !omitsBody(status: response.status, isHead: isHead)
        out.reserveCapacity(160 + response.headers.count * 40 + (sendBody && response.body.count <= 4096 ? response.body.count : 0))
        out.append(contentsOf: versionMinor == 0 ? "HTTP/1.0 ".utf8 : "HTTP/1.1 ".utf8)
        appendDecimal(response.status, to: &out)
        out.append(ASCII.sp)
        out.append(contentsOf: HTTPStatus.reason(response.status).utf8)
        out.append(contentsOf: "\r\nDate: ".utf8)
        out.append(contentsOf: date)
        if response.status != 204 && response.status != 304 && !(100..<200).contains(response.status) {
            out.append(contentsOf: "\r\nContent-Length: ".utf8)
            appendDecimal(response.body.count, to: &out)
        }
        if !keepAlive {
            out.append(contentsOf: "\r\nConnection: close".utf8)
        } else if versionMinor == 0 {
            out.append(contentsOf: "\r\nConnection: keep-alive".utf8)
        }
        for field in response.headers.fields where !isFramingField(field.name) {
            out.append(contentsOf: "\r\n".utf8)
            out.append(contentsOf: field.name.utf8)
            out.append(contentsOf: ": ".utf8)
            let value = field.value.utf8
            if value.contains(where: { $0 == ASCII.cr || $0 == ASCII.lf }) {
                for b in value where b != ASCII.cr && b != ASCII.lf { out.append(b) }
            } else {
                out.append(contentsOf: value)  // the usual case: copied in one go
            }
        }
        out.append(contentsOf: "\r\n\r\n".utf8)
        if sendBody && response.body.count <= 4096 { out.append(contentsOf: response.body) }
        return out
    }

    /// True when the body must be sent as a second buffer (it was too large to inline).
    static func needsSeparateBody(_ response: HTTPResponse, isHead: Bool) -> Bool {
        !omitsBody(status: response.status, isHead: isHead) && response.body.count > 4096
    }

    static func isFramingField(_ name: String) -> Bool {
        let n = name.utf8.count
        guard n == 4 || n == 10 || n == 14 || n == 17 else { return false }
        return HTTPHeaders.equalsIgnoringCase(name, "content-length")
            || HTTPHeaders.equalsIgnoringCase(name, "connection")
            || HTTPHeaders.equalsIgnoringCase(name, "date")
            || HTTPHeaders.equalsIgnoringCase(name, "transfer-encoding")
    }

    static func appendDecimal(_ value: Int, to out: inout [UInt8]) {
        if value < 10 {
            out.append(UInt8(truncatingIfNeeded: value) &+ 0x30)
            return
        }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = value
        var count = 0
        withUnsafeMutableBytes(of: &digits) { d in
            while n > 0 {
                d[count] = UInt8(truncatingIfNeeded: n % 10) &+ 0x30
                n /= 10
                count += 1
            }
            while count > 0 {
                count -= 1
                out.append(d[count])
            }
        }
    }
}
