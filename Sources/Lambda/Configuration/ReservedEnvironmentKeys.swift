/// The environment variable names Lambda sets itself and refuses in a function's configuration.
///
/// Setting any of them (the seed sets `AWS_REGION`) fails `CreateFunction` with
/// `InvalidParameterValueException`; see `LambdaError.reservedEnvironmentKeys`.
public enum ReservedEnvironmentKeys {
    /// The reserved names.
    public static let all: Set<String> = [
        "_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION", "AWS_REGION", "AWS_EXECUTION_ENV",
        "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION",
        "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME",
        "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
        "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR",
    ]

    /// The reserved names used in `environment`, sorted.
    public static func used(in environment: [String: String]) -> [String] {
        environment.keys.filter { all.contains($0) }.sorted()
    }
}
