/// A Lambda function's code, shaped like swift-aws-lambda-runtime's handler.
///
/// The emulator creates one instance per execution environment: `init(context:)` is the cold
/// start (its time is the REPORT line's `Init Duration`), then `handle(_:context:)` is called for
/// each invocation that environment serves, one at a time. Handlers are async and must not block
/// the cooperative pool; cancellation signals a timeout.
public protocol LambdaHandler: Sendable {
    /// Cold-start initialisation (clients, configuration from `context.environment`, resources).
    init(context: LambdaInitializationContext) async throws

    /// Handles one event (JSON bytes) and returns the response payload (JSON bytes).
    /// A thrown error becomes an `Unhandled` function error.
    func handle(_ event: [UInt8], context: LambdaContext) async throws -> [UInt8]
}
