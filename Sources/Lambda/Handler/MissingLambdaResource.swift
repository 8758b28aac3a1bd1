/// Thrown by `LambdaResources.require` when no value of the type was registered.
///
/// Carries the type name so the init error in the function's log says what is missing.
public struct MissingLambdaResource: Error, Sendable, Hashable, CustomStringConvertible {
    /// The missing type.
    public let typeName: String

    public var description: String { "no resource of type \(typeName) was registered with the function" }
}
