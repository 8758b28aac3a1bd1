/// An answer of Lambda's Invoke API (`POST /2015-03-31/functions/<name>/invocations`).
///
/// Status, headers and body exactly as `aws lambda invoke` expects them.
public struct LambdaAPIResponse: Sendable, Hashable {
    /// HTTP status: 200, 202, 204, 400, 404, 429.
    public let status: Int
    /// Response headers (`X-Amz-Function-Error`, `X-Amz-Executed-Version`, `x-amzn-ErrorType`, ...).
    public let headers: [String: String]
    /// Response body.
    public let body: [UInt8]

    /// Creates a response.
    public init(status: Int, headers: [String: String], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}
