extension HTTPConnectionStateMachine {
    /// Parses buffered input left over from earlier reads (pipelined requests, split heads).
    mutating func processBuffered(now: UInt64) {
        guard !input.isEmpty, isReadingPhase else { return }
        let buffered = input
        input = []
        let consumed = buffered.withUnsafeBytes { process($0, now: now) }
        if keepsInput && consumed < buffered.count { input = Array(buffered[consumed...]) }
    }

    /// Runs the parser over `buffer` until it needs more bytes, a request is complete, or the input
    /// is rejected; returns how many bytes were consumed.
    mutating func process(_ buffer: UnsafeRawBufferPointer, now: UInt64) -> Int {
        var pos = 0
        while isReadingPhase {
            let (step, consumed) = parser.parse(UnsafeRawBufferPointer(rebasing: buffer[pos...]))
            switch step {
            case .needMore:
                pos += consumed
                if case .idle = phase, pos < buffer.count { phase = .head(started: now) }
                return pos
            case .head(let parsed):
                pos += consumed
                head = parsed
                body = []
                currentBodyLimit = bodyLimit(parsed)
                if let length = parsed.contentLength, length > currentBodyLimit {
                    fail(status: 413, now: now)
                    return pos
                }
                if parsed.expectsContinue && parsed.hasBody && pos == buffer.count {
                    enqueue(HTTPResponseSerializer.continueBytes, now: now)
                }
                phase = .body(lastProgress: now)
            case .body(let range):
                body.append(contentsOf: buffer[(pos + range.lowerBound)..<(pos + range.upperBound)])
                pos += consumed
                if body.count > currentBodyLimit {
                    fail(status: 413, now: now)
                    return pos
                }
                phase = .body(lastProgress: now)
            case .end:
                pos += consumed
                if let head {
                    pendingDispatch = HTTPRequest(head: head, body: body, connection: info)
                }
                body = []
                phase = .awaitingResponse
                return pos
            case .error(let error):
                fail(status: error.status, now: now)
                return pos
            }
        }
        return pos
    }

    mutating func takeDispatch() -> HTTPRequest? {
        defer { pendingDispatch = nil }
        return pendingDispatch
    }
}
