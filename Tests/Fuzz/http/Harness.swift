// libFuzzer entry point for the HTTP request parser. Built by run.sh together with
// Sources/HTTP/Parser/*.swift (which import no C module), never by SwiftPM.

/// Feeds the input to a parser twice: in one piece, and split into small fragments whose sizes
/// come from the input itself. Both runs must agree on every head and on the body bytes; a
/// disagreement means the parser's incremental state is wrong, and traps.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTTPParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    let whole = FuzzRun.run(bytes, fragment: Int.max)
    let step = size > 0 ? Int(bytes[0] % 7) + 1 : 1
    let pieces = FuzzRun.run(bytes, fragment: step)
    precondition(whole == pieces, "fragmented parse differs")
    return 0
}

/// The outcome of parsing one input: every event, body bytes concatenated per request.
struct FuzzRun: Equatable {
    var events: [String] = []

    static func run(_ input: UnsafeRawBufferPointer, fragment: Int) -> FuzzRun {
        var parser = HTTPRequestParser()
        var result = FuzzRun()
        var buffer: [UInt8] = []
        var fed = 0
        var body: [UInt8] = []
        var guardSteps = 0
        while true {
            if fed < input.count {
                let n = min(fragment, input.count - fed)
                buffer.append(contentsOf: input[fed..<(fed + n)])
                fed += n
            }
            while true {
                guardSteps += 1
                precondition(guardSteps < 10_000_000, "parser does not terminate")
                let (step, consumed) = buffer.withUnsafeBytes { parser.parse($0) }
                precondition(consumed >= 0 && consumed <= buffer.count, "consumed out of range")
                switch step {
                case .needMore:
                    break
                case .head(let head):
                    precondition(!(head.isChunked && head.contentLength != nil))
                    result.events.append("head \(head.method) \(head.target) \(head.headers.count) \(head.keepAlive)")
                case .body(let range):
                    precondition(range.upperBound <= consumed && range.lowerBound >= 0)
                    body.append(contentsOf: buffer[range])
                case .end:
                    result.events.append("body \(body.count) \(body.reduce(0) { $0 &* 31 &+ Int($1) })")
                    body = []
                case .error(let error):
                    _ = error
                    // Limit checks may fire earlier on fragments than on the whole input, so only
                    // "rejected" is compared, not which status.
                    result.events.append("error")
                    return result
                }
                buffer.removeFirst(consumed)
                if case .needMore = step { break }
            }
            if fed >= input.count { return result }
        }
    }
}
