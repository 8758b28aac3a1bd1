/// The answers API Gateway gives itself (gateway responses), with AWS's status, body and error type.
///
/// Bodies are byte-exact: the 4xx responses are compact (`{"message":"Forbidden"}`), the 5xx ones
/// carry a space after the colon (`{"message": "Internal server error"}`), as AWS sends them.
public enum GatewayError: Sendable, Equatable, CaseIterable {
    /// Unknown stage, no matching resource, or no such method on it: 403.
    case missingAuthenticationToken
    /// `apiKeyRequired` and the `x-api-key` is missing, unknown, disabled or in no plan for the stage: 403.
    case forbidden
    /// A stage or usage-plan throttle is exhausted: 429.
    case throttled
    /// A usage-plan quota is used up: 429.
    case quotaExceeded
    /// The function's answer is not a valid proxy response: 502.
    case malformedProxyResponse
    /// The function raised: 502.
    case functionError
    /// Lambda throttled the invocation: 500.
    case integrationThrottled
    /// The invocation could not be made (function not found, service stopped): 500.
    case invocationFailed
    /// No answer within 29 s: 504.
    case integrationTimeout
    /// Lambda refused the proxy event as over its 6 MB request limit: 413, as a REST API with a
    /// Lambda proxy integration answers it (`BadRequestException`, `{"message": "Request Too Long"}`).
    case requestTooLarge

    public var status: Int {
        switch self {
        case .missingAuthenticationToken, .forbidden: 403
        case .throttled, .quotaExceeded: 429
        case .malformedProxyResponse, .functionError: 502
        case .integrationThrottled, .invocationFailed: 500
        case .integrationTimeout: 504
        case .requestTooLarge: 413
        }
    }

    /// `$context.error.message`.
    public var message: String {
        switch self {
        case .missingAuthenticationToken: "Missing Authentication Token"
        case .forbidden: "Forbidden"
        case .throttled: "Too Many Requests"
        case .quotaExceeded: "Limit Exceeded"
        case .malformedProxyResponse, .functionError, .integrationThrottled, .invocationFailed: "Internal server error"
        case .integrationTimeout: "Endpoint request timed out"
        case .requestTooLarge: "Request Too Long"
        }
    }

    /// The exact response body.
    public var body: String {
        switch self {
        case .malformedProxyResponse, .functionError, .integrationThrottled, .invocationFailed, .integrationTimeout,
            .requestTooLarge:
            "{\"message\": \"\(message)\"}"
        default: "{\"message\":\"\(message)\"}"
        }
    }

    /// The `x-amzn-ErrorType` header.
    public var errorType: String {
        switch self {
        case .missingAuthenticationToken: "MissingAuthenticationTokenException"
        case .forbidden: "ForbiddenException"
        case .throttled: "TooManyRequestsException"
        case .quotaExceeded: "LimitExceededException"
        case .malformedProxyResponse, .functionError, .integrationThrottled, .invocationFailed, .integrationTimeout:
            "InternalServerErrorException"
        case .requestTooLarge: "BadRequestException"
        }
    }

    /// `$context.error.responseType` (the gateway response type).
    public var responseType: String {
        switch self {
        case .missingAuthenticationToken: "MISSING_AUTHENTICATION_TOKEN"
        case .forbidden: "INVALID_API_KEY"
        case .throttled: "THROTTLED"
        case .quotaExceeded: "QUOTA_EXCEEDED"
        case .malformedProxyResponse: "API_CONFIGURATION_ERROR"
        case .functionError, .integrationThrottled, .invocationFailed: "INTEGRATION_FAILURE"
        case .integrationTimeout: "INTEGRATION_TIMEOUT"
        case .requestTooLarge: "REQUEST_TOO_LARGE"
        }
    }

    /// `$context.integration.error` for integration failures, nil for the gateway's own refusals.
    public var integrationError: String? {
        switch self {
        case .malformedProxyResponse: "Malformed Lambda proxy response"
        case .functionError: "Lambda function returned an error"
        case .integrationThrottled: "Rate Exceeded."
        case .integrationTimeout: "Execution failed due to a timeout error"
        case .invocationFailed: "Lambda invocation failed"
        default: nil
        }
    }
}
