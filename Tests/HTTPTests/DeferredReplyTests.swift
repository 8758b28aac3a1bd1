import Testing
@testable import HTTP

/// `.deferred` replies: the response comes back through an `HTTPResponseSink` instead of a task.
@Suite struct DeferredReplyTests {
    @Test func deferredRepliesKeepPipelinedOrderFromATaskOrInline() async throws {
        let server = try TestServer.start()
        let texts = try await server.blocking { port -> [String] in
            let connection = try HTTPClientConnection(port: port)
            let paths = ["/p1", "/deferred", "/p3", "/deferred-inline", "/p5"]
            try connection.send(paths.map { "GET \($0) HTTP/1.1\r\nHost: a\r\n\r\n" }.joined())
            return try paths.map { _ in
                let response = try connection.readResponse(timeout: testReadTimeout)
                return "\(response.status) \(response.text)"
            }
        }
        await server.stop()
        #expect(texts == ["200 path=/p1 body=", "200 deferred", "200 path=/p3 body=", "201 inline", "200 path=/p5 body="])
    }

    @Test func onlyTheFirstSendReachesTheConnection() async throws {
        let server = try TestServer.start()
        let texts = try await server.blocking { port -> [String] in
            let connection = try HTTPClientConnection(port: port)
            var texts: [String] = []
            // One at a time, so a leaked duplicate would be read as the answer to `/after`.
            for path in ["/deferred", "/after", "/deferred", "/after"] {
                try connection.send("GET \(path) HTTP/1.1\r\nHost: a\r\n\r\n")
                texts.append(try connection.readResponse(timeout: testReadTimeout).text)
            }
            return texts
        }
        await server.stop()
        #expect(texts == ["deferred", "path=/after body=", "deferred", "path=/after body="])
        let sends = deferredSends.all
        #expect(sends.count >= 4 && sends.count % 2 == 0, "\(sends)")
        #expect(stride(from: 0, to: sends.count, by: 2).allSatisfy { sends[$0] && !sends[$0 + 1] }, "\(sends)")
    }

    @Test func deferredReplyForAClosedConnectionIsDropped() async throws {
        let server = try TestServer.start()
        let reply = try await server.blocking { port -> String in
            // Ask for a deferred reply and hang up before it arrives; a new connection still works.
            do {
                let first = try HTTPClientConnection(port: port)
                try first.send("GET /deferred HTTP/1.1\r\nHost: a\r\n\r\n")
            }  // `first` is closed here (its deinit), before its reply can arrive
            let second = try HTTPClientConnection(port: port)
            try second.send("GET /deferred HTTP/1.1\r\nHost: a\r\n\r\n")
            return try second.readResponse(timeout: testReadTimeout).text
        }
        await server.stop()
        #expect(reply == "deferred")
    }
}
