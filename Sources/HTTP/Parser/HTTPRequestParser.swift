/// An incremental, synchronous HTTP/1.1 request parser over bytes (RFC 9112).
///
/// It exists so framing is decided in one pure place that can be unit-tested, fuzzed with
/// libFuzzer, and driven from the event loop without any I/O. The caller owns the bytes: it passes
/// every unconsumed byte of the connection (oldest first) to `parse`, advances by `consumed`, and
/// calls again until the step is `.needMore` or `.error`. The parser remembers how far it has
/// scanned, so a header section arriving one byte at a time costs linear, not quadratic, work.
public struct HTTPRequestParser: Sendable {
    /// One result of `parse`.
    public enum Step: Sendable, Equatable {
        /// Nothing more can be decided until more bytes arrive.
        case needMore
        /// A complete head; body steps (if any) and `.end` follow.
        case head(HTTPRequestHead)
        /// Body bytes at this range of the buffer passed in (already counted in `consumed`).
        case body(Range<Int>)
        /// The current request is complete; the next call starts a new request.
        case end
        /// The input cannot be framed; the connection must answer `error.status` and close.
        case error(HTTPParseError)
    }

    enum State: Sendable {
        /// Scanning for the end of the head. `scanned` bytes were already checked, `lineStart` is
        /// where the current line begins, `lines` counts complete lines so far.
        case head(scanned: Int, lineStart: Int, lines: Int)
        case endPending
        case body(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailers(scanned: Int, lineStart: Int)
        case failed(HTTPParseError)
    }

    /// The limits enforced while parsing.
    public let limits: HTTPParserLimits
    var state: State = .head(scanned: 0, lineStart: 0, lines: 0)

    /// Creates a parser positioned at the start of a request.
    public init(limits: HTTPParserLimits = HTTPParserLimits()) {
        self.limits = limits
    }

    /// True when no byte of the next request has been seen yet (between requests).
    public var isAtRequestBoundary: Bool {
        if case .head(let scanned, _, _) = state { return scanned == 0 }
        return false
    }

    /// Parses from the start of `buffer` (all unconsumed bytes) and returns one step and the
    /// number of bytes the caller must drop from the front.
    public mutating func parse(_ buffer: UnsafeRawBufferPointer) -> (step: Step, consumed: Int) {
        switch state {
        case .failed(let error):
            return (.error(error), 0)
        case .head(let scanned, let lineStart, let lines):
            return parseHead(buffer, scanned: scanned, lineStart: lineStart, lines: lines)
        case .endPending:
            state = .head(scanned: 0, lineStart: 0, lines: 0)
            return (.end, 0)
        case .body(let remaining):
            let n = min(remaining, buffer.count)
            if n == 0 { return (.needMore, 0) }
            state = remaining == n ? .endPending : .body(remaining: remaining - n)
            return (.body(0..<n), n)
        case .chunkSize:
            return parseChunkSize(buffer)
        case .chunkData(let remaining):
            let n = min(remaining, buffer.count)
            if n == 0 { return (.needMore, 0) }
            state = remaining == n ? .chunkDataEnd : .chunkData(remaining: remaining - n)
            return (.body(0..<n), n)
        case .chunkDataEnd:
            if buffer.count < 2 {
                if buffer.count == 1 && buffer[0] != ASCII.cr { return fail(.invalidChunkTerminator) }
                return (.needMore, 0)
            }
            if buffer[0] != ASCII.cr || buffer[1] != ASCII.lf { return fail(.invalidChunkTerminator) }
            state = .chunkSize
            return skip(2, buffer)
        case .trailers(let scanned, let lineStart):
            return parseTrailers(buffer, scanned: scanned, lineStart: lineStart)
        }
    }

    mutating func fail(_ error: HTTPParseError) -> (step: Step, consumed: Int) {
        state = .failed(error)
        return (.error(error), 0)
    }

