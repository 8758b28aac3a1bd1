/// An error that chooses how Lambda reports it (`errorType`, `errorMessage`).
///
/// Other thrown errors are reported with their Swift type name as `errorType` and their
/// description as `errorMessage`.
public protocol LambdaFunctionError: Error {
    /// The `errorType` field, e.g. `ValueError`.
    var errorType: String { get }
    /// The `errorMessage` field.
    var errorMessage: String { get }
}
