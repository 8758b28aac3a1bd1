import Synchronization

/// A `GatewayEngine` behind a mutex, for callers on many threads (the HTTP server's workers).
///
/// `handle` takes the lock only for the synchronous pipeline (microseconds); the Lambda invocation
/// runs outside it, and `complete` only reads the API configuration.
public final class GatewayService: Sendable {
    private let engine: Mutex<GatewayEngine>

    public init(_ engine: GatewayEngine) { self.engine = Mutex(engine) }

    public var api: RestAPI { engine.withLock { $0.api } }

    public func handle(_ request: GatewayRequest) -> GatewayStep { engine.withLock { $0.handle(request) } }

    public func complete(_ invocation: LambdaInvocation, result: IntegrationResult, nowNanos: UInt64) -> GatewayResponse {
        let snapshot = engine.withLock { $0 }
        return snapshot.complete(invocation, result: result, nowNanos: nowNanos)
    }

    public func createUsagePlan(_ config: UsagePlanConfig, stage: String? = nil) -> (plan: UsagePlan, key: APIKey)? {
        engine.withLock { $0.createUsagePlan(config, stage: stage) }
    }
}
