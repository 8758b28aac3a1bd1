/// The lifecycle of one server connection as a pure state machine: bytes, peer EOF, responses,
/// write progress and time go in; `HTTPConnectionActions` come out.
///
/// It exists so keep-alive, pipelining, 100-continue, limits, timeouts, lingering close and
/// graceful shutdown are decided without I/O and can be tested with a fake clock. The event loop
/// only executes the actions. Pipelined requests are dispatched one at a time, strictly in order.
public struct HTTPConnectionStateMachine {
    enum Phase: Equatable {
        /// Between requests, waiting since the given time.
        case idle(since: UInt64)
        /// Part of a head has arrived; it started at the given time.
        case head(started: UInt64)
        /// Reading the body of `head`; last progress at the given time.
        case body(lastProgress: UInt64)
        /// A request was dispatched; waiting for the responder.
        case awaitingResponse
        /// A final response (ending the connection) is queued; waiting for it to drain.
        case closing
        /// Output is drained and the write side is shut; discarding input until the deadline.
        case lingering(until: UInt64)
        case closed
    }

    /// Most bytes buffered while a response is pending before reading pauses (back-pressure).
    public static let maxBufferedInput = 64 * 1024

    var parser: HTTPRequestParser
    let timeouts: (header: UInt64, idle: UInt64, body: UInt64, write: UInt64, linger: UInt64)
    let bodyLimit: (HTTPRequestHead) -> Int
    let info: HTTPConnectionInfo
    var phase: Phase
    var input: [UInt8] = []
    var head: HTTPRequestHead? = nil
    var body: [UInt8] = []
    var currentBodyLimit = 0
    var pendingDispatch: HTTPRequest? = nil
    /// Output buffers in order; `outputOffset` bytes of the first were already written.
    public internal(set) var output: [[UInt8]] = []
    public internal(set) var outputOffset = 0
    var lastWriteProgress: UInt64 = 0
    var closeAfterOutput = false
    var pendingShutdownWrite = false
    var peerClosed = false
    var shuttingDown = false
    /// The cached `Date` value (IMF-fixdate bytes) used in responses; the loop refreshes it.
    public var date: [UInt8] = Array("Thu, 01 Jan 1970 00:00:00 GMT".utf8)

    /// Creates a connection that has just been accepted at `now`.
    public init(
        now: UInt64, limits: HTTPParserLimits = HTTPParserLimits(), timeouts: HTTPTimeouts = HTTPTimeouts(),
        info: HTTPConnectionInfo = HTTPConnectionInfo(), bodyLimit: @escaping (HTTPRequestHead) -> Int
    ) {
        parser = HTTPRequestParser(limits: limits)
        self.timeouts = (
            HTTPTimeouts.nanos(timeouts.header), HTTPTimeouts.nanos(timeouts.idle),
            HTTPTimeouts.nanos(timeouts.bodyProgress), HTTPTimeouts.nanos(timeouts.writeStall),
            HTTPTimeouts.nanos(timeouts.linger)
        )
        self.bodyLimit = bodyLimit
        self.info = info
        phase = .idle(since: now)
    }

    /// True once the socket must be (or has been) closed.
    public var isClosed: Bool { phase == .closed }
    /// True while output waits to be written.
    public var hasPendingOutput: Bool { !output.isEmpty }
    /// True when the shell should read from the socket (EPOLLIN).
    public var wantsRead: Bool {
        switch phase {
        case .closed: return false
        case .lingering: return !peerClosed
        case .awaitingResponse: return !peerClosed && input.count < Self.maxBufferedInput
        default:
            // While parsing, buffered input is bounded by the parser limits and the body limit.
            return !peerClosed && !closeAfterOutput
        }
    }
    /// True when no request is in progress (idle keep-alive connection).
    public var isIdle: Bool {
        if case .idle = phase { return input.isEmpty && output.isEmpty }
        return false
    }

    /// The next time `timerFired` must run.
    public var nextDeadline: UInt64? {
        var d: UInt64?
        switch phase {
        case .idle(let since): d = since &+ timeouts.idle
        case .head(let started): d = started &+ timeouts.header
        case .body(let last): d = last &+ timeouts.body
        case .awaitingResponse, .closing, .closed: d = nil
        case .lingering(let until): d = until
        }
        if !output.isEmpty {
            let w = lastWriteProgress &+ timeouts.write
            d = min(d ?? w, w)
        }
        return d
    }

    func actions(dispatch: HTTPRequest? = nil) -> HTTPConnectionActions {
        HTTPConnectionActions(
            dispatch: dispatch, write: !output.isEmpty && phase != .closed, shutdownWrite: pendingShutdownWrite,
            close: phase == .closed, deadline: phase == .closed ? nil : nextDeadline)
    }

    /// Finishes an event: emits the one-shot shutdown flag and the current state as actions.
    mutating func finish(dispatch: HTTPRequest? = nil) -> HTTPConnectionActions {
        let result = actions(dispatch: dispatch)
        pendingShutdownWrite = false
        return result
    }

    /// Queues bytes to write, starting the write-stall clock if output was empty.
    mutating func enqueue(_ bytes: [UInt8], now: UInt64) {
        if bytes.isEmpty { return }
        if output.isEmpty { lastWriteProgress = now }
        output.append(bytes)
    }

    /// Queues the server's own error response and closes after it.
    mutating func fail(status: Int, now: UInt64) {
        let rendered = HTTPResponseSerializer.render(
            .plain(status), isHead: head?.method == "HEAD", versionMinor: head?.versionMinor ?? 1,
            keepAlive: false, date: date)
        enqueue(rendered, now: now)
        closeAfterOutput = true
        head = nil
        body = []
        input = []
        pendingDispatch = nil
        phase = .closing
        afterOutputChange(now: now)
    }

    /// Once output is drained on a closing connection, start the lingering close.
    mutating func afterOutputChange(now: UInt64) {
        guard closeAfterOutput, output.isEmpty, phase != .closed else { return }
        if case .lingering = phase { return }
        if peerClosed {
            phase = .closed
        } else {
            pendingShutdownWrite = true
            phase = .lingering(until: now &+ timeouts.linger)
        }
    }
}
