/// The per-connection deadlines the server enforces, in nanoseconds of a monotonic clock.
///
/// Each one closes a way a client can hold a connection without making progress: slowloris
/// headers, slow bodies, idle keep-alive connections and readers that never drain responses.
public struct HTTPTimeouts: Sendable, Equatable {
    /// From the first byte of a request to the end of its head (slowloris); answered 408.
    public var header: Duration = .seconds(10)
    /// Idle keep-alive time between requests; the connection closes silently.
    public var idle: Duration = .seconds(30)
    /// Longest gap with no body bytes while a body is being read; answered 408.
    public var bodyProgress: Duration = .seconds(30)
    /// Longest time pending output makes no progress (slow reader); the connection is dropped.
    public var writeStall: Duration = .seconds(30)
    /// After an error response, how long to keep draining input before closing (lingering close,
    /// so the client reads the response instead of a reset).
    public var linger: Duration = .seconds(2)

    /// Creates the default timeouts.
    public init() {}

    static func nanos(_ d: Duration) -> UInt64 {
        let c = d.components
        return UInt64(max(0, c.seconds)) &* 1_000_000_000 &+ UInt64(max(0, c.attoseconds / 1_000_000_000))
    }
}

/// Connection facts a request carries to the responder.
public struct HTTPConnectionInfo: Sendable, Equatable {
    /// The peer's IP address as text.
    public var remoteAddress: String
    /// The peer's port.
    public var remotePort: Int
    /// The server port the connection arrived on.
    public var localPort: Int

    /// Creates connection facts.
    public init(remoteAddress: String = "127.0.0.1", remotePort: Int = 0, localPort: Int = 0) {
        self.remoteAddress = remoteAddress
        self.remotePort = remotePort
        self.localPort = localPort
    }
}

/// What the I/O shell must do after feeding an event to `HTTPConnectionStateMachine`.
public struct HTTPConnectionActions: Sendable, Equatable {
    /// A complete request to hand to the responder (at most one in flight per connection).
    public var dispatch: HTTPRequest?
    /// Output is pending: write it (and watch for writability while it stays pending).
    public var write: Bool
    /// Shut down the write side now (lingering close: input is drained until EOF or timeout).
    public var shutdownWrite: Bool
    /// Close the socket now.
    public var close: Bool
    /// The next deadline (monotonic nanoseconds) at which `timerFired` must be called, if any.
    public var deadline: UInt64?
}
