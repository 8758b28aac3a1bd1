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
