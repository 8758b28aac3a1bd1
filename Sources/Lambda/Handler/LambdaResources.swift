/// Shared objects a handler's `init(context:)` can look up by type (e.g. a DSQL client).
///
/// Real Lambda code builds its clients from environment variables; in the emulator the region's
/// in-process services are handed over through this bag instead, so the handler type itself can
/// stay the same shape as on AWS. Register with `LambdaInvoker.register(_:handler:resources:)`.
public struct LambdaResources: Sendable {
    private var values: [ObjectIdentifier: any Sendable] = [:]

    /// An empty bag.
    public init() {}

    /// A copy with `value` stored under its static type `T` (replacing any earlier one).
    public func with<T: Sendable>(_ value: T, as type: T.Type = T.self) -> LambdaResources {
        var copy = self
        copy.values[ObjectIdentifier(type)] = value
        return copy
    }

    /// The value stored under `T`, if any.
    public subscript<T: Sendable>(_ type: T.Type) -> T? {
        values[ObjectIdentifier(type)] as? T
    }

    /// The value stored under `T`, or an error naming the missing type.
    public func require<T: Sendable>(_ type: T.Type) throws -> T {
        guard let value = self[type] else { throw MissingLambdaResource(typeName: String(describing: type)) }
        return value
    }
}
