extension LambdaInvoker {
    /// Lambda's Invoke API (`POST /2015-03-31/functions/{FunctionName}/invocations`), so
    /// `aws lambda invoke` can be served.
    ///
    /// - `functionName` may be a name, `name:$LATEST`, or a function ARN.
    /// - `invocationType` (`X-Amz-Invocation-Type`): `RequestResponse` (default), `Event` (202 at
    ///   once, the invocation runs in the background), or `DryRun` (204).
    /// - Function errors and timeouts answer 200 with `X-Amz-Function-Error: Unhandled`; throttles
    ///   429 `TooManyRequestsException`; unknown functions 404 `ResourceNotFoundException`.
    public func invokeAPI(
        functionName: String, payload: [UInt8], invocationType: String? = nil, traceHeader: String? = nil,
        clientContext: String? = nil, logType: String? = nil
    ) async -> LambdaAPIResponse {
        let name = Self.resolveName(functionName)
        guard configuration(of: name) != nil else { return Self.errorResponse(.functionNotFound(arn: arn(of: name))) }
        switch invocationType ?? "RequestResponse" {
        case "RequestResponse":
            break
        case "DryRun":
            return LambdaAPIResponse(status: 204, headers: ["x-amzn-RequestId": ids.uuid()], body: [])
        case "Event":
            let requestID = ids.uuid()
            Task {
                _ = try? await self.invokeDetailed(
                    functionName: name, payload: payload, traceHeader: traceHeader, clientContext: clientContext)
            }
            return LambdaAPIResponse(status: 202, headers: ["x-amzn-RequestId": requestID], body: [])
        case let other:
            return Self.errorResponse(
                .invalidParameter(
                    "1 validation error detected: Value '\(other)' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [Event, RequestResponse, DryRun]"
                ))
        }
        switch logType ?? "None" {
        case "None", "Tail": break
        case let other:
            return Self.errorResponse(
                .invalidParameter(
                    "1 validation error detected: Value '\(other)' at 'logType' failed to satisfy constraint: Member must satisfy enum value set: [Tail, None]"
                ))
        }
        let record: InvocationRecord
        do {
            record = try await invokeDetailed(
                functionName: name, payload: payload, traceHeader: traceHeader, clientContext: clientContext)
        } catch {
            return Self.errorResponse(error)
        }
        var headers = [
            "Content-Type": "application/json", "X-Amz-Executed-Version": configuration(of: name)?.functionVersion ?? "$LATEST",
            "x-amzn-RequestId": record.requestID,
        ]
        if !record.traceID.isEmpty { headers["X-Amzn-Trace-Id"] = record.traceID }
        if logType == "Tail", !record.requestID.isEmpty {
            headers["X-Amz-Log-Result"] = tailLog(of: record, functionName: name)
        }
        switch record.result {
        case .success(let body):
            return LambdaAPIResponse(status: 200, headers: headers, body: body)
        case .functionError(let body, _):
            headers["X-Amz-Function-Error"] = "Unhandled"
            return LambdaAPIResponse(status: 200, headers: headers, body: body)
        case .timedOut(let message):
            headers["X-Amz-Function-Error"] = "Unhandled"
            let body = LambdaJSON.encode([
                "errorMessage": "RequestId: \(record.requestID) Error: \(message)", "errorType": "Sandbox.Timedout",
            ])
            return LambdaAPIResponse(status: 200, headers: headers, body: body)
        case .throttled(let error):
            return Self.errorResponse(error)
        }
    }

    /// The name in `name`, `name:qualifier`, or `arn:aws:lambda:region:account:function:name[:qualifier]`.
    static func resolveName(_ identifier: String) -> String {
        let parts = identifier.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        if parts.count >= 7, parts[0] == "arn", parts[5] == "function" { return parts[6] }
        return parts.first ?? identifier
    }

    /// An error answer with Lambda's headers and body.
    static func errorResponse(_ error: LambdaError) -> LambdaAPIResponse {
        LambdaAPIResponse(status: error.httpStatus, headers: error.headers, body: error.body)
    }
}
