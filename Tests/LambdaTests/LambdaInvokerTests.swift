import Foundation
import Lambda
import Observability
import Testing

typealias Support = LambdaInvokerTestsSupport

extension LambdaInvoker {
    /// The CloudWatch store behind a test invoker's metrics.
    var store: MetricStore { (metrics as! CloudWatchMetricsFactory).store }
}

extension LambdaMetric {
    /// The series of one function.
    func key(_ functionName: String) -> MetricKey {
        MetricKey(namespace: Self.namespace, name: rawValue, dimensions: ["FunctionName": functionName])
    }
}

/// Builds an invoker with one scripted function.
func makeInvoker(
    reserved: Int? = nil, timeout: Duration = .seconds(3), memory: Int = 512, tracing: TracingMode = .passThrough,
    options: LambdaInvoker.Options = .init(seed: 42)
) throws -> (LambdaInvoker, Probe) {
    let invoker = LambdaInvoker(metrics: CloudWatchMetricsFactory(store: MetricStore()), options: options)
    let probe = Probe()
    let configuration = FunctionConfiguration(
        functionName: "users-primary", region: "us-east-1", accountID: "123456789012", timeout: timeout,
        memorySize: memory, reservedConcurrentExecutions: reserved,
        environment: ["DSQL_ENDPOINT": "local", "REGION_TYPE": "primary"], tracingMode: tracing)
    try invoker.register(configuration, handler: ScriptedHandler.self, resources: LambdaResources().with(probe))
    return (invoker, probe)
}

@Suite struct LambdaInvokerTests {
    @Test func coldStartRunsInitOnceAndReportsInitDuration() async throws {
        let (invoker, probe) = try makeInvoker()
        let first = try await invoker.invokeDetailed(functionName: "users-primary", payload: Support.event("echo", "hi"))
        #expect(first.coldStart)
        #expect(first.initDuration != nil)
        #expect(probe.initCount == 1)
        #expect(Support.answer(first.result)?.echo == "hi")
        let lines = invoker.logs.messages(group: "/aws/lambda/users-primary", stream: first.logStreamName)
        let report = try #require(lines.first { $0.hasPrefix("REPORT") })
        #expect(report.contains("\tInit Duration: "))
    }

    @Test func warmInvocationReusesEnvironmentWithoutInit() async throws {
        let (invoker, probe) = try makeInvoker()
        let first = try await invoker.invokeDetailed(functionName: "users-primary", payload: Support.event("echo"))
        let second = try await invoker.invokeDetailed(functionName: "users-primary", payload: Support.event("echo"))
        #expect(!second.coldStart)
        #expect(second.initDuration == nil)
        #expect(second.environmentID == first.environmentID)
        #expect(second.logStreamName == first.logStreamName)
        #expect(probe.initCount == 1)
        let reports = invoker.logs.messages(group: "/aws/lambda/users-primary", stream: first.logStreamName)
            .filter { $0.hasPrefix("REPORT") }
        #expect(reports.count == 2)
        #expect(!reports[1].contains("Init Duration"))
    }

    @Test func scalesOutToReservedConcurrencyThenThrottles() async throws {
        let limit = 4
        let (invoker, probe) = try makeInvoker(reserved: limit)
        let running = (0..<limit).map { _ in
            Task { try await invoker.invokeDetailed(functionName: "users-primary", payload: Support.event("hold")) }
        }
        await probe.gate.waitForArrivals(limit)
        #expect(invoker.environmentCounts(of: "users-primary")?.busy == limit)
        let extra = try await invoker.invoke(functionName: "users-primary", payload: Support.event("echo"))
        #expect(extra == .throttled(.reservedConcurrencyExceeded))
        guard case .throttled(let error) = extra else { Issue.record("not throttled"); return }
        #expect(error.code == "TooManyRequestsException")
        #expect(error.httpStatus == 429)
        #expect(error.message == "Rate Exceeded.")
        #expect(error.reason == "ReservedFunctionConcurrentInvocationLimitExceeded")
        #expect(String(decoding: error.body, as: UTF8.self)
            == #"{"Reason":"ReservedFunctionConcurrentInvocationLimitExceeded","Type":"User","message":"Rate Exceeded."}"#)
        probe.gate.open()
        var environments = Set<EnvironmentPool.EnvironmentID?>()
        for task in running {
            let record = try await task.value
            #expect(Support.answer(record.result)?.echo == "released")
            #expect(record.coldStart)
            environments.insert(record.environmentID)
        }
        #expect(environments.count == limit)
        #expect(probe.initCount == limit)
        #expect(invoker.environmentCounts(of: "users-primary")?.busy == 0)
        #expect(invoker.environmentCounts(of: "users-primary")?.warm == limit)
        #expect(invoker.store.counter(LambdaMetric.throttles.key("users-primary")) == 1)
    }

