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

/// How the invoker names a thrown error in a function error payload.
///
/// One place for the mapping so payloads and log lines agree.
enum FunctionErrorReport {
    static func type(of error: any Error) -> String {
        if let custom = error as? any LambdaFunctionError { return custom.errorType }
        return String(describing: Swift.type(of: error))
    }

    static func message(of error: any Error) -> String {
        if let custom = error as? any LambdaFunctionError { return custom.errorMessage }
        return String(describing: error)
    }

    static func payload(of error: any Error) -> [UInt8] {
        LambdaJSON.encode(["errorMessage": message(of: error), "errorType": type(of: error)])
    }
}
