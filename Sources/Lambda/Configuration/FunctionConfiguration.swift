/// One Lambda function's configuration, as `aws_lambda_function` declares it.
///
/// `runtime` and `handler` are labels only (the code is a Swift `LambdaHandler`); they still
/// appear where AWS shows them (`AWS_EXECUTION_ENV`, `_HANDLER`). `validate()` applies AWS's
/// `CreateFunction` checks, including the reserved environment keys.
public struct FunctionConfiguration: Sendable, Hashable {
    /// Function name (1-64 of `A-Za-z0-9-_`).
    public var functionName: String
    /// Region, e.g. `us-east-1`.
    public var region: String
    /// Twelve-digit account id used in ARNs.
    public var accountID: String
    /// Runtime label, e.g. `python3.11`.
    public var runtime: String
    /// Handler label, e.g. `lambda_function.lambda_handler`.
    public var handler: String
    /// Invocation timeout (AWS: 1-900 s; fractions are allowed here for fast tests).
    public var timeout: Duration
    /// Memory size in MB (128-10,240).
    public var memorySize: Int
    /// Reserved concurrency; nil draws on the account's unreserved pool.
    public var reservedConcurrentExecutions: Int?
    /// The function's own environment variables.
    public var environment: [String: String]
    /// X-Ray tracing mode.
    public var tracingMode: TracingMode
    /// The version invoked (only `$LATEST` is modelled).
    public var functionVersion: String
    /// `Description` (empty by default).
    public var description: String = ""
    /// The execution role's ARN (`Role`).
    public var role: String = ""
    /// The function's tags (`ListTags`, `GetFunction`'s `Tags`).
    public var tags: [String: String] = [:]
    /// The resource-based policy document (`GetPolicy`), JSON text; nil when the function has none.
    public var resourcePolicy: String? = nil
    /// `LastModified` (`2026-12-02T06:00:00.000+0000`); set when registered or updated.
    public var lastModified: String = ""
    /// `RevisionId`; a new one on every change.
    public var revisionID: String = ""

    /// Creates a configuration with Lambda's defaults (3 s, 128 MB, unreserved, PassThrough).
    public init(
        functionName: String, region: String = "us-east-1", accountID: String = "000000000000",
        runtime: String = "python3.11", handler: String = "lambda_function.lambda_handler",
        timeout: Duration = .seconds(3), memorySize: Int = 128, reservedConcurrentExecutions: Int? = nil,
        environment: [String: String] = [:], tracingMode: TracingMode = .passThrough, functionVersion: String = "$LATEST"
    ) {
        self.functionName = functionName
        self.region = region
        self.accountID = accountID
        self.runtime = runtime
        self.handler = handler
        self.timeout = timeout
        self.memorySize = memorySize
        self.reservedConcurrentExecutions = reservedConcurrentExecutions
        self.environment = environment
        self.tracingMode = tracingMode
        self.functionVersion = functionVersion
    }

    /// `arn:aws:lambda:<region>:<account>:function:<name>`.
    public var functionARN: String { "arn:aws:lambda:\(region):\(accountID):function:\(functionName)" }

    /// `/aws/lambda/<name>`.
    public var logGroupName: String { "/aws/lambda/\(functionName)" }

    /// The timeout in seconds as a Double.
    public var timeoutSeconds: Double {
        let parts = timeout.components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }

    /// AWS's `CreateFunction` checks; throws `InvalidParameterValueException`.
    public func validate() throws(LambdaError) {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")
        guard (1...64).contains(functionName.count), functionName.allSatisfy({ allowed.contains($0) }) else {
            throw .invalidParameter("1 validation error detected: Value '\(functionName)' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?")
        }
        guard timeout > .zero, timeout <= .seconds(900) else {
            throw .invalidParameter("1 validation error detected: Value '\(timeoutSeconds)' at 'timeout' failed to satisfy constraint: Member must have value less than or equal to 900")
        }
        guard (128...10_240).contains(memorySize) else {
            throw .invalidParameter("1 validation error detected: Value '\(memorySize)' at 'memorySize' failed to satisfy constraint: Member must have value between 128 and 10240")
        }
        if let reserved = reservedConcurrentExecutions, reserved < 0 {
            throw .invalidParameter("1 validation error detected: Value '\(reserved)' at 'reservedConcurrentExecutions' failed to satisfy constraint: Member must have value greater than or equal to 0")
        }
        let reservedKeys = ReservedEnvironmentKeys.used(in: environment)
        if !reservedKeys.isEmpty { throw .reservedEnvironmentKeys(reservedKeys) }
    }
}
