/// Makes a handler for a new execution environment.
///
/// What the invoker stores per function; `LambdaHandlerFactory.of(_:)` wraps a handler type, and
/// a closure can capture dependencies directly.
public struct LambdaHandlerFactory: Sendable {
    /// Builds a handler; called once per cold start.
    public let make: @Sendable (LambdaInitializationContext) async throws -> any LambdaHandler

    /// Wraps a closure.
    public init(_ make: @escaping @Sendable (LambdaInitializationContext) async throws -> any LambdaHandler) {
        self.make = make
    }

    /// A factory that calls `H.init(context:)`.
    public static func of<H: LambdaHandler>(_ type: H.Type) -> LambdaHandlerFactory {
        LambdaHandlerFactory { context in try await H(context: context) }
    }
}
