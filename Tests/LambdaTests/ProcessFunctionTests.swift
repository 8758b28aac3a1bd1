import Foundation
import Glibc
@testable import Lambda
import Testing

/// Function code run as processes through the Runtime API (Python with the bundled bootstrap,
/// and a `provided.al2023` shell bootstrap), inside the existing invoker.
///
/// Serialized: the tests count live child processes, which are process-wide.
@Suite(.serialized) struct ProcessFunctionTests {
    static let root: String = {
        var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)
        return parts.joined(separator: "/")
    }()

    static func invoker(
        code: String, runtime: String = "python3.11", handler: String = "app.handler", timeout: Duration = .seconds(5),
        memory: Int = 256, reserved: Int? = nil, environment: [String: String] = [:], keepAlive: Duration? = .seconds(600)
    ) async throws -> LambdaInvoker {
        let invoker = LambdaInvoker(options: .init(keepAlive: keepAlive, seed: 7))
        let configuration = FunctionConfiguration(
            functionName: "fn", runtime: runtime, handler: handler, timeout: timeout, memorySize: memory,
            reservedConcurrentExecutions: reserved, environment: environment)
        let function = try await ProcessFunction.prepare(
            configuration, code: FunctionCode(directory: "\(root)/fixtures/functions/\(code)", preferAWSLambdaRIC: false))
        try function.register(configuration, on: invoker)
        return invoker
    }

    static func event(_ json: String) -> [UInt8] { Array(json.utf8) }

    static func object(_ bytes: [UInt8]) -> [String: Any]? {
        try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any]
    }

    static func payload(_ result: InvocationResult) -> [String: Any]? {
        switch result {
        case .success(let bytes), .functionError(let bytes, _): return object(bytes)
        default: return nil
        }
    }

    /// Waits (bounded) until no child process is alive.
    static func waitForNoChildren() async -> Int {
        for _ in 0..<100 where ChildProcess.live > 0 { try? await Task.sleep(for: .milliseconds(50)) }
        return ChildProcess.live
    }

    func lines(_ invoker: LambdaInvoker, _ record: InvocationRecord) -> [String] {
        invoker.logs.messages(group: "/aws/lambda/fn", stream: record.logStreamName)
    }

    @Test func pythonColdThenWarmWithRuntimeHeadersAndEnvironment() async throws {
        let invoker = try await Self.invoker(code: "python-basic", environment: ["CUSTOM_VARIABLE": "mine"])
        let first = try await invoker.invokeDetailed(
            functionName: "fn", payload: Self.event(#"{"action":"echo","n":1}"#), traceHeader: "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1",
            clientContext: #"{"custom":{"k":"v"}}"#)
        let answer = try #require(Self.payload(first.result))
        #expect(first.coldStart && first.initDuration != nil)
        #expect(answer["requestId"] as? String == first.requestID)
        #expect(answer["arn"] as? String == "arn:aws:lambda:us-east-1:000000000000:function:fn")
        #expect(answer["trace"] as? String == "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1")
        #expect(answer["region"] as? String == "us-east-1")
        #expect(answer["key"] as? String == "test")
        #expect(answer["custom"] as? String == "mine")
        #expect((answer["clientContext"] as? [String: Any])?["custom"] != nil)
        #expect((answer["remaining"] as? Int ?? 0) > 3000)
        let second = try await invoker.invokeDetailed(functionName: "fn", payload: Self.event(#"{"action":"echo"}"#))
        #expect(!second.coldStart)
        #expect(Self.payload(second.result)?["pid"] as? Int == answer["pid"] as? Int)
        let report = try #require(lines(invoker, first).first { $0.hasPrefix("REPORT") })
        #expect(report.contains("Init Duration: "))
        // Max Memory Used is the process's own peak (a Python interpreter: a few MB, not the emulator's).
        let used = report.split(separator: "\t").first { $0.hasPrefix("Max Memory Used") }
        #expect(used != nil && !used!.contains(" 0 MB"))
        invoker.stop()
        #expect(await Self.waitForNoChildren() == 0)
    }

    @Test func pythonFunctionErrorPassesTheBodyThrough() async throws {
        let invoker = try await Self.invoker(code: "python-basic")
        let record = try await invoker.invokeDetailed(functionName: "fn", payload: Self.event(#"{"action":"error"}"#))
        guard case .functionError(let body, let type) = record.result else { Issue.record("\(record.result)"); return }
        #expect(type == "ValueError")
        let object = try #require(Self.object(body))
        #expect(object["errorMessage"] as? String == "boom")
        #expect(object["errorType"] as? String == "ValueError")
        #expect(object["stackTrace"] is [Any])
        #expect(lines(invoker, record).contains { $0.hasPrefix("[ERROR] ValueError: boom") })
        let api = await invoker.invokeAPI(functionName: "fn", payload: Self.event(#"{"action":"error"}"#))
        #expect(api.status == 200)
        #expect(api.headers["X-Amz-Function-Error"] == "Unhandled")
        // The environment stays warm after a function error.
        let next = try await invoker.invokeDetailed(functionName: "fn", payload: Self.event(#"{"action":"echo"}"#))
        #expect(!next.coldStart)
        invoker.stop()
        #expect(await Self.waitForNoChildren() == 0)
    }

    @Test func timeoutKillsTheProcessAndTheNextCallIsCold() async throws {
        let invoker = try await Self.invoker(code: "python-basic", timeout: .seconds(3))
        let warm = try await invoker.invokeDetailed(functionName: "fn", payload: Self.event(#"{"action":"echo"}"#))
        let pid = try #require(Self.payload(warm.result)?["pid"] as? Int)
        let record = try await invoker.invokeDetailed(functionName: "fn", payload: Self.event(#"{"action":"sleep","seconds":10}"#))
        #expect(record.result == .timedOut("Task timed out after 3.00 seconds"))
        #expect(lines(invoker, record).contains { $0.hasSuffix("Task timed out after 3.00 seconds") })
        #expect(await Self.waitForNoChildren() == 0)
        #expect(Glibc.kill(pid_t(pid), 0) != 0)
        let next = try await invoker.invokeDetailed(functionName: "fn", payload: Self.event(#"{"action":"echo"}"#))
        #expect(next.coldStart)
        invoker.stop()
        #expect(await Self.waitForNoChildren() == 0)
    }

    @Test func crashIsRuntimeExitErrorAndDiscardsTheEnvironment() async throws {
        let invoker = try await Self.invoker(code: "python-basic")
        let record = try await invoker.invokeDetailed(functionName: "fn", payload: Self.event(#"{"action":"exit"}"#))
        guard case .functionError(let body, let type) = record.result else { Issue.record("\(record.result)"); return }
        #expect(type == "Runtime.ExitError")
        #expect(Self.object(body)?["errorMessage"] as? String == "RequestId: \(record.requestID) Error: Runtime exited with error: exit status 1")
        let log = lines(invoker, record)
        #expect(log.contains("exiting now"))
        let next = try await invoker.invokeDetailed(functionName: "fn", payload: Self.event(#"{"action":"echo"}"#))
        #expect(next.coldStart)
        #expect(Self.payload(next.result)?["requestId"] as? String == next.requestID)
        invoker.stop()
        #expect(await Self.waitForNoChildren() == 0)
    }

    @Test func pythonImportErrorIsAnInitError() async throws {
        let invoker = try await Self.invoker(code: "python-init-error")
        let record = try await invoker.invokeDetailed(functionName: "fn", payload: Self.event("{}"))
        guard case .functionError(let body, let type) = record.result else { Issue.record("\(record.result)"); return }
        #expect(type == "Runtime.ImportModuleError")
        #expect((Self.object(body)?["errorMessage"] as? String)?.hasPrefix("Unable to import module 'app': configuration missing") == true)
        #expect(lines(invoker, record).contains { $0.hasPrefix("INIT_REPORT Init Duration") })
        #expect(await Self.waitForNoChildren() == 0)
    }

    @Test func oneMegabyteOfOutputReachesTheLogBeforeEnd() async throws {
        let invoker = try await Self.invoker(code: "python-basic", timeout: .seconds(20))
        let record = try await invoker.invokeDetailed(functionName: "fn", payload: Self.event(#"{"action":"print","kilobytes":1024}"#))
        #expect(Self.payload(record.result)?["printed"] as? Bool == true)
        let log = lines(invoker, record)
        let printed = log.filter { $0.count == 1023 && $0.hasPrefix("x") }.count
        #expect(printed == 1024)
        let end = try #require(log.firstIndex { $0.hasPrefix("END RequestId") })
        #expect(log.lastIndex { $0.hasPrefix("xxx") }! < end)
        invoker.stop()
        #expect(await Self.waitForNoChildren() == 0)
    }

    @Test func oversizedResponseIsResponseSizeTooLarge() async throws {
        let invoker = try await Self.invoker(code: "python-basic")
        let record = try await invoker.invokeDetailed(functionName: "fn", payload: Self.event(#"{"action":"big"}"#))
        guard case .functionError(let body, let type) = record.result else { Issue.record("\(record.result)"); return }
        #expect(type == "Function.ResponseSizeTooLarge")
        #expect((Self.object(body)?["errorMessage"] as? String)?.contains("exceeded maximum allowed payload size (6291556 bytes)") == true)
        invoker.stop()
        #expect(await Self.waitForNoChildren() == 0)
    }

    @Test func twentyConcurrentAgainstReservedFiveRunFiveProcesses() async throws {
        let invoker = try await Self.invoker(code: "python-basic", timeout: .seconds(20), reserved: 5)
        let results = await withTaskGroup(of: InvocationResult?.self) { group in
            for _ in 0..<20 {
                group.addTask {
                    try? await invoker.invoke(functionName: "fn", payload: Self.event(#"{"action":"sleep","seconds":1.5}"#))
                }
            }
            var all: [InvocationResult?] = []
            for await result in group { all.append(result) }
            return all
        }
        let succeeded = results.filter { if case .success = $0 { true } else { false } }.count
        let throttled = results.filter { if case .throttled = $0 { true } else { false } }.count
        #expect(succeeded == 5)
        #expect(throttled == 15)
        #expect(ChildProcess.live == 5)
        #expect(invoker.environmentCounts(of: "fn")?.warm == 5)
        invoker.stop()
        #expect(await Self.waitForNoChildren() == 0)
    }

    @Test func idleEnvironmentsAreReclaimed() async throws {
        let invoker = try await Self.invoker(code: "python-basic", keepAlive: .milliseconds(100))
        _ = try await invoker.invoke(functionName: "fn", payload: Self.event(#"{"action":"echo"}"#))
        #expect(ChildProcess.live == 1)
        invoker.startIdleReaper(interval: .milliseconds(50))
        #expect(await Self.waitForNoChildren() == 0)
        #expect(invoker.environmentCounts(of: "fn")?.warm == 0)
        invoker.stopIdleReaper()
    }

    @Test func providedShellBootstrap() async throws {
        let invoker = try await Self.invoker(code: "provided-shell", runtime: "provided.al2023", handler: "unused", timeout: .seconds(3))
        let ok = try await invoker.invokeDetailed(functionName: "fn", payload: Self.event(#"{"action":"echo"}"#))
        #expect(Self.payload(ok.result)?["id"] as? String == ok.requestID)
        #expect(lines(invoker, ok).contains("handled \(ok.requestID)"))
        let failed = try await invoker.invokeDetailed(functionName: "fn", payload: Self.event(#"{"action":"error"}"#))
        guard case .functionError(let body, let type) = failed.result else { Issue.record("\(failed.result)"); return }
        #expect(type == "ShellError")
        #expect(Self.object(body)?["errorType"] as? String == "ShellError")
        let timedOut = try await invoker.invokeDetailed(functionName: "fn", payload: Self.event(#"{"action":"sleep"}"#))
        #expect(timedOut.result == .timedOut("Task timed out after 3.00 seconds"))
        #expect(await Self.waitForNoChildren() == 0)
        let crashed = try await invoker.invokeDetailed(functionName: "fn", payload: Self.event(#"{"action":"exit"}"#))
        guard case .functionError(_, let crashType) = crashed.result else { Issue.record("\(crashed.result)"); return }
        #expect(crashed.coldStart)
        #expect(crashType == "Runtime.ExitError")
        invoker.stop()
        #expect(await Self.waitForNoChildren() == 0)
    }

    @Test func providedInitErrorIsPassedThrough() async throws {
        let invoker = try await Self.invoker(
            code: "provided-shell", runtime: "provided.al2023", handler: "unused", environment: ["FAIL_INIT": "1"])
        let record = try await invoker.invokeDetailed(functionName: "fn", payload: Self.event("{}"))
        guard case .functionError(let body, let type) = record.result else { Issue.record("\(record.result)"); return }
        #expect(type == "Runtime.ConfigError")
        #expect(Self.object(body)?["errorMessage"] as? String == "init failed on purpose")
        #expect(await Self.waitForNoChildren() == 0)
    }

    @Test func unknownRuntimeIsRefusedNamingTheSupportedOnes() async throws {
        let configuration = FunctionConfiguration(functionName: "fn", runtime: "java21")
        do {
            _ = try await ProcessFunction.prepare(configuration, code: FunctionCode(directory: "\(Self.root)/fixtures/functions/python-basic"))
            Issue.record("java21 accepted")
        } catch let error as FunctionCodeError {
            #expect(error.message.contains("runtime java21 is not supported"))
            #expect(error.message.contains("provided.al2023"))
            #expect(error.message.contains("python3"))
        }
    }
}
