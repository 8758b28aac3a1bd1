/// Turns a complete head (request line, fields, blank line; CRLF already checked) into an
/// `HTTPRequestHead`, applying RFC 9112 §3 and §6 validation and deciding the body framing.
///
/// Separate from the incremental scanner so each part stays small and the rules read in one place.
enum HTTPHeadParser {
    struct Field {
        var name: Range<Int>
        var value: Range<Int>
    }

    enum FieldError: Error { case name, value, fold }

    static func parse(_ head: UnsafeRawBufferPointer) -> Result<HTTPRequestHead, HTTPParseError> {
        // The last 4 bytes are CRLF CRLF; split the rest into lines at CRLF.
        var lineStart = 0
        var requestLine: Range<Int>? = nil
        var fields: [(name: String, value: String)] = []
        fields.reserveCapacity(8)
        var hosts = 0
        var hostValid = true
        var contentLength: Int? = nil
        var teCount = 0
        var teChunkedLast = false
        var teBad: String? = nil
        var connectionClose = false
        var connectionKeepAlive = false
        var expectContinue = false
        var i = 0
        let end = head.count - 2
        while i < end {
            let b = head[i]
            if b == ASCII.cr {
                if head[i + 1] != ASCII.lf { return .failure(.bareCarriageReturn) }
                let line = lineStart..<i
                if requestLine == nil {
                    requestLine = line
                } else {
                    let bytes = UnsafeRawBufferPointer(rebasing: head[line])
                    if bytes.first == ASCII.sp || bytes.first == ASCII.htab { return .failure(.obsoleteLineFolding) }
                    let field: Field
                    switch splitField(bytes) {
                    case .success(let f): field = f
                    case .failure(.name): return .failure(.invalidHeaderName)
                    case .failure: return .failure(.invalidHeaderValue(name: string(bytes, 0..<(bytes.firstIndex(of: ASCII.colon) ?? 0))))
                    }
                    let name = UnsafeRawBufferPointer(rebasing: bytes[field.name])
                    let value = UnsafeRawBufferPointer(rebasing: bytes[field.value])
                    if equalsLower(name, "host") {
                        hosts += 1
                        if !isValidHost(value) { hostValid = false }
                    } else if equalsLower(name, "content-length") {
                        guard let length = parseContentLength(value) else {
                            return .failure(.invalidContentLength(string(value, 0..<value.count)))
                        }
                        if let previous = contentLength, previous != length {
                            return .failure(.invalidContentLength("differing values"))
                        }
                        contentLength = length
                    } else if equalsLower(name, "transfer-encoding") {
                        teCount += 1
                        forEachToken(value) { token in
                            if teChunkedLast { teBad = "chunked is not final" }
                            if equalsLower(token, "chunked") {
                                teChunkedLast = true
                            } else {
                                teBad = string(token, 0..<token.count)
                            }
                        }
                    } else if equalsLower(name, "connection") {
                        forEachToken(value) { token in
                            if equalsLower(token, "close") { connectionClose = true }
                            if equalsLower(token, "keep-alive") { connectionKeepAlive = true }
                        }
                    } else if equalsLower(name, "expect") {
                        if equalsLower(value, "100-continue") { expectContinue = true }
                    }
                    fields.append((string(name, 0..<name.count), string(value, 0..<value.count)))
                }
                i += 2
                lineStart = i
            } else {
                i += 1
            }
        }
        guard let requestLine else { return .failure(.invalidRequestLine("empty")) }
        let line = UnsafeRawBufferPointer(rebasing: head[requestLine])
        let method: String, target: String, minor: Int
        switch parseRequestLine(line) {
        case .success(let parts): (method, target, minor) = parts
        case .failure(let error): return .failure(error)
        }
        if teCount > 0 {
            if minor == 0 { return .failure(.invalidTransferEncoding("HTTP/1.0")) }
            if contentLength != nil { return .failure(.conflictingFraming) }
            if let teBad { return .failure(.invalidTransferEncoding(teBad)) }
            if !teChunkedLast { return .failure(.invalidTransferEncoding("empty")) }
        }
        if hosts > 1 { return .failure(.duplicateHost) }
        if minor == 1 && hosts == 0 { return .failure(.missingHost) }
        if !hostValid { return .failure(.invalidHost) }
        let keepAlive = minor == 1 ? !connectionClose : (connectionKeepAlive && !connectionClose)
        return .success(
            HTTPRequestHead(
                method: method, target: target, versionMinor: minor, headers: HTTPHeaders(fields),
                contentLength: teCount > 0 ? nil : contentLength, isChunked: teCount > 0,
                keepAlive: keepAlive, expectsContinue: expectContinue && minor == 1))
    }
}
