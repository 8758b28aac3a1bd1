/// The outcome of one synchronous invocation, as API Gateway's proxy integration needs it.
///
/// API Gateway maps `.success` through the proxy response, and the others to its own 502/429/504
/// answers; `LambdaInvoker.invokeAPI` maps them to Lambda's Invoke API instead.
public enum InvocationResult: Sendable, Hashable {
    /// The handler returned this payload.
    case success([UInt8])
    /// The handler (or its init) threw: `{"errorMessage": ..., "errorType": ...}` and the error type.
    case functionError(payload: [UInt8], errorType: String)
    /// Refused at once: no concurrency left (`TooManyRequestsException`, 429).
    case throttled(LambdaError)
    /// The timeout elapsed: `Task timed out after N.NN seconds`.
    case timedOut(String)
}

/// One invocation in detail: the result plus what the REPORT line says about it.
///
/// Returned by `LambdaInvoker.invokeDetailed`; tests and the dashboard use the extra fields.
public struct InvocationRecord: Sendable, Hashable {
    /// The request id (empty when throttled: no request started).
    public let requestID: String
    /// The trace header the handler saw (empty when throttled).
    public let traceID: String
    /// The outcome.
    public let result: InvocationResult
    /// True when this invocation created its environment.
    public let coldStart: Bool
    /// The handler's init time (cold starts only).
    public let initDuration: Duration?
    /// Handler run time (the timeout on timeouts).
    public let duration: Duration
    /// The environment's log stream (empty when throttled).
    public let logStreamName: String
    /// Which environment served the invocation (nil when throttled).
    public let environmentID: EnvironmentPool.EnvironmentID?

    /// Creates a record.
    public init(
        requestID: String, traceID: String, result: InvocationResult, coldStart: Bool, initDuration: Duration?,
        duration: Duration, logStreamName: String, environmentID: EnvironmentPool.EnvironmentID?
    ) {
        self.requestID = requestID
        self.traceID = traceID
        self.result = result
        self.coldStart = coldStart
        self.initDuration = initDuration
        self.duration = duration
        self.logStreamName = logStreamName
        self.environmentID = environmentID
    }

    /// A throttled invocation.
    static func throttled(_ error: LambdaError) -> InvocationRecord {
        InvocationRecord(
            requestID: "", traceID: "", result: .throttled(error), coldStart: false, initDuration: nil, duration: .zero,
            logStreamName: "", environmentID: nil)
    }
}

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
