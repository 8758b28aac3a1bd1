import Glibc
import HTTP

/// An execution environment of user code: a runtime process and its own Runtime API server.
///
/// Why: the invoker treats every environment as a `LambdaHandler`; this one's `init` is the
/// process start up to its first `next` (Init Duration), and `handle` hands an event to the
/// process through the Runtime API and waits for its response or error. Each environment gets
/// its own loopback server (one event-loop thread), which is what `AWS_LAMBDA_RUNTIME_API`
/// names. A cancelled invocation (timeout, region kill) kills the process; dropping the
/// environment (idle reclaim, eviction, stop) kills it too, and shuts its server down.
final class ProcessHandler: LambdaHandler, ReportsPeakMemory {
    private let process: ChildProcess
    private let endpoint: RuntimeAPIEndpoint
    private let server: HTTPServer
    private let memoryLimit: Int

    init(context: LambdaInitializationContext) async throws {
        let function = try context.resources.require(ProcessFunction.self)
        let endpoint = RuntimeAPIEndpoint()
        var configuration = HTTPServerConfiguration(host: "127.0.0.1", port: 0, loops: 1)
        configuration.maxConnections = 64
        // A long-polling `next` is an in-flight request, which no server timeout ends.
        configuration.timeouts.idle = .seconds(900)
        let server = HTTPServer(configuration: configuration, responder: endpoint)
        let port = try server.start()

        var environment = function.command.environment
        environment.merge(context.environment) { _, function in function }
        environment.merge(Self.platformVariables(port: port, directory: function.code.directory)) { _, platform in platform }
        let logger = context.logger
        let arguments = function.command.arguments
        let directory = function.code.directory
        let variables = environment
        let process: ChildProcess
        do {
            process = try await DedicatedThread.run {
                try ChildProcess.spawn(arguments: arguments, environment: variables, directory: directory) { logger.log($0) }
            }
        } catch {
            Task { await server.shutdown(deadline: .zero) }
            throw RuntimeFunctionError(platformType: "Runtime.InvalidEntrypoint", message: "\(error)")
        }
        endpoint.setBeforeCompletion { process.flushOutput() }
        process.onExit { endpoint.processEnded($0) }
        let failure = await withTaskCancellationHandler {
            await endpoint.waitForInit()
        } onCancel: {
            process.kill()
        }
        if let failure {
            process.kill()
            Task { await server.shutdown(deadline: .zero) }
            switch failure {
            case .reported(let report):
                throw RuntimeFunctionError(report: report, defaultType: "Runtime.Unknown")
            case .exited(let exit):
                throw RuntimeFunctionError(platformType: "Runtime.ExitError", message: "Runtime exited with error: \(exit)")
            }
        }
        self.process = process
        self.endpoint = endpoint
        self.server = server
        memoryLimit = context.memoryLimitInMB
    }

    deinit {
        process.kill()
        let server = self.server
        Task { await server.shutdown(deadline: .zero) }
    }

    func handle(_ event: [UInt8], context: LambdaContext) async throws -> [UInt8] {
        let invocation = RuntimeInvocation(
            requestID: context.requestID, payload: event, deadlineMilliseconds: context.deadlineMillisecondsSinceEpoch,
            invokedFunctionARN: context.invokedFunctionARN, traceID: context.traceID, clientContext: context.clientContext,
            cognitoIdentity: nil)
        let process = self.process
        let outcome = await withTaskCancellationHandler {
            await endpoint.run(invocation) { process.exit ?? RuntimeExit(status: nil, signal: SIGKILL) }
        } onCancel: {
            process.kill()
        }
        let exitPrefix = "RequestId: \(context.requestID) Error: Runtime exited with error: "
        switch outcome {
        case .response(let bytes):
            if peakMemoryMegabytes() > memoryLimit {
                process.kill()
                throw RuntimeFunctionError(platformType: "Runtime.OutOfMemory", message: exitPrefix + "signal: killed")
            }
            return bytes
        case .responseTooLarge(let size):
            throw RuntimeFunctionError(
                type: LambdaPayloadLimits.responseTooLargeType, payload: LambdaPayloadLimits.responseTooLargePayload(size: size),
                discardsEnvironment: false)
        case .functionError(let report):
            throw RuntimeFunctionError(report: report, defaultType: "Unhandled")
        case .exited(let exit):
            let type = peakMemoryMegabytes() > memoryLimit ? "Runtime.OutOfMemory" : "Runtime.ExitError"
            throw RuntimeFunctionError(platformType: type, message: exitPrefix + exit.description)
        }
    }

    func peakMemoryMegabytes() -> Int {
        process.peakMemoryMegabytes()
    }

    /// The variables Lambda's platform sets for a runtime process (over the function's own).
    static func platformVariables(port: Int, directory: String) -> [String: String] {
        [
            "AWS_LAMBDA_RUNTIME_API": "127.0.0.1:\(port)",
            "LAMBDA_TASK_ROOT": directory,
            "AWS_ACCESS_KEY_ID": "test",
            "AWS_SECRET_ACCESS_KEY": "test",
            "AWS_SESSION_TOKEN": "test",
            "PATH": "/usr/local/bin:/usr/bin:/bin:" + (getenv("PATH").map { String(cString: $0) } ?? ""),
            "TZ": ":UTC",
        ]
    }
}
