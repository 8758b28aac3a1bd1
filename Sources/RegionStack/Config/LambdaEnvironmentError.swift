/// Lambda's refusal of environment variables that use reserved keys, with AWS's exact text.
///
/// AWS answers `CreateFunction` / `UpdateFunctionConfiguration` with HTTP 400
/// `InvalidParameterValueException` when the environment sets a key the runtime owns. The seed
/// itself sets `AWS_REGION` and would be refused. The configuration layer raises this for
/// `lambda_environment_variables`; the Lambda layer reuses it for function configurations.
public struct LambdaEnvironmentError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The AWS error code (`x-amzn-ErrorType` / `__type`).
    public let code: String
    public let message: String
    public let httpStatus: Int
    /// The reserved keys the request used, in the order they were checked.
    public let reservedKeys: [String]

    /// Keys Lambda sets itself and refuses to let a function configuration override.
    public static let reservedKeySet: Set<String> = [
        "_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION", "AWS_REGION", "AWS_EXECUTION_ENV",
        "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION",
        "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME",
        "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
        "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR",
    ]

    public init(reservedKeys: [String]) {
        self.code = "InvalidParameterValueException"
        self.httpStatus = 400
        self.reservedKeys = reservedKeys
        self.message = "Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys that are currently not supported for modification. Reserved keys used in this request: "
            + reservedKeys.joined(separator: ", ")
    }

    /// Returns the error for `keys` if any of them is reserved, else nil. Keys are checked in
    /// the order given (pass sorted keys for a deterministic message).
    public static func check<Keys: Sequence<String>>(_ keys: Keys) -> LambdaEnvironmentError? {
        let used = keys.filter { reservedKeySet.contains($0) }
        return used.isEmpty ? nil : LambdaEnvironmentError(reservedKeys: used)
    }

    public var description: String { "\(code): \(message)" }

    /// The AWS JSON error body Lambda returns, `{"Type":"User","message":...}` with
    /// the error type in the `x-amzn-ErrorType` header.
    public var jsonBody: String {
        "{\"Type\":\"User\",\"message\":\(OutputJSON.quote(message))}"
    }
}
