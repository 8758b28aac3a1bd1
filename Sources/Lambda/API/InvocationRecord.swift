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
