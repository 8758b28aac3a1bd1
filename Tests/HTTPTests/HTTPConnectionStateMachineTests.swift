import Testing
@testable import HTTP

/// Drives the connection state machine with a fake clock (plain nanosecond values) and no I/O.
struct FakeConnection {
    var machine: HTTPConnectionStateMachine
    var now: UInt64 = 0
    var written: [UInt8] = []

    init(bodyLimit: Int = 1 << 20) {
        var timeouts = HTTPTimeouts()
        timeouts.header = .seconds(10)
        timeouts.idle = .seconds(30)
        timeouts.bodyProgress = .seconds(20)
        timeouts.writeStall = .seconds(15)
        timeouts.linger = .seconds(2)
        machine = HTTPConnectionStateMachine(now: 0, timeouts: timeouts, bodyLimit: { _ in bodyLimit })
    }

    mutating func receive(_ text: String) -> HTTPConnectionActions {
        Array(text.utf8).withUnsafeBytes { machine.bytesReceived($0, now: now) }
    }

    /// Writes all pending output, as a socket that accepts everything would.
    mutating func drain() -> HTTPConnectionActions {
        let bytes = machine.output.joined()
        written.append(contentsOf: bytes.dropFirst(machine.outputOffset))
        return machine.wrote(bytes.count - machine.outputOffset, now: now)
    }

    mutating func advance(seconds: UInt64) -> HTTPConnectionActions {
        now += seconds * 1_000_000_000
        return machine.timerFired(now: now)
    }

    var writtenText: String { String(decoding: written, as: UTF8.self) }
}

@Suite("HTTPConnectionStateMachine (fake clock)")
struct HTTPConnectionStateMachineTests {
    @Test func idleKeepAliveConnectionClosesSilentlyAtTheIdleDeadline() {
        var c = FakeConnection()
        #expect(c.machine.nextDeadline == 30_000_000_000)
        #expect(!c.advance(seconds: 29).close)
        let actions = c.advance(seconds: 1)
        #expect(actions.close)
        #expect(c.written.isEmpty)
    }

    @Test func slowHeadersGet408ThenLingeringClose() {
        var c = FakeConnection()
        _ = c.receive("GET / HT")
        #expect(c.machine.nextDeadline == 10_000_000_000)
        _ = c.advance(seconds: 5)
        _ = c.receive("TP/1.1\r\n")  // progress does not extend the header deadline
        let timedOut = c.advance(seconds: 5)
        #expect(timedOut.write && !timedOut.close)
        let drained = c.drain()
        #expect(c.writtenText.hasPrefix("HTTP/1.1 408 Request Timeout\r\n"))
        #expect(c.writtenText.contains("Connection: close"))
        #expect(drained.shutdownWrite && !drained.close)
        #expect(c.advance(seconds: 2).close)
    }

    @Test func stalledBodyGets408() {
        var c = FakeConnection()
        _ = c.receive("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc")
        _ = c.advance(seconds: 19)
        _ = c.receive("de")  // progress moves the body deadline
        #expect(!c.advance(seconds: 19).write)
        #expect(c.advance(seconds: 1).write)
        _ = c.drain()
        #expect(c.writtenText.hasPrefix("HTTP/1.1 408"))
    }

    @Test func stalledWriteClosesTheConnection() {
        var c = FakeConnection()
        let dispatched = c.receive("GET / HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(dispatched.dispatch?.path == "/")
        let answered = c.machine.respond(HTTPResponse(status: 200, body: [1, 2, 3]), now: c.now)
        #expect(answered.write && answered.deadline == 15_000_000_000)
        #expect(!c.advance(seconds: 14).close)
        #expect(c.advance(seconds: 1).close)
    }

    @Test func pipelinedRequestsAreDispatchedOneAtATimeInOrder() {
        var c = FakeConnection()
        let first = c.receive("GET /1 HTTP/1.1\r\nHost: a\r\n\r\nGET /2 HTTP/1.1\r\nHost: a\r\n\r\nGET /3 HTTP/1.1\r\nHo")
        #expect(first.dispatch?.path == "/1")
        let second = c.machine.respond(HTTPResponse(status: 200, body: Array("one".utf8)), now: c.now)
        #expect(second.dispatch?.path == "/2")
        let third = c.machine.respond(HTTPResponse(status: 201), now: c.now)
        #expect(third.dispatch == nil)
        #expect(c.receive("st: a\r\n\r\n").dispatch?.path == "/3")
        _ = c.drain()
        #expect(c.writtenText.split(separator: "HTTP/1.1 ").map { String($0.prefix(3)) } == ["200", "201"])
    }

    @Test func expectContinueSends100OnlyWhenTheBodyIsAccepted() {
        var ok = FakeConnection(bodyLimit: 100)
        _ = ok.receive("PUT / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n")
        _ = ok.drain()
        #expect(ok.writtenText == "HTTP/1.1 100 Continue\r\n\r\n")
        #expect(ok.receive("hello").dispatch?.body == Array("hello".utf8))

        var tooBig = FakeConnection(bodyLimit: 4)
        _ = tooBig.receive("PUT / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n")
        _ = tooBig.drain()
        #expect(tooBig.writtenText.hasPrefix("HTTP/1.1 413"))
        #expect(!tooBig.writtenText.contains("100 Continue"))
    }

    @Test func shutdownClosesIdleAndFinishesInFlightWithConnectionClose() {
        var idle = FakeConnection()
        #expect(idle.machine.beginShutdown(now: 0).close)

        var busy = FakeConnection()
        _ = busy.receive("GET / HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(!busy.machine.beginShutdown(now: 0).close)
        _ = busy.machine.respond(HTTPResponse(status: 200), now: 0)
        let drained = busy.drain()
        #expect(busy.writtenText.contains("Connection: close"))
        #expect(drained.shutdownWrite)
    }

    @Test func peerHalfCloseWithRequestInFlightAnswersThenCloses() {
        var c = FakeConnection()
        _ = c.receive("GET / HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(!c.machine.peerClosedInput(now: 0).close)
        _ = c.machine.respond(HTTPResponse(status: 200), now: 0)
        let drained = c.drain()
        #expect(drained.close)
        #expect(c.writtenText.contains("Connection: close"))
    }

    @Test func parseErrorAnswers400WithCloseAndIgnoresLaterBytes() {
        var c = FakeConnection()
        let actions = c.receive("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: x\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(actions.dispatch == nil && actions.write)
        #expect(c.receive("GET /again HTTP/1.1\r\nHost: a\r\n\r\n").dispatch == nil)
        _ = c.drain()
        #expect(c.writtenText.hasPrefix("HTTP/1.1 400 Bad Request\r\n"))
        #expect(c.writtenText.ranges(of: "HTTP/1.1").count == 1)
    }
}
