/// One initialised execution environment: the handler instance, its log stream and variables.
///
/// Immutable after the cold start; the pool decides who may use it, so at most one invocation
/// runs on it at a time.
final class ExecutionEnvironment: Sendable {
    let id: EnvironmentPool.EnvironmentID
    let handler: any LambdaHandler
    let logStreamName: String
    let variables: [String: String]
    let logger: LambdaLogger
    /// Runs this environment's invocations (its task ends when the environment is dropped).
    let worker = EnvironmentWorker()

    init(
        id: EnvironmentPool.EnvironmentID, handler: any LambdaHandler, logStreamName: String, variables: [String: String],
        logger: LambdaLogger
    ) {
        self.id = id
        self.handler = handler
        self.logStreamName = logStreamName
        self.variables = variables
        self.logger = logger
    }

    deinit {
        worker.finish()
    }
}
