/// Lambda's invocation payload quotas for synchronous (`RequestResponse`) invocations.
///
/// Why: a function is handed at most 6 MB and may answer at most 6 MB (plus a small allowance on
/// the response, as Lambda documents it in its error text); larger payloads are refused by Lambda
/// itself, not by the function. The emulator enforces both, so what works here works on AWS.
public enum LambdaPayloadLimits {
    /// The largest request payload Lambda accepts: 6 MB (`RequestEntityTooLargeException` above).
    public static let request = 6_291_456
    /// The largest response payload Lambda returns: `Function.ResponseSizeTooLarge` above.
    public static let response = 6_291_556

    /// The error type of an oversized response.
    public static let responseTooLargeType = "Function.ResponseSizeTooLarge"

    /// The function error payload Lambda returns instead of a response of `size` bytes.
    public static func responseTooLargePayload(size: Int) -> [UInt8] {
        LambdaJSON.encode([
            "errorMessage": "Response payload size (\(size) bytes) exceeded maximum allowed payload size (\(response) bytes).",
            "errorType": responseTooLargeType,
        ])
    }
}
