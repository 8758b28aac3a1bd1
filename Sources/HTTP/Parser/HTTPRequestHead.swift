/// The parsed request line and header section of one request, with its body framing decided.
///
/// The parser fills the framing fields (`contentLength`, `isChunked`, `keepAlive`,
/// `expectsContinue`) once, so the connection and the responder never re-derive them from headers.
public struct HTTPRequestHead: Sendable, Equatable {
    /// The method token, as sent (case-sensitive, e.g. `GET`).
    public var method: String
    /// The request target as sent (origin-form `/a?b`, absolute-form or `*`).
    public var target: String
    /// The path part of the target (no query), `*` for asterisk-form.
    public var path: String
    /// The query string without `?`, or nil when the target has none.
    public var query: String?
    /// The minor version: 1 for HTTP/1.1, 0 for HTTP/1.0.
    public var versionMinor: Int
    /// The header fields in arrival order.
    public var headers: HTTPHeaders
    /// The declared body length, when the body is framed by Content-Length.
    public var contentLength: Int?
    /// True when the body is framed by `Transfer-Encoding: chunked`.
    public var isChunked: Bool
    /// Whether the connection may carry another request after this one (RFC 9112 §9.3).
    public var keepAlive: Bool
    /// True for an HTTP/1.1 request with `Expect: 100-continue`.
    public var expectsContinue: Bool

    /// Creates a head; tests and clients use this, the server gets heads from the parser.
    public init(
        method: String, target: String, versionMinor: Int = 1, headers: HTTPHeaders = HTTPHeaders(),
        contentLength: Int? = nil, isChunked: Bool = false, keepAlive: Bool = true,
        expectsContinue: Bool = false
    ) {
        self.method = method
        self.target = target
        let (path, query) = Self.split(target: target)
        self.path = path
        self.query = query
        self.versionMinor = versionMinor
        self.headers = headers
        self.contentLength = contentLength
        self.isChunked = isChunked
        self.keepAlive = keepAlive
        self.expectsContinue = expectsContinue
    }

    /// True when a body follows the head.
    public var hasBody: Bool { isChunked || (contentLength ?? 0) > 0 }

    /// The version as text, e.g. `HTTP/1.1`.
    public var version: String { versionMinor == 1 ? "HTTP/1.1" : "HTTP/1.0" }

    /// Splits a request target into path and query; absolute-form loses its scheme and authority.
    static func split(target: String) -> (path: String, query: String?) {
        var rest = Substring(target)
        if !rest.hasPrefix("/"), let scheme = rest.firstRange(of: "://") {
            rest = rest[scheme.upperBound...]
            if let slash = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) {
                rest = rest[slash...]
            } else {
                rest = ""
            }
            if rest.isEmpty || rest.hasPrefix("?") { rest = "/" + rest }
        }
        if let q = rest.firstIndex(of: "?") {
            return (String(rest[..<q]), String(rest[rest.index(after: q)...]))
        }
        return (String(rest), nil)
    }
}
