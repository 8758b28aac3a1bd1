import Testing
@testable import HTTP

/// One row of reliability.md §4.1: raw request bytes, the status the server must answer, and
/// whether it must close the connection afterwards.
struct RobustnessCase: Sendable, CustomTestStringConvertible {
    var name: String
    var request: String
    var status: Int
    var closes: Bool
    var testDescription: String { name }
}

let followUp = "GET /followup HTTP/1.1\r\nHost: a\r\n\r\n"

let robustnessCases: [RobustnessCase] = [
    .init(name: "valid GET", request: "GET /x HTTP/1.1\r\nHost: a\r\n\r\n", status: 200, closes: false),
    .init(name: "whitespace before colon", request: "GET / HTTP/1.1\r\nHost : a\r\n\r\n", status: 400, closes: true),
    .init(name: "obs-fold", request: "GET / HTTP/1.1\r\nHost: a\r\nX-A: 1\r\n  2\r\n\r\n", status: 400, closes: true),
    .init(name: "missing Host", request: "GET / HTTP/1.1\r\nX: 1\r\n\r\n", status: 400, closes: true),
    .init(name: "two Host", request: "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", status: 400, closes: true),
    .init(name: "invalid Host", request: "GET / HTTP/1.1\r\nHost: a/b\r\n\r\n", status: 400, closes: true),
    .init(name: "TE + CL", request: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", status: 400, closes: true),
    .init(name: "TE chunked not final", request: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, gzip\r\n\r\n0\r\n\r\n", status: 400, closes: true),
    .init(name: "TE unknown coding", request: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: pigeons\r\n\r\n", status: 400, closes: true),
    .init(name: "TE twice chunked", request: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", status: 400, closes: true),
    .init(name: "CL abc", request: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: abc\r\n\r\n", status: 400, closes: true),
    .init(name: "CL -1", request: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n", status: 400, closes: true),
    .init(name: "CL +5", request: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: +5\r\n\r\nhello", status: 400, closes: true),
    .init(name: "CL 0x10", request: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0x10\r\n\r\n", status: 400, closes: true),
    .init(name: "CL 1_0", request: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1_0\r\n\r\n", status: 400, closes: true),
    .init(name: "CL overflow", request: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999999\r\n\r\n", status: 400, closes: true),
    .init(name: "CL differing duplicates", request: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!", status: 400, closes: true),
    .init(name: "CL list", request: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5, 6\r\n\r\nhello!", status: 400, closes: true),
    .init(name: "CL identical duplicates collapse", request: "POST /dup HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nhello", status: 200, closes: false),
    .init(name: "bare CR in value", request: "GET / HTTP/1.1\r\nHost: a\r\nX: a\rb\r\n\r\n", status: 400, closes: true),
    .init(name: "bare LF", request: "GET / HTTP/1.1\nHost: a\n\n", status: 400, closes: true),
    .init(name: "NUL in value", request: "GET / HTTP/1.1\r\nHost: a\r\nX: a\u{0}b\r\n\r\n", status: 400, closes: true),
    .init(name: "CTL in value", request: "GET / HTTP/1.1\r\nHost: a\r\nX: a\u{1}b\r\n\r\n", status: 400, closes: true),
    .init(name: "high byte in name", request: "GET / HTTP/1.1\r\nHost: a\r\nXé: 1\r\n\r\n", status: 400, closes: true),
    .init(name: "chunk size Z", request: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nZ\r\nhello\r\n0\r\n\r\n", status: 400, closes: true),
    .init(name: "chunk size 0_2e", request: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0_2e\r\n\r\n", status: 400, closes: true),
    .init(name: "chunk size leading CR", request: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n\r5\r\nhello\r\n0\r\n\r\n", status: 400, closes: true),
    .init(name: "bad chunk-ext", request: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5 x\r\nhello\r\n0\r\n\r\n", status: 400, closes: true),
    .init(name: "chunk missing CRLF", request: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhelloXX0\r\n\r\n", status: 400, closes: true),
    .init(name: "valid chunked with ext and trailer", request: "POST /chunked HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5;a=b\r\nhello\r\n1\r\n!\r\n0\r\nX-T: 1\r\n\r\n", status: 200, closes: false),
    .init(name: "request line too long", request: "GET /\(String(repeating: "a", count: 9000)) HTTP/1.1\r\nHost: a\r\n\r\n", status: 414, closes: true),
    .init(name: "header field too large", request: "GET / HTTP/1.1\r\nHost: a\r\nX: \(String(repeating: "b", count: 17 * 1024))\r\n\r\n", status: 431, closes: true),
    .init(name: "headers too large", request: "GET / HTTP/1.1\r\nHost: a\r\n" + (0..<5).map { "X-\($0): \(String(repeating: "c", count: 15 * 1024))\r\n" }.joined() + "\r\n", status: 431, closes: true),
    .init(name: "too many headers", request: "GET / HTTP/1.1\r\nHost: a\r\n" + (0..<101).map { "X-\($0): 1\r\n" }.joined() + "\r\n", status: 431, closes: true),
    .init(name: "body over route limit", request: "POST /limited HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\nhello world", status: 413, closes: true),
    .init(name: "chunked body over route limit", request: "POST /limited HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nb\r\nhello world\r\n0\r\n\r\n", status: 413, closes: true),
    .init(name: "unsupported version", request: "GET / HTTP/2.0\r\nHost: a\r\n\r\n", status: 505, closes: true),
    .init(name: "garbage request line", request: "GET  / HTTP/1.1\r\nHost: a\r\n\r\n", status: 400, closes: true),
    .init(name: "HTTP/1.0 without keep-alive closes", request: "GET /old HTTP/1.0\r\n\r\n", status: 200, closes: true),
    .init(name: "HTTP/1.0 keep-alive", request: "GET /old HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", status: 200, closes: false),
    .init(name: "Connection: close", request: "GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n", status: 200, closes: true),
    .init(name: "TE in HTTP/1.0", request: "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", status: 400, closes: true),
    .init(name: "target not in origin form", request: "GET a:b HTTP/1.1\r\nHost: a\r\n\r\n", status: 400, closes: true),
    .init(name: "asterisk target outside OPTIONS", request: "GET * HTTP/1.1\r\nHost: a\r\n\r\n", status: 400, closes: true),
    .init(name: "OPTIONS *", request: "OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n", status: 200, closes: false),
    .init(name: "leading empty line ignored", request: "\r\nGET /lead HTTP/1.1\r\nHost: a\r\n\r\n", status: 200, closes: false),
    .init(name: "absolute-form target", request: "GET http://a/abs?x=1 HTTP/1.1\r\nHost: a\r\n\r\n", status: 200, closes: false),
]

@Suite("RFC 9112 robustness over real sockets")
struct RobustnessTableTests {
    /// Sends the case with a valid request pipelined right behind it. A case that keeps the
    /// connection must then answer the follow-up correctly (no mis-framing); a case that closes
    /// must send nothing more, so bytes smuggled after a bad request are never served.
    @Test(arguments: robustnessCases)
    func row(_ row: RobustnessCase) async throws {
        let server = try TestServer.start()
        let outcome = try await server.blocking { port -> (Int, Bool, String?) in
            let connection = try HTTPClientConnection(port: port)
            try connection.send(row.request + followUp)
            let first = try connection.readResponse(timeout: testReadTimeout)
            let closeHeader = first.headers["connection"]?.lowercased() == "close"
            if row.closes {
                let rest = connection.readToClose()
                return (first.status, closeHeader, rest.map { String(decoding: $0, as: UTF8.self) })
            }
            let second = try connection.readResponse(timeout: testReadTimeout)
            return (first.status, closeHeader, "\(second.status) \(second.text)")
        }
        await server.stop()
        #expect(outcome.0 == row.status, "\(row.name): status")
        if row.closes {
            #expect(outcome.1, "\(row.name): response says Connection: close")
            #expect(outcome.2 == "", "\(row.name): nothing after the response, then EOF (nil = stayed open)")
        } else {
            #expect(!outcome.1, "\(row.name): kept alive")
            #expect(outcome.2 == "200 path=/followup body=", "\(row.name): follow-up framed correctly")
        }
    }

    @Test func responseBodiesReachTheResponder() async throws {
        let server = try TestServer.start()
        let texts = try await server.blocking { port -> [String] in
            let connection = try HTTPClientConnection(port: port)
            try connection.send(
                "POST /dup HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nhello"
                    + "POST /chunked HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5;a=b\r\nhello\r\n1\r\n!\r\n0\r\nX-T: 1\r\n\r\n")
            return [try connection.readResponse(timeout: testReadTimeout).text, try connection.readResponse(timeout: testReadTimeout).text]
        }
        await server.stop()
        #expect(texts == ["path=/dup body=hello", "path=/chunked body=hello!"])
    }
}
