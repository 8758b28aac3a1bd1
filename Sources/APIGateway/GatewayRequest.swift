/// One request as the HTTP layer hands it to the gateway, with the clocks it was received at.
///
/// The gateway core never reads a clock: `monotonicNanos` drives throttles and latency,
/// `epochMillis` is the wall-clock time used for `requestTime` and quota periods.
public struct GatewayRequest: Sendable {
    public var method: String
    /// The path as received, without the query string, starting with `/<stage>`.
    public var rawPath: String
    /// The raw query string after `?` (no `?`), or nil when the URL had none.
    public var rawQuery: String?
    /// Headers in arrival order, with duplicates.
    public var headers: [HeaderField]
    public var body: [UInt8]
    /// The client's IP address (the TCP peer).
    public var sourceIP: String
    /// The `Host` header the client sent to the local listener (for information; the Lambda sees the
    /// API's execute-api domain as AWS does).
    public var hostHeader: String?
    public var protocolVersion: String
    public var epochMillis: Int64
    public var monotonicNanos: UInt64

    public init(
        method: String, rawPath: String, rawQuery: String? = nil, headers: [HeaderField] = [], body: [UInt8] = [],
        sourceIP: String = "127.0.0.1", hostHeader: String? = nil, protocolVersion: String = "HTTP/1.1",
        epochMillis: Int64, monotonicNanos: UInt64
    ) {
        self.method = method
        self.rawPath = rawPath
        self.rawQuery = rawQuery
        self.headers = headers
        self.body = body
        self.sourceIP = sourceIP
        self.hostHeader = hostHeader
        self.protocolVersion = protocolVersion
        self.epochMillis = epochMillis
        self.monotonicNanos = monotonicNanos
    }

    /// Splits a request target (`/prod/users?x=1`) into path and raw query.
    public static func splitTarget(_ target: String) -> (path: String, query: String?) {
        guard let q = target.firstIndex(of: "?") else { return (target, nil) }
        return (String(target[..<q]), String(target[target.index(after: q)...]))
    }
}

/// A finished HTTP response from the gateway: status, headers in order, body.
public struct GatewayResponse: Sendable, Equatable {
    public var status: Int
    public var headers: [HeaderField]
    public var body: [UInt8]

    public init(status: Int, headers: [HeaderField], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The body as UTF-8 text (for tests and logs).
    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}
