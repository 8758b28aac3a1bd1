import APIGateway
import Chaos
import AWSAPI
import Glibc
import HTTP

/// Serves API Gateway over HTTP: a region's listener (one API, paths `/<stage>/...`) or the edge
/// listener (APIs found by `Host: <id>.execute-api.<region>.localhost` or by the path
/// `/_aws/execute-api/<id>/<stage>/...`).
///
/// The gateway's synchronous pipeline (routing, keys, throttles, MOCK CORS) runs on the loop
/// thread and answers at once; only requests that invoke a function go async.
public struct GatewayResponder: HTTPResponder {
    /// Which APIs this listener serves.
    public enum Target: Sendable {
        /// One region's API.
        case region(GatewayService)
        /// Every registered API, found per request.
        case edge(GatewayDirectory)
    }

    /// API Gateway's payload limit (10 MB); larger bodies get 413 from the listener.
    public static let payloadLimit = 10 * 1024 * 1024

    let target: Target
    let integration: LambdaIntegration
    /// The AWS APIs on the edge listener: requests that are not API Gateway traffic and carry a
    /// SigV4 credential scope (nil: none).
    let aws: AWSRouter?
    /// LocalStack-style fault rules for the APIs (and, on the edge, the `/_localstack/chaos/` routes).
    let faults: FaultRuleInjector?

    /// Creates a responder.
    public init(target: Target, integration: LambdaIntegration, aws: AWSRouter? = nil, faults: FaultRuleInjector? = nil) {
        self.target = target
        self.integration = integration
        self.aws = aws
        self.faults = faults
    }

    public func bodyLimit(for head: HTTPRequestHead) -> Int { Self.payloadLimit }

    public func respond(to request: HTTPRequest) -> HTTPReply {
        let service: GatewayService
        var path = request.path
        switch target {
        case .region(let s):
            service = s
        case .edge(let directory):
            if let faults, request.path.hasPrefix(LocalStackChaosRoutes.prefix),
                let reply = LocalStackChaosRoutes(faults: faults).respond(to: request)
            {
                return reply
            }
            switch directory.resolve(host: request.headers["host"], path: request.path) {
            case .api(let s, let remaining):
                service = s
                path = remaining
            case .unknownAPI(let id):
                return .now(.json(404, #"{"message":"No API with id \#(id) is deployed here"}"#))
            case .notGateway:
                // Only requests that are no API's traffic reach the AWS APIs, so routing by
                // credential scope costs the gateway's data plane nothing.
                if let reply = aws?.respond(to: request) { return reply }
                return .now(.json(404, #"{"message":"Not Found"}"#))
            }
        }
        return LocalStackChaosReply.apply(
            faults, Self.faultCall(service, method: request.method, path: path), service: "apigateway"
        ) { answer(service, request, path) }
    }

    /// The fault rules' view of a REST API call: `METHOD /path-within-stage` or `METHOD`.
    static func faultCall(_ service: GatewayService, method: String, path: String) -> FaultCall {
        let withinStage = path.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: true).dropFirst().first
        return FaultCall(
            service: "apigateway", region: service.api.region,
            operations: ["\(method) /\(withinStage ?? "")", method])
    }

    func answer(_ service: GatewayService, _ request: HTTPRequest, _ path: String) -> HTTPReply {
        let gatewayRequest = GatewayRequest(
            method: request.method, rawPath: path, rawQuery: request.query,
            headers: request.headers.fields.map { HeaderField($0.name, $0.value) }, body: request.body,
            sourceIP: request.connection.remoteAddress, hostHeader: request.headers["host"],
            protocolVersion: request.version, epochMillis: Self.epochMillis(), monotonicNanos: Self.monotonicNanos())
        switch service.admit(gatewayRequest) {
        case .respond(let response):
            return .now(Self.http(response))
        case .proxy(let call):
            let integration = self.integration
            let trace = request.headers["x-amzn-trace-id"]
            let large = request.body.count >= Self.dedicatedThreadThreshold
            // The invocation reports through a callback, so the response goes straight back to
            // the connection's loop from there: no task waits in between.
            return .deferred { sink in
                let invoke: @Sendable () -> Void = {
                    let invocation = call.invocation()
                    integration.start(invocation, traceHeader: trace) { result in
                        Self.complete(invocation, result: result, service: service, sink: sink)
                    }
                }
                // Encoding a large body into the event takes milliseconds: not on the loop thread.
                if large { DedicatedThread.start(name: "gateway-event", invoke) } else { invoke() }
            }
        }
    }

    /// Bodies and function responses from this size on are encoded and read on a thread of their
    /// own, not on an event loop or the cooperative pool, where other requests would wait.
    static let dedicatedThreadThreshold = 64 * 1024

    /// Reads the function's response into the gateway's and sends it.
    static func complete(
        _ invocation: LambdaInvocation, result: IntegrationResult, service: GatewayService, sink: HTTPResponseSink
    ) {
        let finish: @Sendable () -> Void = {
            sink.send(Self.http(service.complete(invocation, result: result, nowNanos: Self.monotonicNanos())))
        }
        if case .success(let payload) = result, payload.count >= dedicatedThreadThreshold {
            DedicatedThread.start(name: "gateway-response", finish)
        } else {
            finish()
        }
    }

    /// The gateway's response on the wire (the serializer writes the framing headers itself).
    static func http(_ response: GatewayResponse) -> HTTPResponse {
        HTTPResponse(
            status: response.status, headers: HTTPHeaders(response.headers.map { (name: $0.name, value: $0.value) }),
            body: response.body)
    }

    static func monotonicNanos() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
    }

    static func epochMillis() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec / 1_000_000)
    }
}
