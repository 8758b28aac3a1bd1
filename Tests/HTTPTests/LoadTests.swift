import Glibc
import Testing
@testable import HTTP

@Suite("Load and resource behaviour", .serialized)
struct LoadTests {
    /// 500 connections dribble one header byte a second while a normal client keeps getting
    /// answers; with a 2 s header timeout every slow connection gets 408 and is closed, so the
    /// test is bounded (about 4 s).
    @Test func slowlorisConnectionsDoNotStarveNormalClients() async throws {
        var timeouts = HTTPTimeouts()
        timeouts.header = .seconds(2)
        timeouts.linger = .milliseconds(500)
        let server = try TestServer.start(loops: 2, timeouts: timeouts)
        let slow = Task {
            try await server.blocking { port -> (opened: Int, got408: Int, closed: Int) in
                var connections: [HTTPClientConnection] = []
                for _ in 0..<500 { connections.append(try HTTPClientConnection(port: port)) }
                let line = Array("GET / HTTP/1.1\r\nHost: a\r\nX-Slow: ".utf8)
                for second in 0..<3 {
                    for connection in connections { try? connection.send([line[second]]) }
                    usleep(1_000_000)
                }
                var got408 = 0
                var closed = 0
                for connection in connections {
                    if let response = try? connection.readResponse(timeout: .seconds(2)), response.status == 408 { got408 += 1 }
                    if connection.readToClose(timeout: .seconds(2)) != nil { closed += 1 }
                }
                return (connections.count, got408, closed)
            }
        }
        try await Task.sleep(for: .milliseconds(300))
        let answered = try await server.blocking { port -> Int in
            var ok = 0
            for i in 0..<20 {
                let connection = try HTTPClientConnection(port: port)
                try connection.send("GET /n\(i) HTTP/1.1\r\nHost: a\r\n\r\n")
                if let response = try? connection.readResponse(timeout: .seconds(1)), response.text == "path=/n\(i) body=" { ok += 1 }
                usleep(50_000)
            }
            return ok
        }
        let result = try await slow.value
        await server.stop()
        #expect(answered == 20, "normal client answered while 500 slowloris connections were open")
        #expect(result.opened == 500)
        #expect(result.got408 == 500, "every slow connection got 408 at the header deadline")
        #expect(result.closed == 500, "and was closed")
    }

    /// Keep-alive GETs with a small body: catches Nagle/delayed-ACK stalls, which cost 40 ms per
    /// response. The bound sits far from both the stall and a loaded CI box's scheduling noise;
    /// the latency itself is a benchmark figure (`regionstack bench http`), not a test.
    @Test func keepAliveResponsesAreNotStalledByNagle() async throws {
        let server = try TestServer.start()
        let samples = try await server.blocking { port -> [UInt64] in
            let connection = try HTTPClientConnection(port: port)
            var samples: [UInt64] = []
            for _ in 0..<200 {
                let start = POSIX.monotonicNanos()
                try connection.send("GET /small HTTP/1.1\r\nHost: a\r\n\r\n")
                let response = try connection.readResponse(timeout: testReadTimeout)
                precondition(response.text == "hello")
                samples.append(POSIX.monotonicNanos() - start)
            }
            return samples
        }
        await server.stop()
        let median = samples.sorted()[samples.count / 2]
        #expect(median < 20_000_000, "median keep-alive latency \(median) ns: a 40 ms Nagle/delayed-ACK stall?")
    }

    /// 10,000 sequential connections leave no descriptor behind.
    @Test func sequentialConnectionsLeakNoDescriptors() async throws {
        let server = try TestServer.start()
        // Warm up so lazily created descriptors (epoll, eventfd, runtime) exist before counting.
        _ = try await HTTPClient.send(port: server.port, path: "/warm")
        let before = openFileDescriptorCount()
        let ok = try await server.blocking { port -> Int in
            var ok = 0
            for i in 0..<10_000 {
                let connection = try HTTPClientConnection(port: port)
                try connection.send(i % 2 == 0 ? "GET /s HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n" : "GET /s HTTP/1.1\r\nHost: a\r\n\r\n")
                if try connection.readResponse(timeout: testReadTimeout).status == 200 { ok += 1 }
            }
            return ok
        }
        var open = server.server.openConnections
        for _ in 0..<100 where open > 0 {
            try await Task.sleep(for: .milliseconds(20))
            open = server.server.openConnections
        }
        let after = openFileDescriptorCount()
        await server.stop()
        #expect(ok == 10_000)
        #expect(open == 0, "server connections still open")
        // Other suites run in parallel in this process, so allow a little slack; a leak here would be thousands.
        #expect(after - before < 64, "descriptors before \(before), after \(after)")
    }

    /// At the connection cap accepting pauses: a third client waits in the backlog and is served
    /// once one of the first two leaves.
    @Test func connectionCapPausesAcceptingUntilAConnectionCloses() async throws {
        let server = try TestServer.start(maxConnections: 2)
        let result = try await server.blocking { port -> (Int, Bool, Int) in
            var first: HTTPClientConnection? = try HTTPClientConnection(port: port)
            let second = try HTTPClientConnection(port: port)
            var served = 0
            for connection in [first!, second] {
                try connection.send("GET /a HTTP/1.1\r\nHost: a\r\n\r\n")
                if try connection.readResponse(timeout: testReadTimeout).status == 200 { served += 1 }
            }
            let third = try HTTPClientConnection(port: port)
            try third.send("GET /third HTTP/1.1\r\nHost: a\r\n\r\n")
            let waitedWhileFull = (try? third.readResponse(timeout: .milliseconds(300))) == nil
            first = nil  // closes the socket
            let late = try third.readResponse(timeout: .seconds(3))
            _ = first
            return (served, waitedWhileFull, late.status)
        }
        await server.stop()
        #expect(result.0 == 2)
        #expect(result.1, "third connection not served while two are open")
        #expect(result.2 == 200, "third connection served after one closed")
    }
}
