import Observability

extension LambdaInvoker {
    /// Invokes a function synchronously (what API Gateway's proxy integration calls).
    /// - Parameters:
    ///   - functionName: a registered function's name.
    ///   - payload: the event, JSON bytes.
    ///   - traceHeader: an incoming `X-Amzn-Trace-Id`, passed through unchanged.
    ///   - clientContext: raw client context JSON, if any.
    /// - Throws: `ResourceNotFoundException` for an unknown function.
    public func invoke(
        functionName: String, payload: [UInt8], traceHeader: String? = nil, clientContext: String? = nil
    ) async throws(LambdaError) -> InvocationResult {
        try await invokeDetailed(
            functionName: functionName, payload: payload, traceHeader: traceHeader, clientContext: clientContext
        ).result
    }

    /// Invokes a function and returns the result with its cold-start and duration details.
    public func invokeDetailed(
        functionName: String, payload: [UInt8], traceHeader: String? = nil, clientContext: String? = nil
    ) async throws(LambdaError) -> InvocationRecord {
        let outcome = await withCheckedContinuation { (continuation: CheckedContinuation<Result<InvocationRecord, LambdaError>, Never>) in
            startInvocation(functionName: functionName, payload: payload, traceHeader: traceHeader, clientContext: clientContext) {
                continuation.resume(returning: $0)
            }
        }
        return try outcome.get()
    }

    /// Starts an invocation and reports its record (or `ResourceNotFoundException` /
    /// `ServiceException`) to `completion`, exactly once.
    ///
    /// The callback form of `invokeDetailed`, for callers that race their own deadline (API
    /// Gateway's integration timeout): the handler runs in its own task and `completion` runs in
    /// whichever context ended the invocation (that task, the deadline thread, or a region kill),
    /// so no task waits in between.
    public func startInvocation(
        functionName: String, payload: [UInt8], traceHeader: String? = nil, clientContext: String? = nil,
        completion: @escaping @Sendable (Result<InvocationRecord, LambdaError>) -> Void
    ) {
        // Lambda refuses an oversized request before any environment is involved.
        guard payload.count <= LambdaPayloadLimits.request else {
            completion(.failure(.requestTooLarge))
            return
        }
        let acquired = state.withLock { $0.acquire(functionName) }
        let lease: InvokerState.Lease
        switch acquired {
        case .notFound:
            completion(.failure(.functionNotFound(arn: arn(of: functionName))))
            return
        case .stopped:
            completion(.failure(.serviceStopped))
            return
        case .throttled(let error, let functionMetrics):
            functionMetrics.throttled()
            completion(.success(.throttled(error)))
            return
        case .granted(let granted):
            lease = granted
        }
        lease.metrics.started(
            busy: lease.concurrentExecutions, accountBusy: lease.accountConcurrentExecutions, account: accountConcurrency)

        let configuration = lease.configuration
        if let warm = lease.warm {
            run(
                lease: lease, environment: warm, configuration: configuration, initDuration: nil, payload: payload,
                traceHeader: traceHeader, clientContext: clientContext
            ) { completion(.success($0)) }
            return
        }
        Task {
            switch await coldStart(lease) {
            case .success(let created):
                run(
                    lease: lease, environment: created.environment, configuration: configuration,
                    initDuration: created.initDuration, payload: payload, traceHeader: traceHeader,
                    clientContext: clientContext
                ) { completion(.success($0)) }
            case .failure(let failure):
                _ = state.withLock { $0.finish(lease, environment: nil, keep: false, now: monotonicMilliseconds()) }
                lease.metrics.finished(failed: true, duration: nil)
                completion(.success(failure.record))
            }
        }
    }

    // MARK: - Cold start

    struct ColdStart: Sendable {
        let environment: ExecutionEnvironment
        let initDuration: Duration
    }

    struct InitFailure: Error {
        let record: InvocationRecord
    }

