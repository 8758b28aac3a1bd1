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
        if let raw = error as? any RawFunctionErrorPayload { return raw.payload }
        return LambdaJSON.encode(["errorMessage": message(of: error), "errorType": type(of: error)])
    }
}
