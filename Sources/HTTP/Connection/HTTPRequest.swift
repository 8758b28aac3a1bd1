/// A complete request as the responder sees it: the parsed head, the whole body and where it came from.
public struct HTTPRequest: Sendable, Equatable {
    /// The parsed head.
    public var head: HTTPRequestHead
    /// The body bytes (de-chunked).
    public var body: [UInt8]
    /// Peer and local addresses.
    public var connection: HTTPConnectionInfo

    /// Creates a request.
    public init(head: HTTPRequestHead, body: [UInt8] = [], connection: HTTPConnectionInfo = HTTPConnectionInfo()) {
        self.head = head
        self.body = body
        self.connection = connection
    }

    /// The method, e.g. `GET`.
    public var method: String { head.method }
    /// The request target as sent.
    public var target: String { head.target }
    /// The path without the query.
    public var path: String { head.path }
    /// The query string without `?`, or nil.
    public var query: String? { head.query }
    /// The header fields in arrival order.
    public var headers: HTTPHeaders { head.headers }
    /// The version text, e.g. `HTTP/1.1`.
    public var version: String { head.version }
}