    private func coldStart(_ lease: InvokerState.Lease) async -> Result<ColdStart, InitFailure> {
        let configuration = lease.configuration
        let stream = configuration.newLogStreamName(epochMilliseconds: logs.now(), ids: ids)
        logs.ensureLogStream(group: configuration.logGroupName, stream: stream)
        let variables = configuration.runtimeEnvironment(logStreamName: stream)
        let logger = LambdaLogger(store: logs, logGroupName: configuration.logGroupName, logStreamName: stream)
        let context = LambdaInitializationContext(
            functionName: configuration.functionName, functionVersion: configuration.functionVersion,
            memoryLimitInMB: configuration.memorySize, region: configuration.region,
            logGroupName: configuration.logGroupName, logStreamName: stream, environment: variables, logger: logger,
            resources: lease.resources)
        let started = ContinuousClock.now
        let factory = lease.factory
        let outcome = await TimeoutRace.run(timeout: configuration.timeout, registry: inFlight) { try await factory.make(context) }
        let initDuration = ContinuousClock.now - started
        let requestID: String
        let result: InvocationResult
        var lines: [String]
        switch outcome {
        case .returned(let handler):
            let environment = ExecutionEnvironment(
                id: lease.environmentID, handler: handler, logStreamName: stream, variables: variables, logger: logger)
            return .success(ColdStart(environment: environment, initDuration: initDuration))
        case .threw(let error):
            requestID = ids.uuid()
            let type = FunctionErrorReport.type(of: error)
            result = .functionError(payload: FunctionErrorReport.payload(of: error), errorType: type)
            lines = [
                "[ERROR] \(type): \(FunctionErrorReport.message(of: error))",
                "INIT_REPORT Init Duration: \(ReportLines.milliseconds(initDuration)) ms\tPhase: init\tStatus: error\tError Type: Runtime.Unknown",
            ]
        case .timedOut:
            requestID = ids.uuid()
            result = .timedOut(ReportLines.timeoutMessage(seconds: configuration.timeoutSeconds))
            lines = ["INIT_REPORT Init Duration: \(ReportLines.milliseconds(initDuration)) ms\tPhase: init\tStatus: timeout"]
        case .killed:
            requestID = ids.uuid()
            result = Self.killedResult(requestID: requestID)
            lines = [Self.killedLine(requestID: requestID)]
        }
        lines += [
            ReportLines.start(requestID: requestID, version: configuration.functionVersion),
            ReportLines.end(requestID: requestID),
            ReportLines.report(
                requestID: requestID, duration: .zero, memorySize: configuration.memorySize,
                maxMemoryUsedMB: ProcessMemory.residentMegabytes(), initDuration: initDuration),
        ]
        if case .timedOut = outcome {
            lines.append(
                ReportLines.timeoutLine(timestamp: logs.now(), requestID: requestID, seconds: configuration.timeoutSeconds))
        }
        logs.append(group: configuration.logGroupName, stream: stream, messages: lines)
        let record = InvocationRecord(
            requestID: requestID, traceID: "", result: result, coldStart: true, initDuration: initDuration,
            duration: .zero, logStreamName: stream, environmentID: lease.environmentID)
        return .failure(InitFailure(record: record))
    }

    // MARK: - Invocation

    private func run(
        lease: InvokerState.Lease, environment: ExecutionEnvironment, configuration: FunctionConfiguration,
        initDuration: Duration?, payload: [UInt8], traceHeader: String?, clientContext: String?,
        completion: @escaping @Sendable (InvocationRecord) -> Void
    ) {
        let requestID = ids.uuid()
        let wallStart = logs.now()
        let traceID =
            traceHeader.flatMap { $0.isEmpty ? nil : $0 }
            ?? TraceID.generate(epochSeconds: wallStart / 1000, sampled: configuration.tracingMode == .active, ids: ids)
        let started = ContinuousClock.now
        let deadline = started + configuration.timeout
        let group = lease.logGroupName
        let stream = environment.logStreamName
        logs.append(group: group, stream: stream, message: ReportLines.start(requestID: requestID, version: configuration.functionVersion))
        let context = LambdaContext(
            requestID: requestID, traceID: traceID, invokedFunctionARN: lease.functionARN,
            functionName: configuration.functionName, functionVersion: configuration.functionVersion,
            memoryLimitInMB: configuration.memorySize, deadline: deadline,
            deadlineMillisecondsSinceEpoch: wallStart + LambdaInvoker.milliseconds(configuration.timeout),
            logGroupName: group, logStreamName: stream, logger: environment.logger.forRequest(requestID),
            baseEnvironment: environment.variables, traceVariable: traceID, clientContext: clientContext)
        let handler = environment.handler
        TimeoutRace.start(timeout: configuration.timeout, registry: inFlight, runner: environment.worker) {
            try await handler.handle(payload, context: context)
        } report: { outcome in
            completion(
                self.finishInvocation(
                    outcome, lease: lease, environment: environment, configuration: configuration, initDuration: initDuration,
                    requestID: requestID, traceID: traceID, started: started))
        }
    }

