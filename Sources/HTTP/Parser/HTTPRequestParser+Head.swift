extension HTTPRequestParser {
    /// Scans for the blank line that ends the head, enforcing the size limits on the way, then hands
    /// the complete head to `HTTPHeadParser`.
    mutating func parseHead(_ buffer: UnsafeRawBufferPointer, scanned: Int, lineStart: Int, lines: Int)
        -> (step: Step, consumed: Int)
    {
        if scanned == 0 {
            // RFC 9112 §2.2: ignore empty lines received before the request line.
            var base = 0
            while buffer.count - base >= 2, buffer[base] == ASCII.cr, buffer[base + 1] == ASCII.lf { base += 2 }
            if base > 0 {
                return base == buffer.count ? (.needMore, base) : skip(base, buffer)
            }
        }
        var lineStart = lineStart
        var lines = lines
        var from = scanned
        let maxTotal = limits.maxRequestLine + limits.maxHeaderBytes + 4
        while let lf = Self.findLF(buffer, from: from) {
            if lf == 0 || buffer[lf - 1] != ASCII.cr { return fail(.bareLineFeed) }
            let lineLength = lf - 1 - lineStart
            if lines == 0 {
                if lineLength > limits.maxRequestLine { return fail(.requestLineTooLong) }
                if lineLength == 0 {
                    // An empty line before the request line whose CR arrived in an earlier read.
                    state = .head(scanned: 0, lineStart: 0, lines: 0)
                    return skip(lf + 1, buffer)
                }
            } else {
                if lineLength == 0 {
                    let head = UnsafeRawBufferPointer(rebasing: buffer[0..<(lf + 1)])
                    switch HTTPHeadParser.parse(head) {
                    case .success(let parsed):
                        if parsed.isChunked {
                            state = .chunkSize
                        } else if let length = parsed.contentLength, length > 0 {
                            state = .body(remaining: length)
                        } else {
                            state = .endPending
                        }
                        return (.head(parsed), lf + 1)
                    case .failure(let error):
                        return fail(error)
                    }
                }
                if lineLength > limits.maxHeaderField { return fail(.headerFieldTooLarge) }
                if lines > limits.maxHeaderCount { return fail(.tooManyHeaders) }
            }
            if lf + 1 > maxTotal { return fail(.headersTooLarge) }
            lines += 1
            lineStart = lf + 1
            from = lf + 1
        }
        let partial = buffer.count - lineStart
        if lines == 0 && partial > limits.maxRequestLine { return fail(.requestLineTooLong) }
        if lines > 0 && partial > limits.maxHeaderField { return fail(.headerFieldTooLarge) }
        if buffer.count > maxTotal { return fail(.headersTooLarge) }
        state = .head(scanned: buffer.count, lineStart: lineStart, lines: lines)
        return (.needMore, 0)
    }
}
