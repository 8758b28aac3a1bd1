/// The request pipeline of one REST API: stage, resource, method, API key, throttles, integration.
///
/// A synchronous state machine: `handle` decides everything up to the integration and returns either
/// a final response or a Lambda invocation to perform; `complete` turns the invocation's outcome
/// into the final response. The only state is the throttle buckets, usage-plan counters and the id
/// generator; clocks come in with each request. Wrap it in a lock (see `GatewayService`) to share it.
public struct GatewayEngine: Sendable {
    public internal(set) var api: RestAPI
    public var usagePlans: UsagePlanLedger
    private var ids: GatewayIDGenerator
    var stageBuckets: [ThrottleSlot: TokenBucket] = [:]
    public let accessLogSink: (any AccessLogSink)?
    /// The `AWS/ApiGateway` metrics, fed with each access-log record (nil: none).
    public let metrics: GatewayMetrics?
    /// `api.executeAPIDomain`, built once (`api` never changes after `init`).
    private let domainName: String
    /// `api.resources` with their templates split once.
    private let routes: ResourceMatcher.Compiled

    /// A method's throttle bucket: stage, HTTP method and resource path (the strings are shared,
    /// so finding a bucket allocates nothing).
    struct ThrottleSlot: Hashable {
        let stage: String
        let method: String
        let resourcePath: String
    }

    public init(
        api: RestAPI, ids: GatewayIDGenerator, usagePlans: UsagePlanLedger = .init(), accessLogSink: (any AccessLogSink)? = nil,
        metrics: GatewayMetrics? = nil
    ) {
        self.api = api
        self.metrics = metrics
        self.domainName = api.executeAPIDomain
        self.routes = ResourceMatcher.Compiled(api.resources)
        self.ids = ids
        self.usagePlans = usagePlans
        self.accessLogSink = accessLogSink
    }

    /// Creates a usage plan over this API's stage (the first one when `stage` is nil) and one key in
    /// it, for `enable_api_key_required = true`. Returns nil when the API has no such stage.
    public mutating func createUsagePlan(_ config: UsagePlanConfig, stage: String? = nil) -> (plan: UsagePlan, key: APIKey)? {
        guard let stageName = stage ?? api.stages.first?.name, api.stage(named: stageName) != nil else { return nil }
        return usagePlans.createPlan(config, apiID: api.id, stage: stageName, ids: &ids)
    }

    /// Runs the pipeline up to the integration.
    public mutating func handle(_ request: GatewayRequest) -> GatewayStep {
        switch admit(request) {
        case .respond(let response): .respond(response)
        case .proxy(let call): .invoke(call.invocation())
        }
    }

    /// Runs the pipeline's stateful part (ids, throttles, keys, quota): either the final response
    /// or the proxy call whose event `ProxyCall.invocation()` encodes (outside any lock).
    public mutating func admit(_ request: GatewayRequest) -> GatewayAdmission {
        let stageName = ResourceMatcher.firstSegment(request.rawPath).map(String.init) ?? ""
        let stage = api.stage(named: stageName)
        var context = newContext(request, stage: stage, stageName: stageName)

        guard let stage else { return .respond(refuse(.missingAuthenticationToken, context)) }
        let within = Self.pathWithinStage(request.rawPath, stage: stageName)
        guard let match = routes.match(path: within) else {
            return .respond(refuse(.missingAuthenticationToken, context))
        }
        context.resourcePath = match.resource.path
        context.resourceID = match.resource.id
        guard let method = match.resource.methods[request.method] ?? match.resource.methods["ANY"] else {
            return .respond(refuse(.missingAuthenticationToken, context))
        }

        if let throttle = stage.throttle {
            // The stage's default method throttle applies to each method on its own (AWS: "per-API,
            // per-stage throttling limits are applied at the API method level").
            let slot = ThrottleSlot(stage: stage.name, method: method.httpMethod, resourcePath: match.resource.path)
            let ok = stageBuckets[slot, default: TokenBucket(throttle)].tryTake(nowNanos: request.monotonicNanos)
            if !ok { return .respond(refuse(.throttled, context)) }
        }

        if method.apiKeyRequired {
            switch usagePlans.admit(
                keyValue: request.headers.lastValue("x-api-key"), apiID: api.id, stage: stage.name,
                nowNanos: request.monotonicNanos, epochMillis: request.epochMillis)
            {
            case .admitted(let key): context.apiKey = key
            case .forbidden: return .respond(refuse(.forbidden, context))
            case .throttled: return .respond(refuse(.throttled, context))
            case .quotaExceeded: return .respond(refuse(.quotaExceeded, context))
            }
        }

        switch method.integration {
        case .mock(let mock):
            var headers = [
                HeaderField("Content-Type", "application/json"),
                HeaderField("Content-Length", String(mock.body.count)),
                HeaderField("x-amzn-RequestId", context.requestID),
            ]
            headers += mock.headers
            headers.append(HeaderField("x-amz-apigw-id", context.extendedRequestID))
            if context.tracingEnabled { headers.append(HeaderField("X-Amzn-Trace-Id", context.traceID)) }
            let response = GatewayResponse(status: mock.statusCode, headers: headers, body: mock.body)
            log(AccessLogRecord(
                context: context, status: response.status, responseLength: response.body.count,
                responseLatencyMillis: 0, integrationLatencyMillis: 0, integrationStatus: mock.statusCode,
                integrationResponseStatus: mock.statusCode))
            return .respond(response)
        case .awsProxy(let functionARN):
            return .proxy(ProxyCall(
                functionARN: functionARN, request: request, context: context, resourcePath: match.resource.path,
                pathWithinStage: within, pathParameters: match.parameters, stageVariables: stage.variables,
                binaryMediaTypes: api.binaryMediaTypes))
        }
    }

