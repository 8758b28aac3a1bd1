/// What a handler's cold-start `init(context:)` receives.
///
/// The environment is the one Lambda sets for the runtime (`AWS_REGION`, `AWS_LAMBDA_FUNCTION_NAME`,
/// ...) merged with the function's own variables.
public struct LambdaInitializationContext: Sendable {
    /// The function name.
    public let functionName: String
    /// `$LATEST`.
    public let functionVersion: String
    /// Configured memory in MB.
    public let memoryLimitInMB: Int
    /// The function's region.
    public let region: String
    /// `/aws/lambda/<function>`.
    public let logGroupName: String
    /// This environment's log stream.
    public let logStreamName: String
    /// The runtime environment variables.
    public let environment: [String: String]
    /// Writes to this environment's log stream.
    public let logger: LambdaLogger
    /// Objects registered with the function (clients of the region's services).
    public let resources: LambdaResources

    /// Creates a context (the invoker does this; tests may too).
    public init(
        functionName: String, functionVersion: String, memoryLimitInMB: Int, region: String, logGroupName: String,
        logStreamName: String, environment: [String: String], logger: LambdaLogger, resources: LambdaResources
    ) {
        self.functionName = functionName
        self.functionVersion = functionVersion
        self.memoryLimitInMB = memoryLimitInMB
        self.region = region
        self.logGroupName = logGroupName
        self.logStreamName = logStreamName
        self.environment = environment
        self.logger = logger
        self.resources = resources
    }
}
