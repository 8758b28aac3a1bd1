import HTTP

/// A function whose code runs as processes: its code and the resolved runtime command.
///
/// Why: registering a function with this resource and `ProcessHandler` as its handler makes the
/// existing invoker (pool, cold/warm starts, concurrency, timeouts, logs) run user code, with
/// no second invoker. `prepare` resolves the runtime once, at start-up, so a bad runtime or
/// missing bootstrap fails there with a clear error instead of at the first invocation.
public struct ProcessFunction: Sendable, Hashable {
    /// The code.
    public let code: FunctionCode
    /// How each environment's process is started.
    public let command: RuntimeCommand

    /// Resolves `configuration.runtime` for `code` (on a dedicated thread: it may run the interpreter).
    public static func prepare(_ configuration: FunctionConfiguration, code: FunctionCode) async throws -> ProcessFunction {
        let name = configuration.functionName
        let runtime = configuration.runtime
        let handler = configuration.handler
        let command = try await DedicatedThread.run {
            try code.resolve(functionName: name, runtime: runtime, handler: handler)
        }
        return ProcessFunction(code: code, command: command)
    }

    /// Registers `configuration` on `invoker` with this code's processes as its environments.
    public func register(_ configuration: FunctionConfiguration, on invoker: LambdaInvoker, resources: LambdaResources = LambdaResources()) throws(LambdaError) {
        try invoker.register(configuration, handler: ProcessHandler.self, resources: resources.with(self))
    }
}
