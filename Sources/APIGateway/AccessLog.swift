/// Receives access-log lines: one per request, for the stage's destination log group.
///
/// The composition layer connects this to the Observability log store; tests collect lines.
public protocol AccessLogSink: Sendable {
    func write(logGroupName: String, line: String)
}

/// An `AccessLogSink` made from a closure.
public struct ClosureAccessLogSink: AccessLogSink {
    private let body: @Sendable (String, String) -> Void
    public init(_ body: @escaping @Sendable (_ logGroupName: String, _ line: String) -> Void) { self.body = body }
    public func write(logGroupName: String, line: String) { body(logGroupName, line) }
}

/// The values of one finished request that access-log `$context` variables read.
public struct AccessLogRecord: Sendable, Equatable {
    public var context: RequestContext
    public var status: Int
    public var responseLength: Int
    public var responseLatencyMillis: Int64
    public var integrationLatencyMillis: Int64?
    /// `$context.integrationStatus`: the status Lambda's Invoke API answered (200, or 429 when throttled).
    public var integrationStatus: Int?
    /// `$context.integration.status`: the `statusCode` the function returned (proxy integrations).
    public var integrationResponseStatus: Int?
    /// `$context.error.message` (the gateway's own error message), nil on success.
    public var errorMessage: String?
    /// `$context.error.responseType` (e.g. `MISSING_AUTHENTICATION_TOKEN`), nil on success.
    public var errorResponseType: String?
    /// `$context.integration.error`, nil when the integration did not fail.
    public var integrationError: String?
}

/// Renders an access-log format: every `$context.<name>` is replaced by its value (JSON-escaped,
/// since formats are usually JSON), `-` when the value is missing, as API Gateway writes it.
///
/// `$context.responseTime` (used by the seed) is not an API Gateway variable, so it renders as `-`;
/// the latency variable is `$context.responseLatency`.
public enum AccessLogFormatter {
    public static func render(format: String, record: AccessLogRecord) -> String {
        var out: [UInt8] = []
        let bytes = Array(format.utf8)
        let marker = Array("$context.".utf8)
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "$"), bytes.count - i >= marker.count, Array(bytes[i..<i + marker.count]) == marker {
                var j = i + marker.count
                while j < bytes.count, isNameByte(bytes[j]) { j += 1 }
                while j > i + marker.count, bytes[j - 1] == UInt8(ascii: ".") { j -= 1 }
                let name = String(decoding: bytes[(i + marker.count)..<j], as: UTF8.self)
                JSONValue.appendEscaped(value(name, record) ?? "-", to: &out)
                i = j
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func isNameByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == UInt8(ascii: ".")
            || b == UInt8(ascii: "_")
    }

    /// The value of one `$context` variable, or nil when AWS would write `-`.
    public static func value(_ name: String, _ r: AccessLogRecord) -> String? {
        let c = r.context
        switch name {
        case "requestId": return c.requestID
        case "extendedRequestId": return c.extendedRequestID
        case "apiId": return c.apiID
        case "accountId": return c.accountID
        case "stage": return c.stage
        case "deploymentId": return c.deploymentID
        case "domainName": return c.domainName
        case "domainPrefix": return c.domainName.split(separator: ".").first.map(String.init)
        case "httpMethod": return c.httpMethod
        case "resourcePath": return c.resourcePath
        case "resourceId": return c.resourceID
        case "path": return c.path
        case "protocol": return c.protocolVersion
        case "requestTime": return UTCTime(epochMillis: c.epochMillis).commonLogFormat
        case "requestTimeEpoch": return String(c.epochMillis)
        case "identity.sourceIp": return c.sourceIP
        case "identity.userAgent": return c.userAgent
        case "identity.apiKey": return c.apiKey?.value
        case "identity.apiKeyId": return c.apiKey?.id
        case "xrayTraceId": return c.tracingEnabled ? (c.traceID.hasPrefix("Root=") ? String(c.traceID.dropFirst(5)) : c.traceID) : nil
        case "status": return String(r.status)
        case "responseLength": return String(r.responseLength)
        case "responseLatency": return String(r.responseLatencyMillis)
        case "integrationLatency", "integration.latency": return r.integrationLatencyMillis.map { String($0) }
        case "integrationStatus", "integration.integrationStatus": return r.integrationStatus.map { String($0) }
        case "integration.status": return r.integrationResponseStatus.map { String($0) }
        case "integration.error", "integrationErrorMessage": return r.integrationError
        case "error.message", "error.messageString":
            guard let m = r.errorMessage else { return nil }
            return name == "error.messageString" ? "\"\(m)\"" : m
        case "error.responseType": return r.errorResponseType
        default: return nil  // identity.caller, identity.user, identity.accountId, ... are null for NONE auth
        }
    }
}
