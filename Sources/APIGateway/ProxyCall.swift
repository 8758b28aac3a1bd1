/// An admitted `AWS_PROXY` request whose Lambda event is still to be encoded.
///
/// Why: `GatewayEngine.admit` runs under the service's lock (it draws request ids, throttle tokens
/// and usage-plan quota), while encoding the event is pure work on the request alone and was the
/// largest part of the pipeline; splitting it out lets `GatewayService` encode outside the lock,
/// so concurrent event loops no longer queue behind each other's encoding.
public struct ProxyCall: Sendable {
    /// The function's ARN, as the integration URI names it.
    public let functionARN: String
    /// The request as received.
    public let request: GatewayRequest
    /// The request context (ids, trace, stage, resource, key).
    public let context: RequestContext
    /// The matched resource's template path (`/users/{id}`).
    public let resourcePath: String
    /// The raw path after `/<stage>`.
    public let pathWithinStage: String
    /// Path parameters bound by the match, in template order.
    public let pathParameters: [(String, String)]
    /// The stage's variables.
    public let stageVariables: [String: String]
    /// The API's binary media types.
    public let binaryMediaTypes: [String]

    /// Encodes the proxy event: the invocation to perform.
    public func invocation() -> LambdaInvocation {
        let event = ProxyEvent.encode(
            request: request, context: context, resourcePath: resourcePath, pathWithinStage: pathWithinStage,
            pathParameters: pathParameters, stageVariables: stageVariables, binaryMediaTypes: binaryMediaTypes)
        return LambdaInvocation(
            functionARN: functionARN, event: event, timeoutNanos: LambdaInvocation.integrationTimeoutNanos,
            context: context)
    }
}

/// What `GatewayEngine.admit` decided: a final response, or a proxy call to encode and invoke.
public enum GatewayAdmission: Sendable {
    /// Answer now (refusal, throttle, MOCK).
    case respond(GatewayResponse)
    /// Invoke the function with the call's event.
    case proxy(ProxyCall)
}
