/// What the gateway wants done with a request: answer now, or invoke a Lambda function first.
public enum GatewayStep: Sendable {
    /// A final response (errors, throttles, MOCK integrations). The access log line is already written.
    case respond(GatewayResponse)
    /// Invoke the function with the proxy event, then pass the outcome to `GatewayEngine.complete`.
    case invoke(LambdaInvocation)
}

/// An AWS_PROXY call the caller must carry out: the function, the event bytes and the 29 s limit.
public struct LambdaInvocation: Sendable {
    /// API Gateway's integration timeout for REST APIs (29 seconds).
    public static let integrationTimeoutNanos: UInt64 = 29_000_000_000

    public let functionARN: String
    /// The REST API v1 proxy event, UTF-8 JSON.
    public let event: [UInt8]
    public let timeoutNanos: UInt64
    /// What `complete` needs to finish the request (ids, timing, access-log fields).
    public let context: RequestContext
}

/// The outcome of a Lambda invocation as the gateway sees it.
public enum IntegrationResult: Sendable, Equatable {
    /// The function returned this payload (to be read as a proxy response).
    case success([UInt8])
    /// The function raised (an `Unhandled` or handled function error).
    case functionError
    /// Lambda refused the invocation (concurrency limit).
    case throttled
    /// No answer within the 29 s integration timeout (the gateway's own deadline; a function that hits
    /// its own, shorter timeout is a `.functionError`).
    case timedOut
    /// The invocation could not be made at all (function not found, service stopped): 500. The
    /// reason goes to `$context.integration.error`.
    case invocationFailed(reason: String)
    /// Lambda refused the event as larger than its 6 MB request payload limit
    /// (`RequestEntityTooLargeException`): API Gateway answers 413 itself.
    case requestTooLarge
}

/// Per-request facts the gateway decided on: ids, matched route, times, identity.
public struct RequestContext: Sendable, Equatable {
    public var requestID: String
    public var extendedRequestID: String
    public var traceID: String
    public var apiID: String
    public var accountID: String
    public var stage: String
    public var deploymentID: String
    public var domainName: String
    public var httpMethod: String
    /// The matched resource's path template, or nil when none matched.
    public var resourcePath: String?
    public var resourceID: String?
    /// The full request path including the stage (`/prod/users`).
    public var path: String
    public var protocolVersion: String
    public var sourceIP: String
    public var userAgent: String?
    /// The client's `Accept` header (decides whether a base64 function body is decoded).
    public var accept: String?
    public var apiKey: APIKey?
    public var epochMillis: Int64
    public var startNanos: UInt64
    public var tracingEnabled: Bool
    public var accessLog: AccessLogSettings?
}