    /// Turns the outcome of an invocation into the final response and writes its access-log line.
    /// `nowNanos` is the monotonic time the outcome arrived (for latency).
    public func complete(_ invocation: LambdaInvocation, result: IntegrationResult, nowNanos: UInt64) -> GatewayResponse {
        let (response, record) = finish(invocation, result: result, nowNanos: nowNanos)
        let elapsed = nowNanos > record.context.startNanos ? nowNanos - record.context.startNanos : 0
        log(record, latencyNanos: elapsed, integrationNanos: record.integrationLatencyMillis == nil ? nil : elapsed)
        return response
    }

    /// `complete` without logging: the response and the access-log record.
    public func finish(_ invocation: LambdaInvocation, result: IntegrationResult, nowNanos: UInt64)
        -> (GatewayResponse, AccessLogRecord)
    {
        let context = invocation.context
        let latency = Int64((nowNanos > context.startNanos ? nowNanos - context.startNanos : 0) / 1_000_000)
        func failure(_ error: GatewayError, integrationStatus: Int?, reason: String? = nil) -> (GatewayResponse, AccessLogRecord) {
            let response = errorResponse(error, context)
            var record = errorRecord(error, context, response)
            if let reason { record.integrationError = reason }
            record.responseLatencyMillis = latency
            record.integrationLatencyMillis = error == .integrationTimeout ? nil : latency
            record.integrationStatus = integrationStatus
            return (response, record)
        }
        switch result {
        case .functionError: return failure(.functionError, integrationStatus: 200)
        case .throttled: return failure(.integrationThrottled, integrationStatus: 429)
        case .timedOut: return failure(.integrationTimeout, integrationStatus: nil)
        case .invocationFailed(let reason): return failure(.invocationFailed, integrationStatus: nil, reason: reason)
        case .requestTooLarge: return failure(.requestTooLarge, integrationStatus: 413)
        case .success(let payload):
            let binary = ProxyEvent.isBinary(
                contentType: context.accept?.split(separator: ",").first.map(String.init), binaryMediaTypes: api.binaryMediaTypes)
            guard let proxy = ProxyResponse.parse(payload, decodeBase64: binary) else {
                return failure(.malformedProxyResponse, integrationStatus: 200)
            }
            var headers = proxy.headers.filter { !CaseInsensitive.equals($0.name, "content-length") }
            if !headers.contains(where: { CaseInsensitive.equals($0.name, "content-type") }) {
                headers.insert(HeaderField("Content-Type", "application/json"), at: 0)
            }
            headers.append(HeaderField("Content-Length", String(proxy.body.count)))
            headers.append(HeaderField("x-amzn-RequestId", context.requestID))
            headers.append(HeaderField("x-amz-apigw-id", context.extendedRequestID))
            if context.tracingEnabled { headers.append(HeaderField("X-Amzn-Trace-Id", context.traceID)) }
            let response = GatewayResponse(status: proxy.statusCode, headers: headers, body: proxy.body)
            let record = AccessLogRecord(
                context: context, status: proxy.statusCode, responseLength: proxy.body.count, responseLatencyMillis: latency,
                integrationLatencyMillis: latency, integrationStatus: 200, integrationResponseStatus: proxy.statusCode)
            return (response, record)
        }
    }

