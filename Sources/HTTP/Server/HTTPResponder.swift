/// What a responder returns for one request: a response now, or work that produces one later.
public enum HTTPReply: Sendable {
    /// Answered synchronously on the event-loop thread (the fast path, e.g. health checks).
    case now(HTTPResponse)
    /// Answered asynchronously: the closure runs in a `Task` and its response is handed back to
    /// the connection's loop through an eventfd wake-up.
    case later(@Sendable () async -> HTTPResponse)
    /// Answered through a callback: the closure runs at once on the loop thread (it must not
    /// block) and starts the work; whoever finishes it calls `HTTPResponseSink.send` once, from
    /// any thread. Costs no `Task`, unlike `.later`, for responders that already have a callback.
    case deferred(@Sendable (HTTPResponseSink) -> Void)
}

/// Handles requests for an `HTTPServer`.
///
/// Both methods are called on an event-loop thread and must not block: do slow work in
/// `.later`. `bodyLimit` is asked once the head is parsed, before any body byte is buffered, so a
/// route can refuse oversized bodies with 413 (and without sending `100 Continue`).
public protocol HTTPResponder: Sendable {
    /// The largest body (in bytes) accepted for this request head.
    func bodyLimit(for head: HTTPRequestHead) -> Int
    /// Answers a complete request.
    func respond(to request: HTTPRequest) -> HTTPReply
}

extension HTTPResponder {
    /// Default: 1 MiB.
    public func bodyLimit(for head: HTTPRequestHead) -> Int { 1 << 20 }
}

/// A responder made of closures, for tests and small servers.
public struct HTTPClosureResponder: HTTPResponder {
    let limit: @Sendable (HTTPRequestHead) -> Int
    let handler: @Sendable (HTTPRequest) -> HTTPReply

    /// Creates a responder with a fixed body limit.
    public init(bodyLimit: Int = 1 << 20, _ handler: @escaping @Sendable (HTTPRequest) -> HTTPReply) {
        self.limit = { _ in bodyLimit }
        self.handler = handler
    }

    /// Creates a responder whose body limit depends on the head.
    public init(
        bodyLimit: @escaping @Sendable (HTTPRequestHead) -> Int,
        _ handler: @escaping @Sendable (HTTPRequest) -> HTTPReply
    ) {
        self.limit = bodyLimit
        self.handler = handler
    }

    public func bodyLimit(for head: HTTPRequestHead) -> Int { limit(head) }
    public func respond(to request: HTTPRequest) -> HTTPReply { handler(request) }
}
