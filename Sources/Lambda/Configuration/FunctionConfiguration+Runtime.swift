extension FunctionConfiguration {
    /// The variables Lambda sets in an execution environment, merged over the function's own.
    ///
    /// Credentials (`AWS_ACCESS_KEY_ID`, ...) are not set: the emulator's services do not sign.
    /// `_X_AMZN_TRACE_ID` is added per invocation.
    public func runtimeEnvironment(logStreamName: String) -> [String: String] {
        var variables = environment
        let runtimeVariables: [String: String] = [
            "AWS_REGION": region,
            "AWS_DEFAULT_REGION": region,
            "AWS_EXECUTION_ENV": "AWS_Lambda_\(runtime)",
            "AWS_LAMBDA_FUNCTION_NAME": functionName,
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": String(memorySize),
            "AWS_LAMBDA_FUNCTION_VERSION": functionVersion,
            "AWS_LAMBDA_INITIALIZATION_TYPE": "on-demand",
            "AWS_LAMBDA_LOG_GROUP_NAME": logGroupName,
            "AWS_LAMBDA_LOG_STREAM_NAME": logStreamName,
            "AWS_LAMBDA_RUNTIME_API": "127.0.0.1:9001",
            "_HANDLER": handler,
            "LAMBDA_TASK_ROOT": "/var/task",
            "LAMBDA_RUNTIME_DIR": "/var/runtime",
            "TZ": ":UTC",
            "LANG": "en_US.UTF-8",
        ]
        variables.merge(runtimeVariables) { _, runtime in runtime }
        return variables
    }

    /// A new environment's stream name: `YYYY/MM/DD/[$LATEST]<32 hex>` (UTC date of creation).
    public func newLogStreamName(epochMilliseconds: Int64, ids: IdentifierSource) -> String {
        "\(ObservabilityTime.streamDate(epochMilliseconds))/[\(functionVersion)]\(ids.hex(32))"
    }
}
