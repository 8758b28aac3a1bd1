/// What a handler receives with each invocation (the runtime's `LambdaContext`).
///
/// `deadline` is on the monotonic clock; `remainingTime` shrinks as the invocation runs, and
/// `deadlineMillisecondsSinceEpoch` is the `Lambda-Runtime-Deadline-Ms` value.
public struct LambdaContext: Sendable {
    /// The request id (lowercase UUID), as in `START RequestId:`.
    public let requestID: String
    /// `X-Amzn-Trace-Id` (passed through, or generated).
    public let traceID: String
    /// The invoked function's ARN.
    public let invokedFunctionARN: String
    /// The function name.
    public let functionName: String
    /// `$LATEST`.
    public let functionVersion: String
    /// Configured memory in MB.
    public let memoryLimitInMB: Int
    /// When the invocation times out (monotonic clock).
    public let deadline: ContinuousClock.Instant
    /// The deadline in epoch milliseconds.
    public let deadlineMillisecondsSinceEpoch: Int64
    /// `/aws/lambda/<function>`.
    public let logGroupName: String
    /// This environment's log stream.
    public let logStreamName: String
    /// Writes to this environment's log stream, tagged with the request id.
    public let logger: LambdaLogger
    /// The runtime environment variables, including `_X_AMZN_TRACE_ID` for this request.
    ///
    /// Built when read: the invoker passes the environment's shared variables and this request's
    /// trace id, so an invocation whose handler never reads them does not copy the dictionary.
    public var environment: [String: String] {
        guard let traceVariable else { return baseEnvironment }
        var variables = baseEnvironment
        variables["_X_AMZN_TRACE_ID"] = traceVariable
        return variables
    }
    private let baseEnvironment: [String: String]
    private let traceVariable: String?
    /// The client context passed with `aws lambda invoke --client-context`, if any (raw JSON).
    public let clientContext: String?

    /// Creates a context (the invoker does this; tests may too).
    public init(
        requestID: String, traceID: String, invokedFunctionARN: String, functionName: String, functionVersion: String,
        memoryLimitInMB: Int, deadline: ContinuousClock.Instant, deadlineMillisecondsSinceEpoch: Int64,
        logGroupName: String, logStreamName: String, logger: LambdaLogger, environment: [String: String],
        clientContext: String? = nil
    ) {
        self.init(
            requestID: requestID, traceID: traceID, invokedFunctionARN: invokedFunctionARN, functionName: functionName,
            functionVersion: functionVersion, memoryLimitInMB: memoryLimitInMB, deadline: deadline,
            deadlineMillisecondsSinceEpoch: deadlineMillisecondsSinceEpoch, logGroupName: logGroupName,
            logStreamName: logStreamName, logger: logger, baseEnvironment: environment, traceVariable: nil,
            clientContext: clientContext)
    }

    /// The designated initialiser. The invoker passes the function's variables as
    /// `baseEnvironment` and the trace header as `traceVariable`, which `environment` then
    /// carries as `_X_AMZN_TRACE_ID`; nil keeps `baseEnvironment` as given.
    init(
        requestID: String, traceID: String, invokedFunctionARN: String, functionName: String, functionVersion: String,
        memoryLimitInMB: Int, deadline: ContinuousClock.Instant, deadlineMillisecondsSinceEpoch: Int64,
        logGroupName: String, logStreamName: String, logger: LambdaLogger, baseEnvironment: [String: String],
        traceVariable: String?, clientContext: String?
    ) {
        self.requestID = requestID
        self.traceID = traceID
        self.invokedFunctionARN = invokedFunctionARN
        self.functionName = functionName
        self.functionVersion = functionVersion
        self.memoryLimitInMB = memoryLimitInMB
        self.deadline = deadline
        self.deadlineMillisecondsSinceEpoch = deadlineMillisecondsSinceEpoch
        self.logGroupName = logGroupName
        self.logStreamName = logStreamName
        self.logger = logger
        self.baseEnvironment = baseEnvironment
        self.traceVariable = traceVariable
        self.clientContext = clientContext
    }

    /// Time left before the timeout (negative once passed), like `getRemainingTimeInMillis()`.
    public var remainingTime: Duration { deadline - ContinuousClock.now }

    /// Alias of `requestID` using the Python runtime's name.
    public var awsRequestID: String { requestID }
}
