/// One AWS API call as an operation sees it: the region from the credential scope, the raw
/// request parts, and the path labels its URI template captured (rest-json).
public struct AWSRequest: Sendable {
    /// The scope's region, e.g. `us-east-2`.
    public var region: String
    /// The scope's service (signing name).
    public var service: String
    /// The operation's name, e.g. `GetFunction`.
    public var operation: String
    /// The HTTP method.
    public var method: String
    /// The raw path (percent-encoded as sent).
    public var path: String
    /// Decoded query parameters in order (a key may repeat: `tagKeys=a&tagKeys=b`).
    public var query: [(String, String)]
    /// Header fields as sent.
    public var headers: [(name: String, value: String)]
    /// The body.
    public var body: [UInt8]
    /// URI labels (`{FunctionName}` -> value), percent-decoded.
    public var labels: [String: String]
    /// Query-protocol parameters (the form body, or the query string for GET).
    public var form: [(String, String)]

    public init(
        region: String, service: String, operation: String, method: String, path: String, query: [(String, String)],
        headers: [(name: String, value: String)], body: [UInt8], labels: [String: String] = [:], form: [(String, String)] = []
    ) {
        self.region = region
        self.service = service
        self.operation = operation
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.labels = labels
        self.form = form
    }

    /// The first value of a query parameter.
    public func queryValue(_ name: String) -> String? { query.first { $0.0 == name }?.1 }

    /// Every value of a repeated query parameter.
    public func queryValues(_ name: String) -> [String] { query.filter { $0.0 == name }.map(\.1) }

    /// A header's value (case-insensitive name; the last one wins).
    public func header(_ name: String) -> String? {
        let lower = name.lowercased()
        return headers.last { $0.name.lowercased() == lower }?.value
    }

    /// A path label; throws `ValidationException` when the template did not capture it.
    public func label(_ name: String) -> String { labels[name] ?? "" }

    /// A form (query protocol) parameter.
    public func formValue(_ name: String) -> String? { form.first { $0.0 == name }?.1 }

    /// The body as a JSON object (empty bodies are `{}`).
    public func json() throws(AWSError) -> AWSJSON { try AWSJSON.parse(body) }
}

/// An operation's answer before framing: status, headers and body.
public struct AWSResponse: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(status: Int = 200, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A JSON answer (`application/json`, as rest-json services send).
    public static func json(_ value: AWSJSON, status: Int = 200, contentType: String = "application/json") -> AWSResponse {
        AWSResponse(status: status, headers: [("Content-Type", contentType)], body: value.bytes)
    }

    /// An answer without a body.
    public static func empty(_ status: Int = 200) -> AWSResponse { AWSResponse(status: status) }
}