    /// Writes an invocation's closing lines, returns its environment and records its metrics.
    private func finishInvocation(
        _ outcome: TimeoutRace.Outcome<[UInt8]>, lease: InvokerState.Lease, environment: ExecutionEnvironment,
        configuration: FunctionConfiguration, initDuration: Duration?, requestID: String, traceID: String,
        started: ContinuousClock.Instant
    ) -> InvocationRecord {
        let duration = ContinuousClock.now - started
        let group = lease.logGroupName
        let stream = environment.logStreamName

        let result: InvocationResult
        var keep = true
        var trailing: [String] = []
        switch outcome {
        case .returned(let bytes) where bytes.count > LambdaPayloadLimits.response:
            // The function ran, but Lambda will not return what it answered.
            let type = LambdaPayloadLimits.responseTooLargeType
            let payload = LambdaPayloadLimits.responseTooLargePayload(size: bytes.count)
            environment.logger.forRequest(requestID).error(
                "\(type): Response payload size (\(bytes.count) bytes) exceeded maximum allowed payload size (\(LambdaPayloadLimits.response) bytes).")
            result = .functionError(payload: payload, errorType: type)
        case .returned(let bytes):
            result = .success(bytes)
        case .threw(let error):
            let type = FunctionErrorReport.type(of: error)
            if let raw = error as? any RawFunctionErrorPayload, raw.discardsEnvironment { keep = false }
            environment.logger.forRequest(requestID).error("\(type): \(FunctionErrorReport.message(of: error))")
            result = .functionError(payload: FunctionErrorReport.payload(of: error), errorType: type)
        case .timedOut:
            keep = false
            result = .timedOut(ReportLines.timeoutMessage(seconds: configuration.timeoutSeconds))
            trailing.append(
                ReportLines.timeoutLine(timestamp: logs.now(), requestID: requestID, seconds: configuration.timeoutSeconds))
        case .killed:
            keep = false
            result = Self.killedResult(requestID: requestID)
            trailing.append(Self.killedLine(requestID: requestID))
        }
        logs.append(
            group: group, stream: stream,
            messages: [
                ReportLines.end(requestID: requestID),
                ReportLines.report(
                    requestID: requestID, duration: duration, memorySize: configuration.memorySize,
                    maxMemoryUsedMB: (environment.handler as? any ReportsPeakMemory)?.peakMemoryMegabytes()
                        ?? MemorySampler.shared.residentMegabytes(), initDuration: initDuration),
            ] + trailing)
        _ = state.withLock { $0.finish(lease, environment: environment, keep: keep, now: monotonicMilliseconds()) }

        let failed: Bool
        if case .success = result { failed = false } else { failed = true }
        lease.metrics.finished(failed: failed, duration: duration)

        return InvocationRecord(
            requestID: requestID, traceID: traceID, result: result, coldStart: initDuration != nil,
            initDuration: initDuration, duration: duration, logStreamName: stream, environmentID: environment.id)
    }

    // MARK: - Region kill

    /// What an invocation that was running when the region stopped returns: the runtime died.
    static func killedResult(requestID: String) -> InvocationResult {
        .functionError(
            payload: LambdaJSON.encode([
                "errorMessage": "RequestId: \(requestID) Error: Runtime exited with error: signal: killed",
                "errorType": "Runtime.ExitError",
            ]), errorType: "Runtime.ExitError")
    }

    static func killedLine(requestID: String) -> String {
        "RequestId: \(requestID) Error: Runtime exited with error: signal: killed\nRuntime.ExitError"
    }
}
