import Foundation

/// A Lambda API error as data: AWS's exception name, message, HTTP status and optional reason.
///
/// Rendered exactly as the Lambda service answers: header `x-amzn-ErrorType: <code>` and body
/// `{"Reason":...,"Type":"User","message":...}` (keys sorted as AWS sends them). Match on `code`.
public struct LambdaError: Error, Sendable, Hashable, CustomStringConvertible {
    /// AWS's error code, e.g. `TooManyRequestsException`.
    public let code: String
    /// The message, e.g. `Rate Exceeded.`.
    public let message: String
    /// The HTTP status of the Lambda API answer.
    public let httpStatus: Int
    /// `User` for caller errors, `Service` for Lambda's own.
    public let type: String
    /// Extra reason field (throttles), e.g. `ReservedFunctionConcurrentInvocationLimitExceeded`.
    public let reason: String?

    /// Creates an error.
    public init(code: String, message: String, httpStatus: Int, type: String = "User", reason: String? = nil) {
        self.code = code
        self.message = message
        self.httpStatus = httpStatus
        self.type = type
        self.reason = reason
    }

    /// The JSON body Lambda's API returns.
    public var body: [UInt8] {
        var fields = ["Type": type, "message": message]
        if let reason { fields["Reason"] = reason }
        return LambdaJSON.encode(fields)
    }

    /// The response headers Lambda's API sets for this error.
    public var headers: [String: String] {
        ["x-amzn-ErrorType": code, "Content-Type": "application/json"]
    }

    public var description: String { "\(code): \(message)" + (reason.map { " (\($0))" } ?? "") }

    // MARK: - The errors the emulator raises

    /// The exact text AWS uses when an environment sets reserved keys (sorted, comma-space separated).
    public static func reservedEnvironmentKeys(_ keys: [String]) -> LambdaError {
        LambdaError(
            code: "InvalidParameterValueException",
            message: "Lambda was unable to configure your environment variables because the environment variables you have "
                + "provided contains reserved keys that are currently not supported for modification. Reserved keys used in "
                + "this request: \(keys.sorted().joined(separator: ", "))",
            httpStatus: 400)
    }

    /// `InvalidParameterValueException` with a custom message.
    public static func invalidParameter(_ message: String) -> LambdaError {
        LambdaError(code: "InvalidParameterValueException", message: message, httpStatus: 400)
    }

    /// `ResourceNotFoundException` for an unknown function (404).
    public static func functionNotFound(arn: String) -> LambdaError {
        LambdaError(code: "ResourceNotFoundException", message: "Function not found: \(arn)", httpStatus: 404)
    }

    /// `ResourceConflictException` for registering a function twice (409).
    public static func functionExists(_ name: String) -> LambdaError {
        LambdaError(code: "ResourceConflictException", message: "Function already exist: \(name)", httpStatus: 409)
    }

    /// A synchronous invocation's request payload over `LambdaPayloadLimits.request` (413), as
    /// the Invoke API answers it (and API Gateway turns into its own 413).
    public static let requestTooLarge = LambdaError(
        code: "RequestEntityTooLargeException",
        message: "Request must be smaller than \(LambdaPayloadLimits.request) bytes for the InvokeFunction operation",
        httpStatus: 413)

    /// The region's Lambda service is stopped (a chaos region kill): `ServiceException` (500).
    public static let serviceStopped = LambdaError(
        code: "ServiceException", message: "The AWS Lambda service encountered an internal error.", httpStatus: 500,
        type: "Service")

    /// Throttle of a function with reserved concurrency (429).
    public static let reservedConcurrencyExceeded = LambdaError(
        code: "TooManyRequestsException", message: "Rate Exceeded.", httpStatus: 429,
        reason: "ReservedFunctionConcurrentInvocationLimitExceeded")

    /// Throttle of the account's unreserved pool (429).
    public static let accountConcurrencyExceeded = LambdaError(
        code: "TooManyRequestsException", message: "Rate Exceeded.", httpStatus: 429,
        reason: "ConcurrentInvocationLimitExceeded")
}
