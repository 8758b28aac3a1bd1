import Testing
@testable import HTTP

/// The blocking client's descriptor ownership.
struct HTTPClientConnectionTests {
    /// A failed connect once closed its socket and then closed the same number again in `deinit`;
    /// when another thread had been handed that number in between, its socket was closed under it
    /// (EBADF or an early EOF). Failed connects race live round trips here; every round trip must
    /// complete.
    @Test func failedConnectsNeverCloseAnotherThreadsSocket() async throws {
        let dead = try TestServer.start()
        let deadPort = dead.port
        await dead.stop()  // nothing listens there any more: every connect is refused
        let server = try TestServer.start()
        let rounds = 3_000
        async let refused: Int = DedicatedThread.run {
            var refusedCount = 0
            for _ in 0..<rounds where (try? HTTPClientConnection(port: deadPort)) == nil { refusedCount += 1 }
            return refusedCount
        }
        let ok = try await server.blocking { port -> Int in
            var ok = 0
            for i in 0..<rounds {
                let connection = try HTTPClientConnection(port: port)
                try connection.send("GET /r\(i) HTTP/1.1\r\nHost: a\r\n\r\n")
                if try connection.readResponse(timeout: testReadTimeout).text == "path=/r\(i) body=" { ok += 1 }
            }
            return ok
        }
        let refusedCount = try await refused
        await server.stop()
        #expect(refusedCount == rounds, "connects to a closed port must be refused")
        #expect(ok == rounds)
    }
}
