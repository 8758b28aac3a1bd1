/// A deployed stage of a REST API: name, deployment, stage variables, throttling and access logs.
///
/// Requests address a stage as the first path segment (`/prod/users`); the stage's throttle is the
/// default method throttle (the seed's `method_settings "*/*"`), one token bucket per method, and its
/// access-log settings decide where lines go.
public struct Stage: Sendable, Equatable {
    public var name: String
    public var deploymentID: String
    public var variables: [String: String]
    public var throttle: ThrottleSettings?
    public var accessLog: AccessLogSettings?
    public var tracingEnabled: Bool

    public init(
        name: String, deploymentID: String, variables: [String: String] = [:], throttle: ThrottleSettings? = nil,
        accessLog: AccessLogSettings? = nil, tracingEnabled: Bool = false
    ) {
        self.name = name
        self.deploymentID = deploymentID
        self.variables = variables
        self.throttle = throttle
        self.accessLog = accessLog
        self.tracingEnabled = tracingEnabled
    }
}

/// A steady-state rate (requests per second) and a burst capacity, as API Gateway configures throttles.
public struct ThrottleSettings: Sendable, Equatable {
    public var rateLimit: Double
    public var burstLimit: Int

    public init(rateLimit: Double, burstLimit: Int) {
        self.rateLimit = rateLimit
        self.burstLimit = burstLimit
    }
}

/// Where a stage writes access logs (a CloudWatch log group name) and the `$context` format.
public struct AccessLogSettings: Sendable, Equatable {
    public var destinationLogGroup: String
    public var format: String {
        didSet { template = AccessLogTemplate(format) }
    }
    /// `format`, compiled once (kept in step with `format`).
    public private(set) var template: AccessLogTemplate

    public init(destinationLogGroup: String, format: String) {
        self.destinationLogGroup = destinationLogGroup
        self.format = format
        self.template = AccessLogTemplate(format)
    }

    /// The seed's format. Terraform's `jsonencode` sorts object keys, so this is the exact string the
    /// seed's `aws_api_gateway_stage.main` sends to AWS.
    public static let seedFormat =
        #"{"caller":"$context.identity.caller","error":"$context.error.message","#
        + #""extendedRequestId":"$context.extendedRequestId","httpMethod":"$context.httpMethod","#
        + #""integrationError":"$context.integration.error","ip":"$context.identity.sourceIp","#
        + #""protocol":"$context.protocol","requestId":"$context.requestId","requestTime":"$context.requestTime","#
        + #""resourcePath":"$context.resourcePath","responseLength":"$context.responseLength","#
        + #""responseTime":"$context.responseTime","status":"$context.status","user":"$context.identity.user"}"#

    /// The log group the seed creates for an API: `/aws/apigateway/<api-id>`.
    public static func seedLogGroup(apiID: String) -> String { "/aws/apigateway/\(apiID)" }
}
