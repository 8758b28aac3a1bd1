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
/// `$context.responseTime` (used by the seed's format) is not in API Gateway's variable list; the
/// seed means the response latency by it, so it renders as `$context.responseLatency` (ms)
/// instead of a `-` on every line.
public enum AccessLogFormatter {
    /// Renders `format` for `record` (compiling it first; stages keep a compiled `AccessLogTemplate`).
    public static func render(format: String, record: AccessLogRecord) -> String {
        AccessLogTemplate(format).render(record)
    }

    /// The value of one `$context` variable, or nil when AWS would write `-`.
    public static func value(_ name: String, _ r: AccessLogRecord) -> String? {
        AccessLogVariable(name: name)?.value(r)
    }
}
