import Synchronization

/// Where a `.deferred` reply hands its response back to the connection's event loop.
///
/// Why: a responder whose work already ends in a callback (a Lambda invocation reports through
/// one) would otherwise need a `Task` per request only to await that callback; the sink lets the
/// callback post the response to the loop directly. Only the first `send` counts (later ones are
/// dropped), and a response for a connection that closed meanwhile is dropped by the loop.
public final class HTTPResponseSink: Sendable {
    private let loop: HTTPEventLoop
    private let fd: Int32
    private let id: UInt64
    private let sent = Atomic<Bool>(false)

    init(loop: HTTPEventLoop, fd: Int32, id: UInt64) {
        self.loop = loop
        self.fd = fd
        self.id = id
    }

    /// Hands `response` to the connection's loop (from any thread); true for the first call.
    @discardableResult
    public func send(_ response: HTTPResponse) -> Bool {
        guard !sent.exchange(true, ordering: .acquiringAndReleasing) else { return false }
        loop.post(.response(fd: fd, id: id, response))
        return true
    }

    /// True once `send` has been called.
    public var isSent: Bool { sent.load(ordering: .acquiring) }
}
