import Glibc
import Testing
@testable import HTTP

@Suite("Server behaviour over real sockets")
struct ServerBehaviourTests {
    @Test func expectContinueGets100ThenTheResponse() async throws {
        let server = try TestServer.start()
        let statuses = try await server.blocking { port -> [Int] in
            let connection = try HTTPClientConnection(port: port)
            try connection.send("PUT /up HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n")
            let interim = try connection.readResponse(timeout: .seconds(2))
            try connection.send("ok")
            let final = try connection.readResponse(timeout: testReadTimeout)
            return [interim.status, final.status, final.text == "path=/up body=ok" ? 1 : 0]
        }
        await server.stop()
        #expect(statuses == [100, 200, 1])
    }

    @Test func expectContinueOverLimitGetsFinal413Without100() async throws {
        let server = try TestServer.start()
        let result = try await server.blocking { port -> (Int, Bool) in
            let connection = try HTTPClientConnection(port: port)
            try connection.send("PUT /limited HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 100\r\n\r\n")
            let response = try connection.readResponse(timeout: .seconds(2))
            return (response.status, connection.readToClose() != nil)
        }
        await server.stop()
        #expect(result.0 == 413)
        #expect(result.1, "connection closed after the 413")
    }

    @Test func headAnd204CarryNoBody() async throws {
        let server = try TestServer.start()
        let result = try await server.blocking { port -> [String] in
            let connection = try HTTPClientConnection(port: port)
            try connection.send("HEAD /small HTTP/1.1\r\nHost: a\r\n\r\nGET /nocontent HTTP/1.1\r\nHost: a\r\n\r\n" + followUp)
            let head = try connection.readResponse(forHead: true)
            let noContent = try connection.readResponse(timeout: testReadTimeout)
            let next = try connection.readResponse(timeout: testReadTimeout)
            return ["\(head.status) \(head.headers["content-length"] ?? "-")", "\(noContent.status) \(noContent.headers["content-length"] ?? "-")", next.text]
        }
        await server.stop()
        #expect(result == ["200 5", "204 -", "path=/followup body="])
    }

    @Test func pipelinedRequestsAreAnsweredInOrderIncludingAsyncOnes() async throws {
        let server = try TestServer.start()
        let texts = try await server.blocking { port -> [String] in
            let connection = try HTTPClientConnection(port: port)
            try connection.send((1...5).map { i in
                i == 3 ? "GET /async HTTP/1.1\r\nHost: a\r\n\r\n" : "GET /p\(i) HTTP/1.1\r\nHost: a\r\n\r\n"
            }.joined())
            return try (1...5).map { _ in try connection.readResponse(timeout: testReadTimeout).text }
        }
        await server.stop()
        #expect(texts == ["path=/p1 body=", "path=/p2 body=", "async", "path=/p4 body=", "path=/p5 body="])
    }

    @Test func requestSplitIntoSingleBytesIsAnswered() async throws {
        let server = try TestServer.start()
        let text = try await server.blocking { port -> String in
            let connection = try HTTPClientConnection(port: port)
            for byte in "POST /frag HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n".utf8 {
                try connection.send([byte])
            }
            return try connection.readResponse(timeout: testReadTimeout).text
        }
        await server.stop()
        #expect(text == "path=/frag body=abc")
    }

    @Test func largeResponsesSurvivePartialWritesAndKeepTheConnection() async throws {
        let server = try TestServer.start()
        let result = try await server.blocking { port -> (Bool, String) in
            let connection = try HTTPClientConnection(port: port)
            try connection.send("GET /big HTTP/1.1\r\nHost: a\r\n\r\n" + followUp)
            usleep(200_000)  // let the server hit a full socket buffer before reading
            let big = try connection.readResponse(timeout: .seconds(10))
            let intact = big.body.count == 3 << 20
                && big.body.enumerated().allSatisfy { $0.element == UInt8(truncatingIfNeeded: $0.offset % 251) }
            return (intact, try connection.readResponse(timeout: testReadTimeout).text)
        }
        await server.stop()
        #expect(result.0, "3 MiB body intact")
        #expect(result.1 == "path=/followup body=")
    }

    @Test func halfClosedClientStillGetsItsResponse() async throws {
        let server = try TestServer.start()
        let result = try await server.blocking { port -> (String, Bool) in
            let connection = try HTTPClientConnection(port: port)
            try connection.send("GET /async HTTP/1.1\r\nHost: a\r\n\r\n")
            connection.shutdownWrite()
            let response = try connection.readResponse(timeout: testReadTimeout)
            return (response.text, connection.readToClose() != nil)
        }
        await server.stop()
        #expect(result.0 == "async")
        #expect(result.1, "closed after the response")
    }

    @Test func asyncClientReadsResponses() async throws {
        let server = try TestServer.start()
        let response = try await HTTPClient.send(port: server.port, method: "POST", path: "/c", body: Array("xyz".utf8))
        await server.stop()
        #expect(response.status == 200)
        #expect(response.text == "path=/c body=xyz")
    }

    @Test func clientConnectionIsReusedForKeepAliveRequests() async throws {
        let server = try TestServer.start()
        let texts = try await server.blocking { port -> [String] in
            let connection = try HTTPClientConnection(port: port)
            return try (0..<3).map { try connection.request(method: "POST", path: "/k\($0)", port: port, body: [65], timeout: testReadTimeout).text }
        }
        await server.stop()
        #expect(texts == ["path=/k0 body=A", "path=/k1 body=A", "path=/k2 body=A"])
    }

    @Test func gracefulShutdownFinishesInFlightWithConnectionClose() async throws {
        let server = try TestServer.start()
        let pending = Task {
            try await server.blocking { port -> (Int, String?) in
                let connection = try HTTPClientConnection(port: port)
                try connection.send("GET /slow HTTP/1.1\r\nHost: a\r\n\r\n")
                let response = try connection.readResponse(timeout: testReadTimeout)
                return (response.status, response.headers["connection"])
            }
        }
        // Shut down only once the request is really in flight in the handler (no sleep-and-hope).
        #expect(await server.slowRequestStarted.wait(timeout: testReadTimeout), "the /slow request never reached its handler")
        await server.stop()
        let (status, connection) = try await pending.value
        #expect(status == 200)
        #expect(connection == "close")
        #expect(server.server.port == nil)
    }
}