    @Test func unreservedFunctionsShareTheAccountPool() async throws {
        let (invoker, probe) = try makeInvoker(
            options: .init(accountConcurrencyLimit: 3, minimumUnreservedConcurrency: 1, seed: 7))
        let running = (0..<3).map { _ in
            Task { try await invoker.invoke(functionName: "users-primary", payload: Support.event("hold")) }
        }
        await probe.gate.waitForArrivals(3)
        let extra = try await invoker.invoke(functionName: "users-primary", payload: Support.event("echo"))
        #expect(extra == .throttled(.accountConcurrencyExceeded))
        probe.gate.open()
        for task in running { _ = try await task.value }
        let after = try await invoker.invoke(functionName: "users-primary", payload: Support.event("echo", "ok"))
        #expect(Support.answer(after)?.echo == "ok")
    }

    @Test func reservedConcurrencyZeroThrottlesEverything() async throws {
        let (invoker, probe) = try makeInvoker(reserved: 0)
        let result = try await invoker.invoke(functionName: "users-primary", payload: Support.event("echo"))
        #expect(result == .throttled(.reservedConcurrencyExceeded))
        #expect(probe.initCount == 0)
    }

    @Test func timeoutGivesExactMessageDiscardsEnvironmentAndCancelsHandler() async throws {
        let (invoker, probe) = try makeInvoker(timeout: .seconds(1))
        let warmup = try await invoker.invokeDetailed(functionName: "users-primary", payload: Support.event("echo"))
        let timedOut = try await invoker.invokeDetailed(functionName: "users-primary", payload: Support.event("sleep"))
        #expect(timedOut.result == .timedOut("Task timed out after 1.00 seconds"))
        #expect(timedOut.environmentID == warmup.environmentID)
        await probe.cancelled.wait()
        #expect(invoker.environmentCounts(of: "users-primary")?.warm == 0)
        let next = try await invoker.invokeDetailed(functionName: "users-primary", payload: Support.event("echo"))
        #expect(next.coldStart)
        #expect(next.environmentID != warmup.environmentID)
        #expect(probe.initCount == 2)
        let lines = invoker.logs.messages(group: "/aws/lambda/users-primary", stream: timedOut.logStreamName)
        let pattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z ([0-9a-f-]{36}) Task timed out after 1\.00 seconds$/
        let line = try #require(lines.first { $0.wholeMatch(of: pattern) != nil })
        #expect(line.wholeMatch(of: pattern)?.1 == Substring(timedOut.requestID))
        #expect(invoker.store.counter(LambdaMetric.errors.key("users-primary")) == 1)
    }

    @Test func thrownErrorIsAnUnhandledFunctionError() async throws {
        let (invoker, probe) = try makeInvoker()
        let record = try await invoker.invokeDetailed(functionName: "users-primary", payload: Support.event("throw", "boom"))
        guard case .functionError(let payload, let type) = record.result else {
            Issue.record("expected a function error, got \(record.result)")
            return
        }
        #expect(type == "ValueError")
        #expect(String(decoding: payload, as: UTF8.self) == #"{"errorMessage":"boom","errorType":"ValueError"}"#)
        let lines = invoker.logs.messages(group: "/aws/lambda/users-primary", stream: record.logStreamName)
        #expect(lines.contains { $0.hasPrefix("[ERROR]\t") && $0.hasSuffix("\t\(record.requestID)\tValueError: boom") })
        // The environment stays warm after a handled throw.
        let next = try await invoker.invokeDetailed(functionName: "users-primary", payload: Support.event("echo"))
        #expect(!next.coldStart)
        #expect(probe.initCount == 1)
    }

    @Test func undecodableEventIsAFunctionError() async throws {
        let (invoker, _) = try makeInvoker()
        let result = try await invoker.invoke(functionName: "users-primary", payload: Array("not json".utf8))
        guard case .functionError(_, let type) = result else {
            Issue.record("expected a function error, got \(result)")
            return
        }
        #expect(type == "DecodingError")
    }