    /// Drops `n` bytes already understood and keeps parsing the rest, so one call makes progress
    /// across small framing elements (chunk terminators, size lines, trailers).
    mutating func skip(_ n: Int, _ buffer: UnsafeRawBufferPointer) -> (step: Step, consumed: Int) {
        let (step, consumed) = parse(UnsafeRawBufferPointer(rebasing: buffer[n...]))
        if case .body(let r) = step { return (.body((r.lowerBound + n)..<(r.upperBound + n)), consumed + n) }
        return (step, consumed + n)
    }

    /// Finds the next LF at or after `from`; returns its index.
    @inline(__always)
    static func findLF(_ buffer: UnsafeRawBufferPointer, from: Int) -> Int? {
        var i = from
        let n = buffer.count
        while i < n {
            if buffer[i] == ASCII.lf { return i }
            i &+= 1
        }
        return nil
    }

    // MARK: Chunked framing

    mutating func parseChunkSize(_ buffer: UnsafeRawBufferPointer) -> (step: Step, consumed: Int) {
        guard let lf = Self.findLF(buffer, from: 0) else {
            if buffer.count > limits.maxChunkLine { return fail(.chunkLineTooLong) }
            for b in buffer where b != ASCII.cr && !ASCII.isFieldValueByte(b) { return fail(.invalidChunkSize) }
            return (.needMore, 0)
        }
        if lf > limits.maxChunkLine { return fail(.chunkLineTooLong) }
        if lf == 0 || buffer[lf - 1] != ASCII.cr { return fail(.bareLineFeed) }
        let end = lf - 1
        var i = 0
        var size: UInt64 = 0
        while i < end, let digit = ASCII.hexValue(buffer[i]) {
            if size > (UInt64(Int.max) >> 4) { return fail(.invalidChunkSize) }
            size = size << 4 | digit
            i += 1
        }
        if i == 0 { return fail(.invalidChunkSize) }
        // chunk-ext = *( BWS ";" BWS ext-name [ BWS "=" BWS ext-val ] ); validated loosely: after
        // optional whitespace there must be ';', and the rest may hold no CTL or bare CR.
        while i < end, buffer[i] == ASCII.sp || buffer[i] == ASCII.htab { i += 1 }
        if i < end {
            if buffer[i] != UInt8(ascii: ";") { return fail(.invalidChunkSize) }
            i += 1
            while i < end {
                if !ASCII.isFieldValueByte(buffer[i]) { return fail(.invalidChunkSize) }
                i += 1
            }
        }
        if size == 0 {
            state = .trailers(scanned: 0, lineStart: 0)
        } else {
            state = .chunkData(remaining: Int(size))
        }
        return skip(lf + 1, buffer)
    }

    mutating func parseTrailers(_ buffer: UnsafeRawBufferPointer, scanned: Int, lineStart: Int)
        -> (step: Step, consumed: Int)
    {
        var lineStart = lineStart
        var from = scanned
        while let lf = Self.findLF(buffer, from: from) {
            if lf == 0 || buffer[lf - 1] != ASCII.cr { return fail(.bareLineFeed) }
            let lineEnd = lf - 1
            if lineEnd == lineStart {
                state = .endPending
                return skip(lf + 1, buffer)
            }
            if lf + 1 > limits.maxTrailerBytes { return fail(.trailersTooLarge) }
            let line = UnsafeRawBufferPointer(rebasing: buffer[lineStart..<lineEnd])
            if case .failure = HTTPHeadParser.splitField(line) { return fail(.invalidTrailer) }
            lineStart = lf + 1
            from = lf + 1
        }
        if buffer.count > limits.maxTrailerBytes { return fail(.trailersTooLarge) }
        state = .trailers(scanned: buffer.count, lineStart: lineStart)
        return (.needMore, 0)
    }
}

extension HTTPRequestParser.Step {
    var isNeedMore: Bool { if case .needMore = self { return true } else { return false } }
}
