/// The seed's `create_response`: a REST v1 proxy response with its default headers.
///
/// Serialised as `{"statusCode": n, "headers": {...}, "body": "<json.dumps(body)>"}`, the shape
/// API Gateway's AWS_PROXY integration reads.
public struct ProxyReply: Sendable, Equatable {
    /// The four default headers in the seed's order (`", "` separators in the lists).
    public static let defaultHeaders: [(String, String)] = [
        ("Content-Type", "application/json"),
        ("Access-Control-Allow-Origin", "*"),
        ("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE, OPTIONS"),
        ("Access-Control-Allow-Headers", "Content-Type, X-Amz-Date, Authorization, X-Api-Key, X-Amz-Security-Token"),
    ]

    /// The HTTP status.
    public var statusCode: Int
    /// The body value (serialised with `json.dumps` rules).
    public var body: PyJSON

    /// Creates a reply.
    public init(_ statusCode: Int, _ body: PyJSON) {
        self.statusCode = statusCode
        self.body = body
    }

    /// The body text as the seed sends it.
    public var bodyText: String { body.text }

    /// `document.text` as UTF-8, written straight into bytes (the headers part is fixed).
    public var documentUTF8: [UInt8] {
        let bodyBytes = body.utf8
        var out: [UInt8] = []
        out.reserveCapacity(bodyBytes.count + bodyBytes.count / 8 + Self.fixedPrefixLength)
        out.append(contentsOf: #"{"statusCode": "#.utf8)
        PyJSON.appendInteger(statusCode, to: &out)
        out.append(contentsOf: Self.headersAndBodyKey)
        bodyBytes.withUnsafeBufferPointer { PyJSON.quote(utf8: $0, into: &out) }
        out.append(UInt8(ascii: "}"))
        return out
    }

    /// `, "headers": {...}, "body": ` as `json.dumps` writes it.
    private static let headersAndBodyKey: [UInt8] = {
        var out = Array(", \"headers\": ".utf8)
        PyJSON.object(defaultHeaders.map { ($0.0, PyJSON.string($0.1)) }).write(to: &out)
        out.append(contentsOf: ", \"body\": ".utf8)
        return out
    }()

    private static let fixedPrefixLength = 40 + headersAndBodyKey.count

    /// The proxy response document.
    public var document: PyJSON {
        .object([
            ("statusCode", .int(statusCode)),
            ("headers", .object(Self.defaultHeaders.map { ($0.0, PyJSON.string($0.1)) })),
            ("body", .string(bodyText)),
        ])
    }

    public static func == (a: ProxyReply, b: ProxyReply) -> Bool { a.statusCode == b.statusCode && a.body == b.body }
}