    // MARK: - Helpers

    /// The raw path after `/<stage>` (as the event's `path` carries it), `/` when nothing follows.
    static func pathWithinStage(_ rawPath: String, stage: String) -> String {
        var rest = Substring(rawPath)
        while rest.hasPrefix("/") { rest = rest.dropFirst() }
        rest = rest.dropFirst(stage.count)
        return rest.isEmpty ? "/" : String(rest)
    }

    private mutating func newContext(_ request: GatewayRequest, stage: Stage?, stageName: String) -> RequestContext {
        let requestID = ids.uuid()
        let extended = ids.extendedRequestID()
        let clientTrace = request.headers.lastValue("X-Amzn-Trace-Id")?.split(separator: ";")
            .first(where: { $0.hasPrefix("Root=") }).map(String.init)
        let trace = clientTrace ?? ids.traceID(epochSeconds: request.epochMillis / 1000)
        return RequestContext(
            requestID: requestID, extendedRequestID: extended, traceID: trace, apiID: api.id, accountID: api.accountID,
            stage: stageName, deploymentID: stage?.deploymentID ?? "", domainName: domainName,
            httpMethod: request.method, resourcePath: nil, resourceID: nil, path: request.rawPath,
            protocolVersion: request.protocolVersion, sourceIP: request.sourceIP,
            userAgent: request.headers.lastValue("User-Agent"), accept: request.headers.lastValue("Accept"), apiKey: nil,
            epochMillis: request.epochMillis, startNanos: request.monotonicNanos, tracingEnabled: stage?.tracingEnabled ?? false,
            accessLog: stage?.accessLog)
    }

    /// A refusal before any integration ran: the response, logged.
    private func refuse(_ error: GatewayError, _ context: RequestContext) -> GatewayResponse {
        let response = errorResponse(error, context)
        log(errorRecord(error, context, response))
        return response
    }

    private func errorResponse(_ error: GatewayError, _ context: RequestContext) -> GatewayResponse {
        let body = Array(error.body.utf8)
        var headers = [
            HeaderField("Content-Type", "application/json"),
            HeaderField("Content-Length", String(body.count)),
            HeaderField("x-amzn-RequestId", context.requestID),
            HeaderField("x-amzn-ErrorType", error.errorType),
            HeaderField("x-amz-apigw-id", context.extendedRequestID),
        ]
        if error.integrationError != nil && context.tracingEnabled {
            headers.append(HeaderField("X-Amzn-Trace-Id", context.traceID))
        }
        return GatewayResponse(status: error.status, headers: headers, body: body)
    }

    private func errorRecord(_ error: GatewayError, _ context: RequestContext, _ response: GatewayResponse) -> AccessLogRecord {
        AccessLogRecord(
            context: context, status: response.status, responseLength: response.body.count, responseLatencyMillis: 0,
            integrationLatencyMillis: nil, integrationStatus: nil, errorMessage: error.message,
            errorResponseType: error.responseType, integrationError: error.integrationError)
    }

    /// Writes the access-log line and the metrics of a finished request (`latencyNanos` nil: the
    /// record's own millisecond latency, for answers given without an integration).
    private func log(_ record: AccessLogRecord, latencyNanos: UInt64? = nil, integrationNanos: UInt64? = nil) {
        metrics?.record(
            stage: record.context.stage, status: record.status,
            latencyNanos: latencyNanos ?? UInt64(max(0, record.responseLatencyMillis)) * 1_000_000, integrationNanos: integrationNanos)
        guard let settings = record.context.accessLog, let sink = accessLogSink else { return }
        sink.write(logGroupName: settings.destinationLogGroup, line: settings.template.render(record))
    }
}
