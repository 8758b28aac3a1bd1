import Synchronization

/// A `GatewayEngine` behind a mutex, for callers on many threads (the HTTP server's workers).
///
/// `handle` takes the lock only for the synchronous pipeline (microseconds); the Lambda invocation
/// runs outside it, and `complete` only reads the API configuration and the access-log sink, which
/// never change after the engine is made, so it uses a copy taken then and takes no lock at all
/// (it used to copy the engine under the lock for every response, contending with `handle`).
public final class GatewayService: Sendable {
    let engine: Mutex<GatewayEngine>
    /// The engine as created: its `api` and `accessLogSink` are all `complete` reads.
    private let completer: GatewayEngine

    public init(_ engine: GatewayEngine) {
        self.engine = Mutex(engine)
        completer = engine
    }

    public var api: RestAPI { engine.withLock { $0.api } }

    public func handle(_ request: GatewayRequest) -> GatewayStep {
        // Only the stateful part holds the lock; the event is encoded outside it.
        switch engine.withLock({ $0.admit(request) }) {
        case .respond(let response): .respond(response)
        case .proxy(let call): .invoke(call.invocation())
        }
    }

    /// The pipeline's stateful part only: the final response, or the proxy call whose event the
    /// caller encodes (`ProxyCall.invocation()`) where it chooses, e.g. off an event loop when
    /// the body is large.
    public func admit(_ request: GatewayRequest) -> GatewayAdmission {
        engine.withLock { $0.admit(request) }
    }

    public func complete(_ invocation: LambdaInvocation, result: IntegrationResult, nowNanos: UInt64) -> GatewayResponse {
        completer.complete(invocation, result: result, nowNanos: nowNanos)
    }

    public func createUsagePlan(_ config: UsagePlanConfig, stage: String? = nil) -> (plan: UsagePlan, key: APIKey)? {
        engine.withLock { $0.createUsagePlan(config, stage: stage) }
    }
}
