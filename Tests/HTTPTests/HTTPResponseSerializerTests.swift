import Testing
@testable import HTTP

@Suite("Response serialization")
struct HTTPResponseSerializerTests {
    let date = Array("Sun, 06 Nov 1994 08:49:37 GMT".utf8)

    func render(_ response: HTTPResponse, head: Bool = false, minor: Int = 1, keepAlive: Bool = true) -> String {
        String(decoding: HTTPResponseSerializer.render(response, isHead: head, versionMinor: minor, keepAlive: keepAlive, date: date), as: UTF8.self)
    }

    @Test func framingFieldsComeFromTheServerNotTheResponder() {
        var response = HTTPResponse(status: 200, body: Array("hi".utf8))
        response.headers.add(name: "content-length", value: "99")
        response.headers.add(name: "Connection", value: "keep-alive")
        response.headers.add(name: "X-A", value: "1\r\nInjected: yes")
        response.headers.add(name: "X-B", value: "lf\nonly")
        response.headers.add(name: "X-C", value: "plain value")
        #expect(render(response, keepAlive: false)
            == "HTTP/1.1 200 OK\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\nContent-Length: 2\r\nConnection: close\r\nX-A: 1Injected: yes\r\nX-B: lfonly\r\nX-C: plain value\r\n\r\nhi")
    }

    @Test func headAnd204And304HaveNoBody() {
        let body = HTTPResponse(status: 200, body: Array("hello".utf8))
        #expect(render(body, head: true).hasSuffix("Content-Length: 5\r\n\r\n"))
        #expect(!render(HTTPResponse(status: 204, body: [1])).contains("Content-Length"))
        #expect(render(HTTPResponse(status: 304)).hasSuffix("GMT\r\n\r\n"))
    }

    @Test func http10KeepAliveIsExplicit() {
        #expect(render(HTTPResponse(status: 200), minor: 0).contains("HTTP/1.0 200 OK\r\n"))
        #expect(render(HTTPResponse(status: 200), minor: 0).contains("Connection: keep-alive\r\n"))
    }

    @Test func largeBodiesGoInASecondBuffer() {
        let large = HTTPResponse(status: 200, body: [UInt8](repeating: 7, count: 5000))
        #expect(HTTPResponseSerializer.needsSeparateBody(large, isHead: false))
        #expect(render(large).hasSuffix("Content-Length: 5000\r\n\r\n"))
    }

    @Test func httpDateIsIMFFixdate() {
        #expect(String(decoding: POSIX.httpDate(0), as: UTF8.self) == "Thu, 01 Jan 1970 00:00:00 GMT")
        #expect(String(decoding: POSIX.httpDate(784_111_777), as: UTF8.self) == "Sun, 06 Nov 1994 08:49:37 GMT")
    }
}
