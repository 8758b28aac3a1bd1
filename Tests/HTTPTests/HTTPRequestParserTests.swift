import Testing
@testable import HTTP

/// Parses `text` fed in pieces of `fragment` bytes; returns heads, bodies and the first error.
func parseAll(_ text: String, fragment: Int = .max, limits: HTTPParserLimits = HTTPParserLimits())
    -> (heads: [HTTPRequestHead], bodies: [String], error: HTTPParseError?)
{
    let input = Array(text.utf8)
    var parser = HTTPRequestParser(limits: limits)
    var buffer: [UInt8] = []
    var heads: [HTTPRequestHead] = []
    var bodies: [String] = []
    var body: [UInt8] = []
    var fed = 0
    repeat {
        let n = min(fragment, input.count - fed)
        buffer.append(contentsOf: input[fed..<(fed + n)])
        fed += n
        loop: while true {
            let (step, consumed) = buffer.withUnsafeBytes { parser.parse($0) }
            switch step {
            case .needMore:
                buffer.removeFirst(consumed)
                break loop
            case .head(let head): heads.append(head)
            case .body(let range): body.append(contentsOf: buffer[range])
            case .end:
                bodies.append(String(decoding: body, as: UTF8.self))
                body = []
            case .error(let error): return (heads, bodies, error)
            }
            buffer.removeFirst(consumed)
        }
    } while fed < input.count
    return (heads, bodies, nil)
}

@Suite("HTTPRequestParser")
struct HTTPRequestParserTests {
    @Test func parsesAGetWithOrderedDuplicateHeaders() throws {
        let result = parseAll("GET /a/b?x=1&y HTTP/1.1\r\nHost: h\r\nX-Amz-Meta-A: 1\r\nx-amz-meta-a:  2 \r\n\r\n")
        let head = try #require(result.heads.first)
        #expect(result.error == nil)
        #expect(head.method == "GET" && head.path == "/a/b" && head.query == "x=1&y" && head.versionMinor == 1)
        #expect(head.headers.values(for: "X-AMZ-META-A") == ["1", "2"])
        #expect(head.headers["host"] == "h")
        #expect(head.keepAlive && !head.hasBody)
        #expect(result.bodies == [""])
    }

    @Test(arguments: [1, 2, 3, 7, 64])
    func fragmentedInputParsesLikeWholeInput(fragment: Int) {
        let text = "\r\nPOST /x HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n4;e=1\r\nabcd\r\n2\r\nef\r\n0\r\nT: 1\r\n\r\n"
            + "PUT /y HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nxyz" + "GET /z HTTP/1.0\r\n\r\n"
        let whole = parseAll(text)
        let pieces = parseAll(text, fragment: fragment)
        #expect(whole.error == nil)
        #expect(whole.heads.map(\.target) == ["/x", "/y", "/z"])
        #expect(whole.bodies == ["abcdef", "xyz", ""])
        #expect(pieces.heads == whole.heads, "fragment \(fragment)")
        #expect(pieces.bodies == whole.bodies, "fragment \(fragment)")
        #expect(whole.heads[2].keepAlive == false)
    }

    /// Found by libFuzzer (Tests/Fuzz/FailCases/http/leading-crlf-split): an empty line between
    /// requests whose CR and LF arrive in different reads was rejected as an empty request line.
    @Test func leadingCRLFSplitAcrossReadsIsIgnored() {
        let text = "PUT /o HTTP/1.1\r\nHost: a\r\n\r\n\r\n\r\nGET /n HTTP/1.1\r\nHost: a\r\n\r\n"
        for fragment in 1...8 {
            let result = parseAll(text, fragment: fragment)
            #expect(result.error == nil, "fragment \(fragment)")
            #expect(result.heads.map(\.target) == ["/o", "/n"], "fragment \(fragment)")
        }
    }

    @Test func limitsMapToStatuses() {
        var limits = HTTPParserLimits()
        limits.maxRequestLine = 32
        limits.maxHeaderField = 40
        limits.maxHeaderCount = 3
        limits.maxHeaderBytes = 100
        #expect(parseAll("GET /\(String(repeating: "a", count: 40))", limits: limits).error?.status == 414)
        #expect(parseAll("GET / HTTP/1.1\r\nX: \(String(repeating: "a", count: 50))", limits: limits).error?.status == 431)
        #expect(parseAll("GET / HTTP/1.1\r\nA: 1\r\nB: 1\r\nC: 1\r\nD: 1\r\n\r\n", limits: limits).error == .tooManyHeaders)
        let many = (0..<3).map { "X\($0): \(String(repeating: "v", count: 35))\r\n" }.joined()
        #expect(parseAll("GET / HTTP/1.1\r\n\(many)\r\n", limits: limits).error == .headersTooLarge)
    }

    @Test func framingErrorsAreClassified() {
        #expect(parseAll("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n").error == .conflictingFraming)
        #expect(parseAll("GET / HTTP/1.1\r\nHost : a\r\n\r\n").error == .invalidHeaderName)
        #expect(parseAll("GET / HTTP/1.1\r\nHost: a\r\n b\r\n\r\n").error == .obsoleteLineFolding)
        #expect(parseAll("GET / HTTP/1.1\nHost: a\r\n\r\n").error == .bareLineFeed)
        #expect(parseAll("GET / HTTP/1.1\r\nHost: a\rb\r\n\r\n").error == .bareCarriageReturn)
        #expect(parseAll("GET / HTTP/1.1\r\n\r\n").error == .missingHost)
        #expect(parseAll("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 1_0\r\n\r\n").error == .invalidContentLength("1_0"))
        #expect(parseAll("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffff\r\n").error == .invalidChunkSize)
        #expect(parseAll("GET / HTTP/3.0\r\nHost: a\r\n\r\n").error == .unsupportedVersion)
    }

    @Test func expectAndConnectionAreDecided() throws {
        let head = try #require(parseAll("PUT / HTTP/1.1\r\nHost: a\r\nExpect: 100-Continue\r\nConnection: Close\r\nContent-Length: 0\r\n\r\n").heads.first)
        #expect(head.expectsContinue)
        #expect(!head.keepAlive)
        let old = try #require(parseAll("GET / HTTP/1.0\r\nConnection: foo, Keep-Alive\r\n\r\n").heads.first)
        #expect(old.keepAlive)
    }
}