    @Test func failedInitIsAFunctionErrorAndRetriesColdNextTime() async throws {
        let (invoker, probe) = try makeInvoker()
        probe.failInit.withLock { $0 = true }
        let failed = try await invoker.invokeDetailed(functionName: "users-primary", payload: Support.event("echo"))
        #expect(failed.result == .functionError(
            payload: Array(#"{"errorMessage":"init refused","errorType":"ValueError"}"#.utf8), errorType: "ValueError"))
        #expect(invoker.environmentCounts(of: "users-primary")?.busy == 0)
        #expect(invoker.environmentCounts(of: "users-primary")?.warm == 0)
        probe.failInit.withLock { $0 = false }
        let retried = try await invoker.invokeDetailed(functionName: "users-primary", payload: Support.event("echo"))
        #expect(retried.coldStart)
        #expect(Support.answer(retried.result) != nil)
    }

    @Test func initLongerThanTheTimeoutTimesOutAndIsNotKept() async throws {
        let (invoker, probe) = try makeInvoker(timeout: .milliseconds(300))
        probe.slowInit.withLock { $0 = true }
        let slow = try await invoker.invokeDetailed(functionName: "users-primary", payload: Support.event("echo"))
        #expect(slow.result == .timedOut("Task timed out after 0.30 seconds"))
        #expect(invoker.environmentCounts(of: "users-primary")?.busy == 0)
        #expect(invoker.environmentCounts(of: "users-primary")?.warm == 0)
        let lines = invoker.logs.messages(group: "/aws/lambda/users-primary", stream: slow.logStreamName)
        #expect(lines.contains { $0.hasPrefix("INIT_REPORT Init Duration: ") && $0.hasSuffix("\tPhase: init\tStatus: timeout") })
        #expect(lines.last?.hasSuffix("\(slow.requestID) Task timed out after 0.30 seconds") == true)
        probe.slowInit.withLock { $0 = false }
        let next = try await invoker.invokeDetailed(functionName: "users-primary", payload: Support.event("echo", "ok"))
        #expect(next.coldStart)
        #expect(Support.answer(next.result)?.echo == "ok")
    }

    @Test func unknownFunctionThrowsResourceNotFound() async throws {
        let (invoker, _) = try makeInvoker()
        await #expect(throws: LambdaError.functionNotFound(arn: "arn:aws:lambda:us-east-1:000000000000:function:nope")) {
            _ = try await invoker.invoke(functionName: "nope", payload: [])
        }
    }

    @Test func evictionMakesTheNextInvocationCold() async throws {
        let (invoker, probe) = try makeInvoker(options: .init(keepAlive: .zero, seed: 3))
        _ = try await invoker.invoke(functionName: "users-primary", payload: Support.event("echo"))
        #expect(invoker.evictIdle() == 1)
        let afterIdle = try await invoker.invokeDetailed(functionName: "users-primary", payload: Support.event("echo"))
        #expect(afterIdle.coldStart)
        #expect(invoker.evictAll() == 1)
        let afterAll = try await invoker.invokeDetailed(functionName: "users-primary", payload: Support.event("echo"))
        #expect(afterAll.coldStart)
        #expect(probe.initCount == 3)
    }

    @Test func metricsCountInvocationsErrorsAndDuration() async throws {
        let (invoker, _) = try makeInvoker(reserved: 1)
        _ = try await invoker.invoke(functionName: "users-primary", payload: Support.event("echo"))
        _ = try await invoker.invoke(functionName: "users-primary", payload: Support.event("echo"))
        _ = try await invoker.invoke(functionName: "users-primary", payload: Support.event("throw"))
        let metrics = invoker.store
        #expect(metrics.counter(LambdaMetric.invocations.key("users-primary")) == 3)
        #expect(metrics.counter(LambdaMetric.errors.key("users-primary")) == 1)
        // Errors and Throttles have a sample per invocation (0 or 1), so Average is the rate.
        #expect(metrics.statistics(LambdaMetric.errors.key("users-primary")).sampleCount == 3)
        #expect(metrics.counter(LambdaMetric.throttles.key("users-primary")) == 0)
        #expect(metrics.statistics(LambdaMetric.duration.key("users-primary")).sampleCount == 3)
        #expect(metrics.statistics(LambdaMetric.concurrentExecutions.key("users-primary")).maximum == 1)
        #expect(metrics.existing(LambdaMetric.duration.key("users-primary"))?.unit == .milliseconds)
    }
}
